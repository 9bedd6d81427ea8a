/**
 * Rooms and stays (issue 13), as the IPC handlers and the CLI see them: the room directory (SQLite,
 * refreshed on demand, daily, and lazily when it was never loaded), room state from the registry,
 * room actions, read card -> what it is, the QR image, door logs and reports.
 */
import type { LockType } from '../../../shared/domain/cloud';
import type { Operation, OperationRequest } from '../../../shared/domain/operations';
import type {
  DoorLog,
  DoorLogEntry,
  RoomActionAvailability,
  RoomDetails,
  RoomEntry,
  RoomImportResult,
  RoomRefreshResult,
} from '../../../shared/domain/rooms';
import type { RequestInputOf, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { stationError } from '../../../shared/errors';
import type { RoomsCloud } from '../cloud/service';
import { instantToZonedWallTime } from '../cloud/uclbrt/time';
import type { StationEvents } from '../events';
import { StationFailure, toStationError } from '../failure';
import { silentLogger, type Logger } from '../logging/logger';
import type { Outbox } from '../outbox';
import { cardSubjectsOf, type HotelReads, type Registry } from '../registry/service';
import type { CloudService, RoomsService } from '../services';
import { databaseFailure } from '../store/database';
import { busyFailure, DESK_OWNER } from '../encoder/lease';
import { stationDataOn, type StationData } from '../store/station-data';
import { RoomActionStore } from './action-store';
import { RoomActions, type ActOptions, type SiteRoomOrder } from './actions';
import { RoomDirectory } from './directory-store';
import { identifyCard } from './identify';
import { applyImport, checkImport } from './import';
import { stayOf } from './plan';
import { refreshDirectory } from './refresh';
import { RoomReports } from './reports';
import { checkRequestRoom, resolveRoom } from './resolve';
import { roomLines, roomOfRequest, type CardLookup } from './room-lines';
import { RoomQueries, type HotelRooms } from './room-query';

/** The stores the rooms work on, from their owner (store/station-data.ts). */
export type RoomStores = Pick<StationData, 'db' | 'operations' | 'cards' | 'audit' | 'rooms' | 'roomActions'>;

export interface RoomsDeps {
  /** The station's stores (default, for tools and tests: built on the outbox's connection). */
  data?: RoomStores;
  outbox: Outbox;
  registry?: Registry;
  /** In a site: every desk's cards and work (the registry's hotel-wide reads). */
  hotel?: HotelReads;
  cloud: RoomsCloud;
  /** Live lookups (Tuya query) the read-card answer uses. */
  lookup: CloudService['lookup'];
  events?: StationEvents;
  log?: Logger;
  now?: () => number;
  /** Lock type for proximity cards of a room whose directory entry has none (the configured one). */
  defaultLockType: () => LockType;
  /** How often to look whether the daily refresh is due (default hourly); 0 turns it off. */
  refreshCheckMs?: number;
  /**
   * Who has the encoder now (encoder/lease.ts). While a job other than the desk has it (a PMS
   * request making keys), a card-on-encoder action from anyone else is refused as `encoder.busy`:
   * the PMS and a clerk never encode at once.
   */
  encoderHolder?: () => { id: string; label: string; labelZh: string } | undefined;
}

/** In-process options of `Rooms.act` (the PMS's; the IPC contract has none). */
export interface RoomsActOptions extends ActOptions {
  /** The encoder job (lease owner id) that read the action's cards. */
  encoderJob?: string;
}

const DAY_MS = 24 * 3_600_000;
/** While the directory was never loaded, how often a request may wait for another try. */
const FIRST_LOAD_RETRY_MS = 60_000;

export class Rooms implements RoomsService {
  readonly directory: RoomDirectory;
  readonly queries: RoomQueries;
  readonly actions: RoomActions;
  readonly reports: RoomReports;
  private readonly actionStore: RoomActionStore;
  private readonly now: () => number;
  private readonly log: Logger;
  private refreshing: Promise<RoomRefreshResult> | undefined;
  private firstLoadTriedAt: number | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private pushTimer: NodeJS.Timeout | undefined;
  private readonly changedRooms = new Set<string>();
  private readonly changedActions = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly data: RoomStores;
  /** Cards looked up hotel-wide in a site, else in this desk's registry. */
  private readonly cards: CardLookup & Pick<RoomStores['cards'], 'byCardNo'>;
  private closed = false;

  constructor(private readonly deps: RoomsDeps) {
    const { outbox } = deps;
    const data = (this.data = deps.data ?? {
      ...stationDataOn(outbox.db),
      operations: outbox.store,
      cards: outbox.cards,
      audit: outbox.audit,
    });
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? silentLogger;
    this.directory = data.rooms;
    const { hotel } = deps;
    this.cards = hotel ? hotel.cards : data.cards;
    this.queries = new RoomQueries(data.db, data.operations, data.audit, hotel ? hotelRooms(hotel) : undefined);
    this.actionStore = data.roomActions;
    this.actions = new RoomActions({
      outbox,
      data,
      ...(hotel ? { site: siteRoomOrder(hotel) } : {}),
      directory: this.directory,
      queries: this.queries,
      actions: this.actionStore,
      now: this.now,
      wallClockZone: () => deps.cloud.wallClockZone(),
      defaultLockType: deps.defaultLockType,
    });
    this.reports = new RoomReports({
      db: data.db,
      summaries: () => this.queries.summaries({}, this.wallNow()),
      now: this.now,
      zone: () => deps.cloud.wallClockZone(),
    });
    outbox.setExtraLines(roomLines(this.directory, this.cards));
    deps.registry?.setPendingLookup((card) => this.queries.pendingFor(card));
    this.unsubscribe = deps.events?.on('operation:updated', (op) => this.onOperation(op)) ?? (() => {});
    const every = deps.refreshCheckMs ?? 3_600_000;
    if (every > 0) {
      this.refreshTimer = setInterval(() => this.refreshIfStale(), every);
      this.refreshTimer.unref();
    }
  }

  private wallNow(): string {
    return instantToZonedWallTime(this.now(), this.deps.cloud.wallClockZone());
  }

  // -------------------------------------------------------------------------------- directory

  /**
   * A directory that was never loaded is loaded now (the desk cannot name a room without it); one
   * older than a day is refreshed in the background while the desk works from SQLite.
   */
  async ensureDirectory(): Promise<void> {
    if (this.directory.refreshedAt()) {
      this.refreshIfStale();
      return;
    }
    // Never loaded from the clouds: load now, once in a while when the clouds do not answer (offline
    // the desk works with what the directory has, e.g. from an import).
    const due = this.firstLoadTriedAt === undefined || this.now() - this.firstLoadTriedAt > FIRST_LOAD_RETRY_MS;
    let detail: string | undefined;
    if (due) {
      this.firstLoadTriedAt = this.now();
      try {
        const result = await this.refresh('station');
        detail =
          result.sources.uclbrt.error?.message ??
          (result.sources.uclbrt.configured || result.sources.tuya.configured ? undefined : 'no cloud is configured');
      } catch (err) {
        detail = toStationError(err).message;
      }
    }
    if (this.directory.count() === 0) throw StationFailure.of('rooms.directory-empty', { detail: detail ?? 'the clouds list no rooms' });
  }

  private refreshIfStale(): void {
    const last = this.directory.refreshedAt();
    if (this.closed || this.refreshing || (last && this.now() - Date.parse(last) < DAY_MS)) return;
    void this.refresh('station').catch((err) => this.log.warn('rooms: the daily directory refresh failed', { error: String(err) }));
  }

  /** One write transaction; waiting operations join the lines of rooms the write made known. */
  private write<T>(fn: () => T): T {
    const { outbox } = this.deps;
    try {
      return this.data.db
        .transaction(() => {
          const value = fn();
          outbox.rejoinLines();
          return value;
        })
        .immediate();
    } catch (err) {
      throw databaseFailure(this.data.db.name, err);
    }
  }

  async refresh(operator: string): Promise<RoomRefreshResult> {
    if (!this.refreshing) {
      this.refreshing = refreshDirectory({
        directory: this.directory,
        cloud: this.deps.cloud,
        commit: (fn) => this.write(fn),
        now: this.now,
      })
        .then((result) => {
          this.data.audit.append({
            at: new Date(this.now()).toISOString(),
            operator,
            action: 'rooms.refreshed',
            detail: `${result.total} rooms (${result.added} added, ${result.updated} updated, ${result.removed} removed)${result.sources.uclbrt.error ? `; ${result.sources.uclbrt.error.message}` : ''}`,
          });
          this.deps.events?.emit('rooms:changed', { total: result.total, refreshedAt: result.refreshedAt });
          return result;
        })
        .finally(() => {
          this.refreshing = undefined;
        });
    }
    return this.refreshing;
  }

  async importCsv(request: RequestOf<'rooms:import'>, operator: string): Promise<RoomImportResult> {
    const check = checkImport(request.csv, this.directory);
    if (check.errors.length) return { applied: false, added: 0, updated: 0, unchanged: 0, errors: check.errors };
    const at = new Date(this.now()).toISOString();
    const counts = this.write(() => {
      // Checked again inside the write: the directory may have changed since.
      const again = checkImport(request.csv, this.directory);
      if (again.errors.length) throw StationFailure.of('rooms.import-rejected', { count: again.errors.length });
      const applied = applyImport(again, this.directory, at);
      this.data.audit.append({
        at,
        operator,
        action: 'rooms.imported',
        detail: `${applied.added} added, ${applied.updated} updated, ${applied.unchanged} unchanged`,
      });
      return applied;
    });
    this.deps.events?.emit('rooms:changed', { total: this.directory.count(), refreshedAt: this.directory.refreshedAt() });
    return { applied: true, ...counts, errors: [] };
  }

  // ---------------------------------------------------------------------------------- reading

  async list(request: RequestOf<'rooms:list'>): Promise<ResponseOf<'rooms:list'>> {
    await this.ensureDirectory();
    const items = this.queries.summaries({ floor: request.floor, state: request.state, query: request.query }, this.wallNow());
    const refreshedAt = this.directory.refreshedAt();
    return { items, total: items.length, ...(refreshedAt ? { refreshedAt } : {}) };
  }

  /** The directory entry a person or a system named (no refresh unless the directory is empty). */
  async room(name: string): Promise<RoomEntry> {
    await this.ensureDirectory();
    return resolveRoom(this.directory, name);
  }

  checkRequestRoom(request: OperationRequest): void {
    checkRequestRoom(this.directory, request);
  }

  async resolve(request: RequestOf<'rooms:resolve'>): Promise<ResponseOf<'rooms:resolve'>> {
    const room = await this.room(request.room);
    return this.queries.summary(room.key, this.wallNow())!;
  }

  async show(request: RequestOf<'rooms:show'>): Promise<RoomDetails> {
    const room = await this.room(request.room);
    const now = this.wallNow();
    const cards = this.actions.stayCards(room);
    const stay = stayOf(cards);
    return {
      room: this.queries.summary(room.key, now)!,
      stay,
      cards,
      actions: this.actions.forRoom(room.key),
      history: this.queries.history(room),
      available: availability(room, cards.length, stay?.end, now),
    };
  }

  async doorLog(request: RequestOf<'rooms:doorLog'>): Promise<DoorLog> {
    const room = await this.room(request.room);
    if (!room.sources.includes('uclbrt') && !room.lockType)
      throw StationFailure.of('rooms.door-log-unavailable', { room: room.displayName });
    const zone = this.deps.cloud.wallClockZone();
    const to = instantToZonedWallTime(this.now(), zone).slice(0, 10);
    const from = instantToZonedWallTime(this.now() - (request.days - 1) * DAY_MS, zone).slice(0, 10);
    const data = await this.deps.cloud.doorLog(room, from, to);
    return { roomKey: room.key, from, to, entries: doorLogEntries(data) };
  }

  // ---------------------------------------------------------------------------------- actions

  async preview(request: RequestInputOf<'rooms:preview'>, options: ActOptions = {}): Promise<ResponseOf<'rooms:preview'>> {
    await this.ensureDirectory();
    return this.actions.preview(request, options);
  }

  async act(request: RequestInputOf<'rooms:action'>, operator: string, options: RoomsActOptions = {}): Promise<ResponseOf<'rooms:action'>> {
    await this.ensureDirectory();
    this.checkEncoderFree(request, options.encoderJob);
    return this.actions.act(request, operator, options);
  }

  /** A new card read on the encoder while another job (a PMS request, another window) has the encoder: refused, naming the job. */
  private checkEncoderFree(request: RequestInputOf<'rooms:action'>, job: string | undefined): void {
    const needsCard =
      (request.action === 'new-stay' || request.action === 'duplicate') &&
      (request.cardKind === 'proximity' || request.cardKind === 'tuya');
    const holder = needsCard ? this.deps.encoderHolder?.() : undefined;
    if (holder && holder.id !== DESK_OWNER.id && holder.id !== job) throw busyFailure(holder);
  }

  async action(id: string): Promise<ResponseOf<'rooms:actionGet'>> {
    return this.actions.get(id);
  }

  async waitAction(id: string, timeoutMs: number): Promise<ResponseOf<'rooms:actionWait'>> {
    return this.actions.waitSettled(id, timeoutMs);
  }

  // ------------------------------------------------------------------------------- cards, QR

  async identify(request: RequestOf<'cards:identify'>): Promise<ResponseOf<'cards:identify'>> {
    if (this.directory.count() === 0) await this.ensureDirectory().catch(() => undefined);
    return identifyCard(
      {
        cards: this.cards,
        directory: this.directory,
        cloud: this.deps.cloud,
        lookup: this.deps.lookup,
        summary: (key) => this.queries.summary(key, this.wallNow()),
        pendingFor: (card) => this.queries.pendingFor(card),
      },
      { serialNum: request.serialNum, cardNo: request.cardNo, live: request.live ?? true },
    );
  }

  async qrImage(request: RequestOf<'cards:qrImage'>): Promise<ResponseOf<'cards:qrImage'>> {
    const card = this.cards.byCardNo(request.cardNo);
    if (card && card.provider !== 'uclbrt') throw StationFailure.of('rooms.not-qr', { card: request.cardNo });
    const answer = await this.deps.cloud.qrCard({ cardNo: request.cardNo, mobile: card?.holderMobile, areaCode: card?.holderAreaCode });
    const raw = typeof answer.baseImg === 'string' ? answer.baseImg : '';
    if (!raw) throw StationFailure.of('uclbrt.5014');
    const image = raw.startsWith('data:') ? raw : `data:image/png;base64,${raw}`;
    const room = card?.roomNo ? `${card.buildNo ?? ''}-${card.floorNo ?? ''}-${card.roomNo}` : undefined;
    return {
      cardNo: request.cardNo,
      image,
      ...(card?.validFrom ? { validFrom: card.validFrom } : {}),
      ...(card?.validTo ? { validTo: card.validTo } : {}),
      ...(room ? { roomKey: room } : {}),
    };
  }

  async sendSmsAgain(request: RequestOf<'cards:sendSmsAgain'>, operator: string): Promise<ResponseOf<'cards:sendSmsAgain'>> {
    const card = this.cards.byCardNo(request.cardNo);
    if (!card?.roomNo || card.provider !== 'uclbrt') throw StationFailure.of('rooms.not-qr', { card: request.cardNo });
    if (!card.holderMobile) throw StationFailure.of('rooms.no-mobile', { card: request.cardNo });
    await this.ensureDirectory();
    const room = resolveRoom(this.directory, `${card.buildNo ?? ''}-${card.floorNo ?? ''}-${card.roomNo}`);
    return this.actions.act(
      {
        action: 'duplicate',
        room: room.key,
        cardKind: 'qr',
        mobile: card.holderMobile,
        areaCode: card.holderAreaCode ?? '86',
        sendSms: true,
      },
      operator,
    );
  }

  // ---------------------------------------------------------------------------------- reports

  async report(request: RequestOf<'reports:rooms'>): Promise<ResponseOf<'reports:rooms'>> {
    await this.ensureDirectory();
    return this.reports.make(request.report, request.hours);
  }

  async reportCsv(request: RequestOf<'reports:roomsCsv'>): Promise<ResponseOf<'reports:roomsCsv'>> {
    const report = await this.report(request);
    return { csv: this.reports.csv(report), rows: report.rows.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.refreshTimer);
    clearTimeout(this.pushTimer);
    this.unsubscribe();
    await this.refreshing?.catch(() => undefined);
  }

  // ----------------------------------------------------------------------------------- events

  /** An operation changed: its rooms and actions are pushed again (coalesced), so every view refreshes. */
  private onOperation(op: Operation): void {
    if (this.closed) return;
    try {
      for (const line of this.data.operations.subjectsOf(op.id))
        if (line.startsWith('room:')) this.changedRooms.add(line.slice('room:'.length));
      const key = roomOfRequest({ kind: op.kind, input: op.input } as Parameters<typeof roomOfRequest>[0], this.directory, this.cards);
      if (key) this.changedRooms.add(key);
      for (const id of this.actionStore.actionsOfOperation(op.id)) this.changedActions.add(id);
    } catch (err) {
      this.log.warn('rooms: could not tell which room an operation concerns', { operationId: op.id, error: String(err) });
    }
    if (!this.pushTimer && (this.changedRooms.size || this.changedActions.size)) {
      this.pushTimer = setTimeout(() => this.push(), 50);
      this.pushTimer.unref();
    }
  }

  private push(): void {
    this.pushTimer = undefined;
    if (this.closed) return;
    const now = this.wallNow();
    const rooms = [...this.changedRooms];
    const actions = [...this.changedActions];
    this.changedRooms.clear();
    this.changedActions.clear();
    try {
      for (const key of rooms) {
        const summary = this.queries.summary(key, now);
        if (summary) this.deps.events?.emit('room:updated', summary);
      }
      for (const id of actions) {
        const view = this.actionStore.view(id);
        if (view) this.deps.events?.emit('room-action:updated', view);
      }
    } catch (err) {
      this.log.warn('rooms: pushing room updates failed', { error: String(err) });
    }
  }
}

/** The rooms' questions the site answers: other desks' cards of a room and their open work on a card. */
function hotelRooms(hotel: HotelReads): HotelRooms {
  return {
    inSite: () => hotel.cards.inSite(),
    stayCardsOf: (room, deviceId, local) => hotel.cards.stayCardsOf(room, deviceId, local),
    stayCardsByRoom: (local, roomOfLock) => hotel.cards.stayCardsByRoom(local, roomOfLock),
    pendingElsewhere(card) {
      const me = hotel.me();
      if (!me) return [];
      return hotel.view.openOperationsOn(cardSubjectsOf(card), hotel.cards.originOf(card), me).map(
        (o) =>
          ({
            id: o.id,
            kind: o.kind,
            state: o.state,
            input: o.input ?? {},
            subject: o.subjects?.[0] ?? '',
            operator: o.operator ?? '',
            provider: o.kind?.split('.')[0],
            createdAt: o.createdAt ?? o.stateAt,
            updatedAt: o.stateAt,
            attempts: 0,
          }) as Operation,
      );
    },
  };
}

/** Room order across desks, from the site view. */
function siteRoomOrder(hotel: HotelReads): SiteRoomOrder {
  return {
    keptElsewhere: (card) => hotel.cards.keptElsewhere(card),
    deskOf: (operationId) => hotel.view.operation(operationId)?.stationId,
    busyElsewhere(roomKey) {
      const me = hotel.me();
      const open = me ? hotel.view.openRoomOperations(roomKey).filter((o) => o.stationId !== me) : [];
      return open.length ? { station: open[0].stationId, count: open.length } : undefined;
    },
  };
}

/** What the clerk can do on the room now, and why not. */
function availability(room: RoomEntry, cards: number, stayEnd: string | undefined, now: string): RoomActionAvailability[] {
  const kinds = room.cardKinds;
  const noKinds = kinds.length ? undefined : stationError('rooms.no-card-kinds', { room: room.displayName });
  const vacant = cards === 0 ? stationError('rooms.vacant', { room: room.displayName }) : undefined;
  const noStay = !stayEnd
    ? stationError('rooms.no-stay', { room: room.displayName })
    : stayEnd <= now
      ? stationError('rooms.end-past', { end: stayEnd })
      : undefined;
  const entry = (
    action: RoomActionAvailability['action'],
    reason: RoomActionAvailability['reason'],
    withKinds: boolean,
  ): RoomActionAvailability => ({
    action,
    allowed: !reason,
    ...(withKinds ? { cardKinds: kinds } : {}),
    ...(reason ? { reason } : {}),
  });
  return [
    entry('new-stay', noKinds, true),
    entry('duplicate', noKinds ?? noStay, true),
    entry('check-out', vacant, false),
    entry('extend', vacant, false),
  ];
}

const plain = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Door records as the cloud answers them (`data`: a list, or `{list}`), newest first. */
export function doorLogEntries(data: unknown): DoorLogEntry[] {
  const list = Array.isArray(data) ? data : Array.isArray((data as { list?: unknown })?.list) ? (data as { list: unknown[] }).list : [];
  return list
    .filter((r): r is Record<string, unknown> => Boolean(r) && typeof r === 'object')
    .map((r) => {
      const text = (k: string) =>
        typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : typeof r[k] === 'number' ? String(r[k]) : undefined;
      const at = (text('recordTime') ?? text('openTime') ?? text('time') ?? '').replace(' ', 'T');
      const fields = Object.fromEntries(Object.entries(r).filter(([, v]) => plain(v))) as DoorLogEntry['fields'];
      const result = text('result');
      return {
        at,
        ...((text('openTypeName') ?? text('openType')) ? { method: text('openTypeName') ?? text('openType') } : {}),
        ...((text('mobile') ?? text('holder') ?? text('cardNo')) ? { holder: text('mobile') ?? text('holder') ?? text('cardNo') } : {}),
        ...(text('cardNo') ? { cardNo: text('cardNo') } : {}),
        ...(result !== undefined ? { opened: result === '1' } : {}),
        fields,
      };
    })
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
