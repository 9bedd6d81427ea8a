import { randomUUID } from 'node:crypto';
import type { ProviderId } from '../../../shared/domain/cloud';
import type { CardRecord, CardStatus } from '../../../shared/domain/registry';
import { cardFactType, type CardSnapshot } from '../../../shared/site/facts';
import type { FactRecorder } from '../site/fact-log';
import { statementCache, type WritableDB } from '../store/database';

interface CardRow {
  id: string;
  provider: ProviderId;
  card_no: string | null;
  serial_num: string | null;
  lock_card_id: string | null;
  device_id: string | null;
  build_no: string | null;
  floor_no: string | null;
  room_no: string | null;
  holder_mobile: string | null;
  holder_area_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  status: CardStatus;
  created_at: string;
  updated_at: string;
  last_operation_id: string | null;
  origin_operation_id: string | null;
}

/** The fields of a card that outcomes change. */
export type CardFields = Omit<CardRecord, 'id' | 'createdAt' | 'updatedAt' | 'lastOperationId'>;

const COLUMN_OF: Record<Exclude<keyof CardFields, 'provider' | 'status'>, keyof CardRow> = {
  cardNo: 'card_no',
  serialNum: 'serial_num',
  lockCardId: 'lock_card_id',
  deviceId: 'device_id',
  buildNo: 'build_no',
  floorNo: 'floor_no',
  roomNo: 'room_no',
  holderMobile: 'holder_mobile',
  holderAreaCode: 'holder_area_code',
  validFrom: 'valid_from',
  validTo: 'valid_to',
};

export function rowToCard(row: CardRow): CardRecord {
  const card: CardRecord = { id: row.id, provider: row.provider, status: row.status, createdAt: row.created_at, updatedAt: row.updated_at };
  for (const [field, column] of Object.entries(COLUMN_OF) as [keyof typeof COLUMN_OF, keyof CardRow][]) {
    const v = row[column];
    if (v !== null && v !== undefined) (card as unknown as Record<string, unknown>)[field] = v;
  }
  if (row.last_operation_id) card.lastOperationId = row.last_operation_id;
  return card;
}

/** A card as the site sees it: the registry record and the issue it came from. */
function rowToSnapshot(row: CardRow): CardSnapshot {
  const card = rowToCard(row);
  return row.origin_operation_id ? { ...card, originOperationId: row.origin_operation_id } : { ...card };
}

/** The highest string sharing a prefix, for index-friendly prefix ranges. */
const prefixEnd = (q: string): string => `${q}\uffff`;

/** What reading the registry needs (read-only command-line tools get only this). */
export type CardReader = Pick<
  CardStore,
  | 'byId'
  | 'byOrigin'
  | 'originOf'
  | 'byCardNo'
  | 'bySerialNum'
  | 'byLockCard'
  | 'activeQrCardsInRoom'
  | 'usableInRoom'
  | 'usableOnLock'
  | 'search'
  | 'count'
  | 'all'
>;

/**
 * The card registry table: lookups by each identity, upserts from outcomes, and search. Every
 * change is also a site fact (`card.issued`, `card.changed`, `card.revoked`) in the same transaction.
 */
export class CardStore {
  private readonly searchStmt;

  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: WritableDB,
    private readonly facts?: FactRecorder,
  ) {
    this.sql = statementCache(db);
    // Each branch is one index range; UNION keeps the plan index-only even at 100,000 cards.
    this.searchStmt = db.prepare(`
      SELECT * FROM cards WHERE rowid IN (
        SELECT rowid FROM cards WHERE card_no >= @q AND card_no < @qEnd
        UNION SELECT rowid FROM cards WHERE serial_num >= @qUpper AND serial_num < @qUpperEnd
        UNION SELECT rowid FROM cards WHERE lock_card_id >= @q AND lock_card_id < @qEnd
        UNION SELECT rowid FROM cards WHERE room_no = @q
        UNION SELECT rowid FROM cards WHERE holder_mobile >= @q AND holder_mobile < @qEnd
        UNION SELECT rowid FROM cards WHERE holder_mobile IS NOT NULL AND substr(holder_mobile, -4) = @q
      )
      ORDER BY updated_at DESC
      LIMIT @limit`);
  }

  byId(id: string): CardRecord | undefined {
    return this.one('SELECT * FROM cards WHERE id = ?', id);
  }

  byOrigin(operationId: string): CardRecord | undefined {
    return this.one('SELECT * FROM cards WHERE origin_operation_id = ?', operationId);
  }

  originOf(id: string): string | undefined {
    const row = this.sql('SELECT origin_operation_id AS origin FROM cards WHERE id = ?').get(id) as { origin: string | null } | undefined;
    return row?.origin ?? undefined;
  }

  byCardNo(cardNo: string): CardRecord | undefined {
    return this.one(`SELECT * FROM cards WHERE card_no = ? ORDER BY updated_at DESC LIMIT 1`, cardNo);
  }

  bySerialNum(provider: ProviderId, serialNum: string, deviceId?: string): CardRecord | undefined {
    return deviceId
      ? this.one(
          `SELECT * FROM cards WHERE serial_num = ? AND provider = ? AND device_id = ? ORDER BY updated_at DESC LIMIT 1`,
          serialNum.toUpperCase(),
          provider,
          deviceId,
        )
      : this.one(
          `SELECT * FROM cards WHERE serial_num = ? AND provider = ? ORDER BY updated_at DESC LIMIT 1`,
          serialNum.toUpperCase(),
          provider,
        );
  }

  byLockCard(deviceId: string, lockCardId: string): CardRecord | undefined {
    return this.one(`SELECT * FROM cards WHERE lock_card_id = ? AND device_id = ? ORDER BY updated_at DESC LIMIT 1`, lockCardId, deviceId);
  }

  /** QR cards of one room that are still usable (whole-room loss reports). */
  activeQrCardsInRoom(room: { buildNo?: string; floorNo?: string; roomNo: string }): CardRecord[] {
    const rows = this.sql(
      `SELECT * FROM cards WHERE room_no = @roomNo AND IFNULL(build_no, '') = @buildNo AND IFNULL(floor_no, '') = @floorNo
         AND provider = 'uclbrt' AND card_no IS NOT NULL AND status IN ('active', 'frozen')`,
    ).all({ roomNo: room.roomNo, buildNo: room.buildNo ?? '', floorNo: room.floorNo ?? '' }) as CardRow[];
    return rows.map(rowToCard);
  }

  /** Cards of one room (any cloud that records the room) that still open its door. */
  usableInRoom(room: { buildNo?: string; floorNo?: string; roomNo: string }): CardRecord[] {
    const rows = this.sql(
      `SELECT * FROM cards WHERE room_no = @roomNo AND IFNULL(build_no, '') = @buildNo AND IFNULL(floor_no, '') = @floorNo
         AND status IN ('active', 'frozen') ORDER BY created_at`,
    ).all({ roomNo: room.roomNo, buildNo: room.buildNo ?? '', floorNo: room.floorNo ?? '' }) as CardRow[];
    return rows.map(rowToCard);
  }

  /** Tuya cards of one lock that still open it. */
  usableOnLock(deviceId: string): CardRecord[] {
    const rows = this.sql(
      `SELECT * FROM cards WHERE provider = 'tuya' AND device_id = ? AND lock_card_id IS NOT NULL AND status IN ('active', 'frozen') ORDER BY created_at`,
    ).all(deviceId) as CardRow[];
    return rows.map(rowToCard);
  }

  insert(fields: CardFields, at: string, operationId: string | undefined, originOperationId?: string): CardRecord {
    const id = randomUUID();
    const row: Record<string, unknown> = {
      id,
      provider: fields.provider,
      status: fields.status,
      created_at: at,
      updated_at: at,
      last_operation_id: operationId ?? null,
      origin_operation_id: originOperationId ?? null,
    };
    for (const [field, column] of Object.entries(COLUMN_OF)) {
      const v = fields[field as keyof typeof COLUMN_OF];
      row[column] = v === undefined ? null : field === 'serialNum' ? v.toUpperCase() : v;
    }
    const columns = Object.keys(row);
    this.sql(`INSERT INTO cards (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
    return this.changed(id, at, true);
  }

  /** Changes the given fields only; undefined ones keep their value. */
  update(id: string, patch: Partial<CardFields> & { originOperationId?: string }, at: string, operationId: string | undefined): CardRecord {
    const sets = ['updated_at = @at'];
    const params: Record<string, unknown> = { id, at };
    if (operationId !== undefined) {
      sets.push('last_operation_id = @operationId');
      params.operationId = operationId;
    }
    if (patch.status !== undefined) {
      sets.push('status = @status');
      params.status = patch.status;
    }
    if (patch.originOperationId !== undefined) {
      sets.push('origin_operation_id = @origin');
      params.origin = patch.originOperationId;
    }
    for (const [field, column] of Object.entries(COLUMN_OF)) {
      const v = patch[field as keyof typeof COLUMN_OF];
      if (v === undefined) continue;
      sets.push(`${column} = @${column}`);
      params[column] = field === 'serialNum' ? v.toUpperCase() : v;
    }
    this.sql(`UPDATE cards SET ${sets.join(', ')} WHERE id = @id`).run(params);
    return this.changed(id, at, false);
  }

  /** Every card, oldest first (what a desk joining a site tells it it has). */
  all(): CardRecord[] {
    return (this.sql('SELECT * FROM cards ORDER BY created_at, id').all() as CardRow[]).map(rowToCard);
  }

  /** Every card as a site snapshot (with the issue it came from). */
  snapshots(): CardSnapshot[] {
    return (this.sql('SELECT * FROM cards ORDER BY created_at, id').all() as CardRow[]).map(rowToSnapshot);
  }

  /** The card after a change, told to the site. */
  private changed(id: string, at: string, isNew: boolean): CardRecord {
    const row = this.sql('SELECT * FROM cards WHERE id = ?').get(id) as CardRow;
    this.facts?.record(() => {
      const card = rowToSnapshot(row);
      return { type: cardFactType(card.status, isNew), at, card };
    });
    return rowToCard(row);
  }

  search(query: string, limit: number): CardRecord[] {
    const q = query.trim();
    // `building-floor-room` (as the desk writes it) narrows to that room.
    const room = /^([^-\s]+)-([^-\s]+)-([^-\s]+)$/.exec(q);
    if (room) {
      const rows = this.sql(
        `SELECT * FROM cards WHERE room_no = @roomNo AND IFNULL(build_no, '') = @buildNo AND IFNULL(floor_no, '') = @floorNo ORDER BY updated_at DESC LIMIT @limit`,
      ).all({ buildNo: room[1], floorNo: room[2], roomNo: room[3], limit }) as CardRow[];
      if (rows.length) return rows.map(rowToCard);
    }
    const qUpper = q.toUpperCase();
    const rows = this.searchStmt.all({ q, qEnd: prefixEnd(q), qUpper, qUpperEnd: prefixEnd(qUpper), limit }) as CardRow[];
    return rows.map(rowToCard);
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM cards').get() as { n: number }).n;
  }

  private one(sql: string, ...params: unknown[]): CardRecord | undefined {
    const row = this.sql(sql).get(...params) as CardRow | undefined;
    return row ? rowToCard(row) : undefined;
  }
}
