/**
 * The site view: every desk's facts (this desk's included) merged into tables that answer
 * hotel-wide questions: the registry of cards, the room directory, operators, operations (who
 * holds what, who adopted what) and the activity log.
 *
 * The merge is deterministic: the same set of facts gives the same tables whatever order they
 * arrive in and however often each arrives (test/site/merge.property.test.ts). Each table is a
 * set of registers, each register keeps the value with the highest version, and versions are
 * totally ordered and carried by the fact itself:
 * - a card or an operation is changed only by the desk that keeps it (a card row's id is that
 *   desk's UUID; an operation's facts come from the desk that accepted it), so its version is
 *   that desk's `station|station_seq`: the desk's own order, immune to clock skew;
 * - rooms and operators may be edited at any desk: last writer wins by `at|station|station_seq`;
 * - activity entries are a set keyed by `(station, station_seq)`;
 * - an adoption is a register of its own (the lowest adopting station wins; the site database
 *   lets only one adopt, so there is never a second).
 * What depends on several registers (a whole-room loss report that revokes the room's earlier
 * QR cards, several desks' rows for one physical card) is worked out when read, not when applied.
 */
import type { CardRecord } from '../../../shared/domain/registry';
import type { AuditEntry } from '../../../shared/domain/registry';
import type { Fact, FactOf, OperatorSnapshot, RoomSnapshot } from '../../../shared/site/facts';
import { statementCache, type StationDatabase } from '../store/database';
import { activityWhere } from '../audit/activity-where';

const pad = (n: number) => String(n).padStart(15, '0');
/** Order of one desk's own changes. */
export const ownerVersion = (stationId: string, seq: number) => `${stationId}|${pad(seq)}`;
/** Order of changes any desk may make: time, then desk, then the desk's order. */
export const timeVersion = (at: string, stationId: string, seq: number) => `${new Date(at).toISOString()}|${stationId}|${pad(seq)}`;

/** A card of the site view: the registry record and the desk that keeps it. */
export interface SiteCard extends CardRecord {
  stationId: string;
  originOperationId?: string;
}

export interface SiteOperation {
  id: string;
  stationId: string;
  kind?: string;
  input?: Record<string, unknown>;
  subjects?: string[];
  roomKey?: string;
  operator?: string;
  createdAt?: string;
  state: string;
  stateAt: string;
  adoptedBy?: string;
  adoptedAs?: string;
}

export interface SiteActivityEntry extends Omit<AuditEntry, 'seq'> {
  stationId: string;
  stationSeq: number;
}

const CARD_COLUMNS = {
  provider: 'provider',
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
  status: 'status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  lastOperationId: 'last_operation_id',
  originOperationId: 'origin_operation_id',
} as const;

type Row = Record<string, string | number | null>;

function rowToCard(row: Row): SiteCard {
  const card: Record<string, unknown> = { id: row.id, stationId: row.station_id };
  for (const [field, column] of Object.entries(CARD_COLUMNS))
    if (row[column] !== null && row[column] !== undefined) card[field] = row[column];
  return card as unknown as SiteCard;
}

/** The room of an operation's lines: `uclbrt:room:KEY`, or a directory room line `room:KEY`. */
export function roomKeyOfSubjects(subjects: readonly string[]): string | undefined {
  for (const s of subjects) {
    const m = /^(?:uclbrt:)?room:(.+)$/.exec(s);
    if (m) return m[1];
  }
  return undefined;
}

/** What one physical card is called, whichever desk keeps a row for it. */
export function identityOf(card: Pick<CardRecord, 'id' | 'provider' | 'cardNo' | 'serialNum' | 'deviceId' | 'lockCardId'>): string {
  if (card.provider === 'uclbrt' && card.cardNo) return `qr:${card.cardNo}`;
  if (card.provider === 'uclbrt' && card.serialNum) return `prox:${card.serialNum.toUpperCase()}`;
  if (card.provider === 'tuya' && card.deviceId && card.lockCardId) return `tuya:${card.deviceId}:${card.lockCardId}`;
  if (card.provider === 'tuya' && card.deviceId && card.serialNum) return `tuya:${card.deviceId}:serial:${card.serialNum.toUpperCase()}`;
  return `id:${card.id}`;
}

/** The rows of every desk that identityOf calls the same physical card. */
function identityWhere(card: Pick<CardRecord, 'id' | 'provider' | 'cardNo' | 'serialNum' | 'deviceId' | 'lockCardId'>): {
  where: string;
  params: unknown[];
} {
  if (card.provider === 'uclbrt' && card.cardNo) return { where: `provider = 'uclbrt' AND card_no = ?`, params: [card.cardNo] };
  if (card.provider === 'uclbrt' && card.serialNum)
    return { where: `provider = 'uclbrt' AND card_no IS NULL AND serial_num = ?`, params: [card.serialNum.toUpperCase()] };
  if (card.provider === 'tuya' && card.deviceId && card.lockCardId)
    return { where: `provider = 'tuya' AND device_id = ? AND lock_card_id = ?`, params: [card.deviceId, card.lockCardId] };
  if (card.provider === 'tuya' && card.deviceId && card.serialNum) {
    return {
      where: `provider = 'tuya' AND device_id = ? AND lock_card_id IS NULL AND serial_num = ?`,
      params: [card.deviceId, card.serialNum.toUpperCase()],
    };
  }
  return { where: 'id = ?', params: [card.id] };
}

/** Fields a newer row of a physical card may not know (a desk that only cancelled it never knew its room): taken from older rows. */
const FILLED_FROM_OLDER = [
  ['buildNo', 'floorNo', 'roomNo'],
  ['holderMobile', 'holderAreaCode'],
  ['validFrom'],
  ['validTo'],
  ['cardNo'],
  ['serialNum'],
  ['lockCardId'],
  ['deviceId'],
] as const;

const newer = (a: SiteCard, b: SiteCard) =>
  a.updatedAt !== b.updatedAt ? a.updatedAt > b.updatedAt : a.stationId !== b.stationId ? a.stationId > b.stationId : a.id > b.id;

const OPEN_STATES = ['queued', 'sending', 'failed', 'uncertain'];
const STAY = new Set<string>(['active', 'frozen', 'pending']);

/** A physical card from its rows, newest first: the newest row, with what it does not know from older ones, born with the oldest. */
function combined(rows: SiteCard[]): SiteCard {
  const card: SiteCard = { ...rows[0] };
  const target = card as unknown as Record<string, unknown>;
  for (const group of FILLED_FROM_OLDER) {
    if (group.some((f) => target[f] !== undefined)) continue;
    const older = rows.find((r) => group.some((f) => (r as unknown as Record<string, unknown>)[f] !== undefined));
    if (older)
      for (const f of group)
        if ((older as unknown as Record<string, unknown>)[f] !== undefined) target[f] = (older as unknown as Record<string, unknown>)[f];
  }
  for (const row of rows) if (row.createdAt < card.createdAt) card.createdAt = row.createdAt;
  return card;
}

export class SiteView {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: StationDatabase) {
    this.sql = statementCache(db);
  }

  /** Applies one fact of `stationId`'s log. Idempotent; call inside a transaction. */
  apply(stationId: string, seq: number, fact: Fact): void {
    switch (fact.type) {
      case 'card.issued':
      case 'card.changed':
      case 'card.revoked':
        return this.applyCard(stationId, seq, fact);
      case 'operation.accepted':
        return this.applyAccepted(stationId, seq, fact);
      case 'operation.state':
        return this.applyState(stationId, seq, fact);
      case 'operation.adopted':
        return this.applyAdopted(stationId, fact);
      case 'room.changed':
      case 'room.removed':
        return this.applyRoom(stationId, seq, fact);
      case 'operator.changed':
        return this.applyOperator(stationId, seq, fact);
      case 'audit.entry':
        return this.applyAudit(stationId, seq, fact);
    }
  }

  private applyCard(stationId: string, seq: number, fact: FactOf<'card.issued' | 'card.changed' | 'card.revoked'>): void {
    const c = fact.card;
    const row: Row = { id: c.id, station_id: stationId, version: ownerVersion(stationId, seq) };
    for (const [field, column] of Object.entries(CARD_COLUMNS)) {
      const v = (c as Record<string, unknown>)[field];
      row[column] = v === undefined ? null : field === 'serialNum' ? String(v).toUpperCase() : (v as string);
    }
    const columns = Object.keys(row);
    const updates = columns.filter((k) => k !== 'id').map((k) => `${k} = excluded.${k}`);
    this.sql(
      `INSERT INTO site_cards (${columns.join(', ')}) VALUES (${columns.map((k) => `@${k}`).join(', ')})
       ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')} WHERE excluded.version > site_cards.version`,
    ).run(row);
  }

  private applyAccepted(stationId: string, seq: number, fact: FactOf<'operation.accepted'>): void {
    const op = fact.operation;
    const version = ownerVersion(stationId, seq);
    this.sql(
      `INSERT INTO site_operations (id, station_id, kind, input, subjects, room_key, operator, created_at, accepted_version, state, state_at, state_version)
       VALUES (@id, @station, @kind, @input, @subjects, @roomKey, @operator, @createdAt, @version, 'queued', @at, @version)
       ON CONFLICT(id) DO UPDATE SET
         station_id = excluded.station_id, kind = excluded.kind, input = excluded.input, subjects = excluded.subjects,
         room_key = excluded.room_key, operator = excluded.operator, created_at = excluded.created_at, accepted_version = excluded.accepted_version
       WHERE site_operations.accepted_version IS NULL OR excluded.accepted_version > site_operations.accepted_version`,
    ).run({
      id: op.id,
      station: stationId,
      kind: op.kind,
      input: JSON.stringify(op.input),
      subjects: JSON.stringify(op.subjects),
      roomKey: roomKeyOfSubjects(op.subjects) ?? null,
      operator: op.operator,
      createdAt: op.createdAt,
      at: fact.at,
      version,
    });
    // Accepting is also a state (queued), ordered with the operation's other states.
    this.sql(
      `UPDATE site_operations SET state = 'queued', state_at = @at, state_version = @version, last_error = NULL, result = NULL WHERE id = @id AND state_version < @version`,
    ).run({
      id: op.id,
      at: fact.at,
      version,
    });
  }

  private applyState(stationId: string, seq: number, fact: FactOf<'operation.state'>): void {
    this.sql(
      `INSERT INTO site_operations (id, station_id, state, state_at, state_version, last_error, result)
       VALUES (@id, @station, @state, @at, @version, @lastError, @result)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, state_at = excluded.state_at, state_version = excluded.state_version,
         last_error = excluded.last_error, result = excluded.result
       WHERE excluded.state_version > site_operations.state_version`,
    ).run({
      id: fact.operationId,
      station: stationId,
      state: fact.state,
      at: fact.at,
      version: ownerVersion(stationId, seq),
      lastError: fact.lastError ? JSON.stringify(fact.lastError) : null,
      result: fact.result ? JSON.stringify(fact.result) : null,
    });
  }

  private applyAdopted(stationId: string, fact: FactOf<'operation.adopted'>): void {
    // A register of its own: the lowest (adopter, its operation, time) wins, whatever arrives first.
    this.sql(
      `INSERT INTO site_operations (id, station_id, state, state_at, state_version, adopted_by, adopted_as, adopted_at)
       VALUES (@id, @from, 'queued', '', '', @by, @as, @at)
       ON CONFLICT(id) DO UPDATE SET adopted_by = excluded.adopted_by, adopted_as = excluded.adopted_as, adopted_at = excluded.adopted_at
       WHERE site_operations.adopted_by IS NULL
         OR (excluded.adopted_by, excluded.adopted_as, excluded.adopted_at) < (site_operations.adopted_by, site_operations.adopted_as, site_operations.adopted_at)`,
    ).run({ id: fact.operationId, from: fact.fromStation, at: fact.at, by: stationId, as: fact.asOperationId });
  }

  private applyRoom(stationId: string, seq: number, fact: FactOf<'room.changed' | 'room.removed'>): void {
    const key = fact.type === 'room.changed' ? fact.room.key : fact.key;
    this.sql(
      `INSERT INTO site_rooms (key, version, removed, body) VALUES (@key, @version, @removed, @body)
       ON CONFLICT(key) DO UPDATE SET version = excluded.version, removed = excluded.removed, body = excluded.body
       WHERE excluded.version > site_rooms.version`,
    ).run({
      key,
      version: timeVersion(fact.at, stationId, seq),
      removed: fact.type === 'room.removed' ? 1 : 0,
      body: fact.type === 'room.changed' ? JSON.stringify(fact.room) : null,
    });
  }

  private applyOperator(stationId: string, seq: number, fact: FactOf<'operator.changed'>): void {
    this.sql(
      `INSERT INTO site_operators (name, version, body) VALUES (@name, @version, @body)
       ON CONFLICT(name) DO UPDATE SET version = excluded.version, body = excluded.body WHERE excluded.version > site_operators.version`,
    ).run({ name: fact.operator.name, version: timeVersion(fact.at, stationId, seq), body: JSON.stringify(fact.operator) });
  }

  private applyAudit(stationId: string, seq: number, fact: FactOf<'audit.entry'>): void {
    const e = fact.entry;
    this.sql(
      `INSERT OR IGNORE INTO site_activity (station_id, station_seq, at, operator, action, operation_id, kind, state, subject, error, detail)
       VALUES (@station, @seq, @at, @operator, @action, @operationId, @kind, @state, @subject, @error, @detail)`,
    ).run({
      station: stationId,
      seq,
      at: e.at,
      operator: e.operator,
      action: e.action,
      operationId: e.operationId ?? null,
      kind: e.kind ?? null,
      state: e.state ?? null,
      subject: e.subject ?? null,
      error: e.error ? JSON.stringify(e.error) : null,
      detail: e.detail ?? null,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Questions the desks ask
  // -------------------------------------------------------------------------------------------

  /**
   * Cards matching a card number, serial number, Tuya lock card id, mobile number (or its last 4
   * digits) or room (`building-floor-room` or the room number): one per physical card, the most
   * recently changed desk's row, with whole-room loss reports applied.
   */
  findCards(query: string, limit = 50): SiteCard[] {
    const q = query.trim();
    if (!q) return [];
    const room = /^([^-\s]*)-([^-\s]*)-([^-\s]+)$/.exec(q);
    const rows = room
      ? (this.sql(`SELECT * FROM site_cards WHERE room_no = ? AND IFNULL(build_no, '') = ? AND IFNULL(floor_no, '') = ?`).all(
          room[3],
          room[1],
          room[2],
        ) as Row[])
      : (this.sql(
          `SELECT * FROM site_cards WHERE card_no = @q OR serial_num = @upper OR lock_card_id = @q OR room_no = @q OR holder_mobile = @q
             OR (holder_mobile IS NOT NULL AND length(@q) = 4 AND substr(holder_mobile, -4) = @q)`,
        ).all({ q, upper: q.toUpperCase() }) as Row[]);
    return this.merged(rows.map(rowToCard)).slice(0, limit);
  }

  /**
   * The cards of one room still opening it or about to (active, frozen, pending), every desk's:
   * UCLBRT cards by their room, Tuya cards by the room's lock (`deviceId`).
   */
  roomCards(room: { buildNo?: string; floorNo?: string; roomNo: string }, deviceId?: string): SiteCard[] {
    const rows = this.sql(
      `SELECT * FROM site_cards WHERE (room_no = @roomNo AND IFNULL(build_no, '') = @buildNo AND IFNULL(floor_no, '') = @floorNo) OR (provider = 'tuya' AND device_id = @deviceId)`,
    ).all({ roomNo: room.roomNo, buildNo: room.buildNo ?? '', floorNo: room.floorNo ?? '', deviceId: deviceId ?? null }) as Row[];
    return this.merged(rows.map(rowToCard)).filter((c) => STAY.has(c.status));
  }

  /** Rows of other desks whose card still opens a door or is about to (candidates for the rooms screen). */
  stayRowsOfOthers(stationId: string): SiteCard[] {
    const rows = this.sql(`SELECT * FROM site_cards WHERE station_id <> ? AND status IN ('active', 'frozen', 'pending')`).all(
      stationId,
    ) as Row[];
    return rows.map(rowToCard);
  }

  /** One desk's row (`id` is that desk's), with room losses applied. */
  card(id: string): SiteCard | undefined {
    const row = this.sql('SELECT * FROM site_cards WHERE id = ?').get(id) as Row | undefined;
    return row ? this.withRoomLosses([rowToCard(row)])[0] : undefined;
  }

  /** The card as every desk's rows together say it is now (the newest row, room losses applied), if any desk has it. */
  current(card: Pick<CardRecord, 'id' | 'provider' | 'cardNo' | 'serialNum' | 'deviceId' | 'lockCardId'>): SiteCard | undefined {
    return this.merged([card as SiteCard])[0];
  }

  /**
   * One card per physical card, newest first: the latest row of any desk (what a desk that never
   * knew the room left out is taken from older rows), with whole-room loss reports applied.
   */
  private merged(cards: readonly SiteCard[]): SiteCard[] {
    const best = new Map<string, SiteCard>();
    for (const card of cards) {
      const key = identityOf(card);
      if (best.has(key)) continue;
      const { where, params } = identityWhere(card);
      const rows = (this.sql(`SELECT * FROM site_cards WHERE ${where}`).all(...params) as Row[])
        .map(rowToCard)
        .sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0));
      if (rows.length) best.set(key, combined(rows));
    }
    return this.withRoomLosses([...best.values()]).sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0));
  }

  /** Open operations of other desks on a card (its lines, or the issue it came from), oldest first. */
  openOperationsOn(subjects: readonly string[], originOperationId: string | undefined, exceptStation: string): SiteOperation[] {
    const rows = this.sql(
      `SELECT * FROM site_operations o WHERE o.state IN ('queued', 'sending', 'failed', 'uncertain') AND o.adopted_by IS NULL AND o.station_id <> @me
         AND (o.id = @origin OR EXISTS (SELECT 1 FROM json_each(o.subjects) j WHERE j.value IN (SELECT value FROM json_each(@subjects))))
       ORDER BY o.created_at, o.id`,
    ).all({ me: exceptStation, origin: originOperationId ?? null, subjects: JSON.stringify(subjects) }) as Row[];
    return rows.map(rowToOperation);
  }

  /** A whole-room loss report done at any desk revokes the room's QR cards created before it. */
  private withRoomLosses(cards: SiteCard[]): SiteCard[] {
    const stmt = this.sql(
      `SELECT MAX(state_at) AS at FROM site_operations WHERE room_key = ? AND state = 'done' AND kind = 'uclbrt.qr.reportLost' AND json_extract(input, '$.wholeRoom') = 1`,
    );
    return cards.map((card) => {
      if (card.provider !== 'uclbrt' || !card.cardNo || !card.roomNo || (card.status !== 'active' && card.status !== 'frozen')) return card;
      const key = `${card.buildNo ?? ''}-${card.floorNo ?? ''}-${card.roomNo}`;
      const loss = stmt.get(key) as { at: string | null };
      return loss.at && loss.at > card.createdAt ? { ...card, status: 'lost' } : card;
    });
  }

  /** Operations still waiting or stuck in a room's line at any desk, not handed to another (room order across desks). */
  openRoomOperations(roomKey: string): SiteOperation[] {
    const rows = this.sql(
      `SELECT * FROM site_operations WHERE room_key = ? AND state IN (${OPEN_STATES.map(() => '?').join(', ')}) AND adopted_by IS NULL ORDER BY created_at`,
    ).all(roomKey, ...OPEN_STATES) as Row[];
    return rows.map(rowToOperation);
  }

  /** The operation another desk took over and queued again as `id` (site adopt), if it is one. */
  adoptedAs(id: string): SiteOperation | undefined {
    const row = this.sql('SELECT * FROM site_operations WHERE adopted_as = ?').get(id) as Row | undefined;
    return row ? rowToOperation(row) : undefined;
  }

  operation(id: string): SiteOperation | undefined {
    const row = this.sql('SELECT * FROM site_operations WHERE id = ?').get(id) as Row | undefined;
    return row ? rowToOperation(row) : undefined;
  }

  /** Operations of one desk in the given states. */
  operationsOf(stationId: string, states: readonly string[] = OPEN_STATES): SiteOperation[] {
    const rows = this.sql(
      `SELECT * FROM site_operations WHERE station_id = ? AND state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at`,
    ).all(stationId, ...states) as Row[];
    return rows.map(rowToOperation);
  }

  rooms(): RoomSnapshot[] {
    const rows = this.sql('SELECT body FROM site_rooms WHERE removed = 0 ORDER BY key').all() as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as RoomSnapshot);
  }

  operators(): OperatorSnapshot[] {
    const rows = this.sql('SELECT body FROM site_operators ORDER BY name').all() as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as OperatorSnapshot);
  }

  operator(name: string): OperatorSnapshot | undefined {
    const row = this.sql('SELECT body FROM site_operators WHERE name = ?').get(name) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as OperatorSnapshot) : undefined;
  }

  /** The hotel-wide activity log, newest first, filtered as the desk's own log is (audit/audit-log.ts). */
  activity(filter: SiteActivityFilter = {}): { items: SiteActivityEntry[]; total: number } {
    const { clause, params } = activityWhere(filter, {
      action: 'action',
      operator: 'operator',
      stationId: 'station_id',
      operationId: 'operation_id',
    });
    const total = (this.sql(`SELECT COUNT(*) AS n FROM site_activity ${clause}`).get(params) as { n: number }).n;
    const rows = this.sql(
      `SELECT * FROM site_activity ${clause} ORDER BY at DESC, station_id DESC, station_seq DESC LIMIT @limit OFFSET @offset`,
    ).all({
      ...params,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    }) as Row[];
    return { items: rows.map(rowToActivity), total };
  }

  /** Everyone the hotel-wide activity log names, sorted. */
  activityOperators(): string[] {
    return (this.sql('SELECT DISTINCT operator FROM site_activity ORDER BY operator').all() as { operator: string }[]).map(
      (r) => r.operator,
    );
  }

  /** Newest first: what happened, at any desk, to these subjects and operations. */
  historyOf(subjects: readonly string[], operationIds: readonly string[], limit = 200): SiteActivityEntry[] {
    if (!subjects.length && !operationIds.length) return [];
    const rows = this.sql(
      `SELECT * FROM site_activity WHERE subject IN (SELECT value FROM json_each(@subjects)) OR operation_id IN (SELECT value FROM json_each(@ids))
       ORDER BY at DESC, station_id DESC, station_seq DESC LIMIT @limit`,
    ).all({ subjects: JSON.stringify(subjects), ids: JSON.stringify(operationIds), limit }) as Row[];
    return rows.map(rowToActivity);
  }

  /** Every table of the view in a canonical order: two desks with the same facts give the same text. */
  snapshot(): string {
    const tables = ['site_cards', 'site_rooms', 'site_operators', 'site_operations', 'site_activity'];
    const out: Record<string, unknown[]> = {};
    for (const t of tables) out[t] = this.sql(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
    return JSON.stringify(out);
  }
}

export interface SiteActivityFilter {
  query?: string;
  action?: string;
  operator?: string;
  /** Local `YYYY-MM-DDTHH:mm`, read in the station's time zone. */
  from?: string;
  to?: string;
  stationId?: string;
  operationId?: string;
  limit?: number;
  offset?: number;
}

function rowToActivity(r: Row): SiteActivityEntry {
  const e: SiteActivityEntry = {
    stationId: String(r.station_id),
    stationSeq: Number(r.station_seq),
    at: String(r.at),
    operator: String(r.operator),
    action: String(r.action),
  };
  if (r.operation_id) e.operationId = String(r.operation_id);
  if (r.kind) e.kind = r.kind as SiteActivityEntry['kind'];
  if (r.state) e.state = r.state as SiteActivityEntry['state'];
  if (r.subject) e.subject = String(r.subject);
  if (r.error) e.error = JSON.parse(String(r.error)) as SiteActivityEntry['error'];
  if (r.detail) e.detail = String(r.detail);
  return e;
}

function rowToOperation(row: Row): SiteOperation {
  const op: SiteOperation = {
    id: String(row.id),
    stationId: String(row.station_id),
    state: String(row.state),
    stateAt: String(row.state_at),
  };
  if (row.kind) op.kind = String(row.kind);
  if (row.input) op.input = JSON.parse(String(row.input)) as Record<string, unknown>;
  if (row.subjects) op.subjects = JSON.parse(String(row.subjects)) as string[];
  if (row.room_key) op.roomKey = String(row.room_key);
  if (row.operator) op.operator = String(row.operator);
  if (row.created_at) op.createdAt = String(row.created_at);
  if (row.adopted_by) op.adoptedBy = String(row.adopted_by);
  if (row.adopted_as) op.adoptedAs = String(row.adopted_as);
  return op;
}
