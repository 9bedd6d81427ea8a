/**
 * Reads that derive rooms from the registry: the rooms screen in one query (directory joined with
 * the aggregate of active and pending cards and the work holding each room's line), one room's
 * cards with what is pending on them, and the room's history.
 */
import type { Operation, OperationKind } from '../../../shared/domain/operations';
import type { AuditEntry, CardRecord } from '../../../shared/domain/registry';
import type { PendingCardChange, RoomCard, RoomEntry, RoomState, RoomSummary, RoomWork } from '../../../shared/domain/rooms';
import { stationError, type CodeSuffix } from '../../../shared/errors';
import type { AuditReader } from '../audit/audit-log';
import { rowToOperation } from '../outbox/operation-store';
import type { OperationReader } from '../outbox/operation-store';
import { directoryRoomSubject, lockSubject, roomSubject } from '../outbox/subject';
import { explainWait } from '../outbox/waiting';
import { rowToCard } from '../registry/card-store';
import { cardSubjectsOf } from '../registry/service';
import { statementCache, type ReadableDB } from '../store/database';
import { cardKindOf, cardLabelOf } from './card-kinds';
import { rowToRoom } from './directory-store';

/** Registry statuses that make a card part of the stay. */
export const STAY_STATUSES = ['active', 'frozen', 'pending'] as const;

const ROOM_KEY_OF_CARD = `(IFNULL(c.build_no, '') || '-' || IFNULL(c.floor_no, '') || '-' || c.room_no)`;

/** vacant / occupied / due out today / overstayed, from the stay's cards and the wall clock (`YYYY-MM-DDTHH:mm`). */
export function roomStateOf(cards: { active: number; pending: number }, stayEnd: string | undefined, now: string): RoomState {
  if (cards.active + cards.pending === 0) return 'vacant';
  if (stayEnd && stayEnd <= now) return 'overstay';
  if (stayEnd && stayEnd.slice(0, 10) === now.slice(0, 10)) return 'due-out';
  return 'occupied';
}

/** The revoking kinds, and the catalogue word for "until it reaches the cloud the card still opens". */
const STOPPING: Partial<Record<OperationKind, CodeSuffix<'rooms.still-opens.'>>> = {
  'uclbrt.qr.reportLost': 'loss',
  'uclbrt.qr.cancel': 'cancel',
  'uclbrt.prox.cancel': 'cancel',
  'tuya.delete': 'delete',
  'tuya.freeze': 'freeze',
};

interface SummaryRow {
  active: number | null;
  pending: number | null;
  stay_end: string | null;
  queued: number | null;
  failed: number | null;
  uncertain: number | null;
}

/** Sorts "2" before "10" and ignores case: digit runs padded, letters lower-cased (cheaper than a collator per comparison). */
const natural = (s: string | undefined) => (s ?? '').toLowerCase().replace(/\d+/g, (d) => d.padStart(12, '0'));
const placeKey = (r: RoomEntry) => `${natural(r.buildNo)}\u0000${natural(r.floorNo)}\u0000${natural(r.roomNo)}`;

function byPlace<T extends RoomEntry>(rooms: T[]): T[] {
  const keyed = rooms.map((room) => ({ room, key: placeKey(room) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.room);
}

export interface RoomFilter {
  /** A floor number, or `building-floor`. */
  floor?: string;
  state?: RoomState;
  /** Display name or key prefix (type-ahead). */
  query?: string;
  key?: string;
}

/**
 * What the site adds to a room's answers once the desk belongs to one: the other desks' cards of
 * the room (site/hotel-cards.ts) and their open operations on a card.
 */
export interface HotelRooms {
  inSite(): boolean;
  stayCardsOf(room: RoomEntry, deviceId: string | undefined, local: readonly CardRecord[]): CardRecord[];
  stayCardsByRoom(local: readonly CardRecord[], roomOfLock: (deviceId: string) => string | undefined): Map<string, CardRecord[]>;
  /** Operations of other desks still open on the card, oldest first. */
  pendingElsewhere(card: CardRecord): Operation[];
}

export class RoomQueries {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: ReadableDB,
    private readonly operations: OperationReader,
    private readonly audit: AuditReader,
    private readonly hotel?: HotelRooms,
  ) {
    this.sql = statementCache(db);
  }

  private get inSite(): boolean {
    return this.hotel?.inSite() ?? false;
  }

  /**
   * Every room matching the filter with its state, in one SQL statement: the directory joined with
   * its cards' aggregate (UCLBRT cards by their room, Tuya cards by their lock) and its line's work.
   */
  summaries(filter: RoomFilter, now: string): RoomSummary[] {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (filter.key) {
      where.push('r.key = @key');
      params.key = filter.key;
    }
    if (filter.floor) {
      const [first, second] = filter.floor.split('-');
      if (second !== undefined) {
        where.push("IFNULL(r.build_no, '') = @build AND IFNULL(r.floor_no, '') = @floor");
        params.build = first;
        params.floor = second;
      } else {
        where.push("IFNULL(r.floor_no, '') = @floor");
        params.floor = first;
      }
    }
    if (filter.query) {
      where.push(`(r.display_name LIKE @prefix ESCAPE '\\' OR r.key LIKE @prefix ESCAPE '\\' OR r.room_no LIKE @prefix ESCAPE '\\')`);
      params.prefix = `${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const one = filter.key !== undefined;
    // For one room the aggregates are narrowed to it first; for the list they are computed once for all.
    const cardsWhere = one ? `AND ${ROOM_KEY_OF_CARD} = @key` : '';
    const tuyaWhere = one ? 'AND r2.key = @key' : '';
    const workWhere = one ? 'AND s.subject = @line' : `AND s.subject >= 'room:' AND s.subject < 'room;'`;
    if (one) params.line = directoryRoomSubject(filter.key!);
    const rows = this.sql(
      `
      WITH stay_cards AS (
        SELECT ${ROOM_KEY_OF_CARD} AS key, c.status AS status, c.valid_to AS valid_to FROM cards c
        WHERE c.provider = 'uclbrt' AND c.room_no IS NOT NULL AND c.status IN ('active', 'frozen', 'pending') ${cardsWhere}
        UNION ALL
        SELECT r2.key, c.status, c.valid_to FROM cards c JOIN rooms r2 ON r2.tuya_device_id = c.device_id
        WHERE c.provider = 'tuya' AND c.status IN ('active', 'frozen', 'pending') ${tuyaWhere}
      ),
      card_totals AS MATERIALIZED (
        SELECT key, SUM(status <> 'pending') AS active, SUM(status = 'pending') AS pending, MAX(valid_to) AS stay_end
        FROM stay_cards GROUP BY key
      ),
      work AS MATERIALIZED (
        SELECT s.subject AS line, SUM(o.state IN ('queued', 'sending')) AS queued, SUM(o.state = 'failed') AS failed, SUM(o.state = 'uncertain') AS uncertain
        FROM operation_subjects s INDEXED BY operation_subjects_line JOIN operations o ON o.seq = s.seq
        WHERE s.hold > 0 ${workWhere}
        GROUP BY s.subject
      )
      SELECT r.*, t.active, t.pending, t.stay_end, w.queued, w.failed, w.uncertain
      FROM rooms r LEFT JOIN card_totals t ON t.key = r.key LEFT JOIN work w ON w.line = 'room:' || r.key
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    ).all(params) as (Parameters<typeof rowToRoom>[0] & SummaryRow)[];
    const hotel = this.inSite
      ? this.hotelStays(
          rows.map((r) => rowToRoom(r)),
          one,
        )
      : undefined;
    const items = rows.map((row) => {
      const stay = hotel?.get(row.key) ?? (hotel ? [] : undefined);
      const cards = stay
        ? { active: stay.filter((c) => c.status !== 'pending').length, pending: stay.filter((c) => c.status === 'pending').length }
        : { active: row.active ?? 0, pending: row.pending ?? 0 };
      const work: RoomWork = { queued: row.queued ?? 0, failed: row.failed ?? 0, uncertain: row.uncertain ?? 0 };
      const end = stay
        ? stay
            .map((c) => c.validTo ?? '')
            .sort()
            .at(-1) || undefined
        : (row.stay_end ?? undefined);
      const stayEnd = cards.active + cards.pending > 0 ? end : undefined;
      const summary: RoomSummary = { ...rowToRoom(row), state: roomStateOf(cards, stayEnd, now), cards, work };
      if (stayEnd) summary.stayEnd = stayEnd;
      return summary;
    });
    const filtered = filter.state ? items.filter((s) => s.state === filter.state) : items;
    return byPlace(filtered);
  }

  summary(key: string, now: string): RoomSummary | undefined {
    return this.summaries({ key }, now)[0];
  }

  /** In a site: every room's stay cards hotel-wide (one room's alone when `one`). */
  private hotelStays(rooms: RoomEntry[], one: boolean): Map<string, CardRecord[]> {
    if (one) {
      const room = rooms[0];
      return new Map(room ? [[room.key, this.stayCards(room)]] : []);
    }
    const local = (
      this.sql(`SELECT * FROM cards WHERE status IN ('active', 'frozen', 'pending')`).all() as Parameters<typeof rowToCard>[0][]
    ).map(rowToCard);
    const lock = new Map(rooms.filter((r) => r.tuya).map((r) => [r.tuya!.deviceId, r.key]));
    return this.hotel!.stayCardsByRoom(local, (deviceId) => lock.get(deviceId));
  }

  /** The room's cards that open it or are about to (active, frozen, pending): hotel-wide in a site. */
  stayCards(room: RoomEntry): CardRecord[] {
    const local = this.cardsOf(room, STAY_STATUSES);
    return this.hotel && this.inSite ? this.hotel.stayCardsOf(room, room.tuya?.deviceId, local) : local;
  }

  /** The room's cards: every card of its UCLBRT room and of its Tuya lock, in the given statuses (all when none). */
  cardsOf(room: RoomEntry, statuses?: readonly string[], limit = 500): CardRecord[] {
    const statusClause = statuses?.length ? `AND c.status IN (${statuses.map((s) => `'${s}'`).join(', ')})` : '';
    const rows = this.sql(
      `
      SELECT c.* FROM cards c WHERE c.provider = 'uclbrt' AND c.room_no IS NOT NULL AND ${ROOM_KEY_OF_CARD} = @key ${statusClause}
      UNION ALL
      SELECT c.* FROM cards c WHERE c.provider = 'tuya' AND c.device_id = @device ${statusClause}
      ORDER BY updated_at DESC LIMIT @limit`,
    ).all({ key: room.key, device: room.tuya?.deviceId ?? '\u0000', limit }) as Parameters<typeof rowToCard>[0][];
    return rows.map(rowToCard);
  }

  /**
   * Operations not done yet for this card (its issue, a revoke, a new validity), oldest first;
   * in a site, the other desks' after this desk's.
   */
  pendingFor(card: CardRecord): PendingCardChange[] {
    const own = this.ownPendingFor(card);
    if (!this.hotel || !this.inSite) return own;
    return [...own, ...this.hotel.pendingElsewhere(card).map((op) => this.pendingChange(card, op))];
  }

  private ownPendingFor(card: CardRecord): PendingCardChange[] {
    const subjects = cardSubjectsOf(card);
    const origin =
      (this.sql('SELECT origin_operation_id AS id FROM cards WHERE id = ?').get(card.id) as { id: string | null } | undefined)?.id ?? null;
    const rows = this.sql(
      `
      SELECT o.* FROM operations o
      WHERE o.state IN ('queued', 'sending', 'failed', 'uncertain')
        AND (o.id = @origin OR o.seq IN (SELECT seq FROM operation_subjects WHERE subject IN (${subjects.map((_, i) => `@s${i}`).join(', ') || "''"})))
      ORDER BY o.position, o.seq`,
    ).all({ origin, ...Object.fromEntries(subjects.map((s, i) => [`s${i}`, s])) }) as Parameters<typeof rowToOperation>[0][];
    return rows.map((row) => this.pendingChange(card, explainWait(this.operations, rowToOperation(row))));
  }

  roomCard(card: CardRecord): RoomCard {
    return { ...card, kind: cardKindOf(card), label: cardLabelOf(card), pending: this.pendingFor(card) };
  }

  /** The room's activity, newest first: its lines, its cards' lines and their issues. */
  history(room: RoomEntry, limit = 100): AuditEntry[] {
    const cards = this.cardsOf(room, undefined, 50);
    const subjects = new Set<string>([directoryRoomSubject(room.key), roomSubject(room)]);
    if (room.tuya) subjects.add(lockSubject(room.tuya.deviceId));
    for (const card of cards) for (const s of cardSubjectsOf(card)) subjects.add(s);
    const origins = cards
      .map((c) => (this.sql('SELECT origin_operation_id AS id FROM cards WHERE id = ?').get(c.id) as { id: string | null }).id)
      .filter((id): id is string => Boolean(id));
    return this.audit.historyOf([...subjects], origins, limit);
  }

  private pendingChange(card: CardRecord, op: Operation): PendingCardChange {
    const change = STOPPING[op.kind];
    const stillOpens = Boolean(change) && (card.status === 'active' || (card.status === 'frozen' && op.kind !== 'tuya.freeze'));
    const label = cardLabelOf(card);
    return {
      operationId: op.id,
      kind: op.kind,
      state: op.state,
      ...(op.waitingFor ? { waitingFor: op.waitingFor } : {}),
      ...(op.lastError ? { lastError: op.lastError } : {}),
      stillOpens,
      ...(stillOpens && change ? { notice: stationError(`rooms.still-opens.${change}`, { card: label }) } : {}),
    };
  }
}
