/** Reports the desk runs: rooms due out today, overstays, cards that run out within N hours; and their CSV. */
import type { RoomReport, RoomReportKind, RoomReportRow, RoomSummary } from '../../../shared/domain/rooms';
import { csvLine } from '../audit/csv';
import { instantToZonedWallTime, zonedWallTimeToInstant } from '../cloud/uclbrt/time';
import { statementCache, type StationDatabase } from '../store/database';
import { rowToCard } from '../registry/card-store';
import { cardKindOf, cardLabelOf } from './card-kinds';

export const REPORT_CSV_COLUMNS = ['room', 'room_key', 'state', 'stay_end', 'card_kind', 'card', 'valid_to', 'holder_mobile'] as const;

export interface ReportDeps {
  db: StationDatabase;
  summaries: () => RoomSummary[];
  now: () => number;
  zone: () => string;
}

export class RoomReports {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly deps: ReportDeps) {
    this.sql = statementCache(deps.db);
  }

  make(report: RoomReportKind, hours = 24): RoomReport {
    const generatedAt = new Date(this.deps.now()).toISOString();
    if (report === 'expiring') return { report, generatedAt, hours, rows: this.expiring(hours) };
    const state = report === 'due-out' ? 'due-out' : 'overstay';
    const rows: RoomReportRow[] = this.deps
      .summaries()
      .filter((s) => s.state === state)
      .map((s) => ({ roomKey: s.key, roomName: s.displayName, state: s.state, ...(s.stayEnd ? { stayEnd: s.stayEnd } : {}) }));
    return { report, generatedAt, rows };
  }

  csv(report: RoomReport): string {
    return (
      csvLine(REPORT_CSV_COLUMNS) +
      report.rows
        .map((r) => csvLine([r.roomName, r.roomKey, r.state, r.stayEnd, r.cardKind, r.cardLabel, r.validTo, r.holderMobile]))
        .join('')
    );
  }

  /** Active cards whose validity ends between now and `hours` from now, soonest first, with their rooms. */
  private expiring(hours: number): RoomReportRow[] {
    const zone = this.deps.zone();
    const now = instantToZonedWallTime(this.deps.now(), zone);
    const until = instantToZonedWallTime(zonedWallTimeToInstant(now, zone) + hours * 3_600_000, zone);
    const summaries = new Map(this.deps.summaries().map((s) => [s.key, s]));
    const rows = this.sql(
      `
      SELECT c.*, COALESCE(r.key, rt.key) AS room_key FROM cards c
      LEFT JOIN rooms r ON c.provider = 'uclbrt' AND c.room_no IS NOT NULL
        AND r.key = (IFNULL(c.build_no, '') || '-' || IFNULL(c.floor_no, '') || '-' || c.room_no)
      LEFT JOIN rooms rt ON c.provider = 'tuya' AND rt.tuya_device_id = c.device_id
      WHERE c.status IN ('active', 'frozen') AND c.valid_to > @now AND c.valid_to <= @until
      ORDER BY c.valid_to`,
    ).all({ now, until }) as (Parameters<typeof rowToCard>[0] & { room_key: string | null })[];
    return rows.flatMap((row) => {
      const card = rowToCard(row);
      const room = row.room_key ? summaries.get(row.room_key) : undefined;
      if (!room) return [];
      return [
        {
          roomKey: room.key,
          roomName: room.displayName,
          state: room.state,
          ...(room.stayEnd ? { stayEnd: room.stayEnd } : {}),
          cardId: card.id,
          cardKind: cardKindOf(card),
          cardLabel: cardLabelOf(card),
          ...(card.validTo ? { validTo: card.validTo } : {}),
          ...(card.holderMobile ? { holderMobile: card.holderMobile } : {}),
        },
      ];
    });
  }
}
