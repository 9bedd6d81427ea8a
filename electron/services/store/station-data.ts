/**
 * The one owner of the station database (`station.db` in the data folder): it opens the file,
 * builds every store on it and hands them out; services take the stores they need and never open
 * the database themselves (the app, the harness and the CLI all come through here).
 *
 *   const data = openStationData({ dataDir }, { recordFacts: Boolean(config.site) });
 *   const outbox = new Outbox({ data, executor });   // uses data.operations, data.cards, data.audit
 *   ...
 *   data.close();
 *
 * Read and write access is in the type (after Signal-Desktop's `ts/sql/Interface.std.ts`, where the
 * database is a parameter and `ReadableDB`/`WritableDB` say what a function may do):
 * `openStationData` gives writable stores on a `WritableDB`; `openStationReader` gives only the
 * reading side of each store, on a connection SQLite keeps from writing (`PRAGMA query_only`), for
 * command-line tools that only look.
 *
 * Every store that changes something other desks need tells the site through the one `FactLog`
 * of the connection, in the change's own transaction (site/fact-log.ts); without a site, nothing
 * is recorded.
 */
import { join } from 'node:path';
import { cardFactType } from '../../../shared/site/facts';
import type { StationError } from '../../../shared/errors';
import { AuditLog, type AuditReader } from '../audit/audit-log';
import { OperationStore, type OperationReader } from '../outbox/operation-store';
import { CardStore, type CardReader } from '../registry/card-store';
import { RoomActionStore } from '../rooms/action-store';
import { RoomDirectory, type RoomReader } from '../rooms/directory-store';
import { FactLog } from '../site/fact-log';
import { SiteState, type SiteIdentity } from '../site/site-state';
import { SiteView } from '../site/site-view';
import { OperatorStore } from '../staff/operator-store';
import { databaseFailure, databaseNotices, openStationDatabase, type ReadableDB, type WritableDB } from './database';

/** The database's file name in the data folder: the only place it is written down. */
export const STATION_DB_FILE = 'station.db';

export function stationDbPath(dataDir: string): string {
  return join(dataDir, STATION_DB_FILE);
}

/** Where the database is: the data folder (production), or a file of its own (tools, tests, benchmarks). */
export type StationDataLocation = { dataDir: string } | { file: string };

const pathOf = (at: StationDataLocation): string => ('file' in at ? at.file : stationDbPath(at.dataDir));

/** What a tool that only looks gets: the reading side of each store. */
export interface StationReader {
  readonly db: ReadableDB;
  readonly operations: OperationReader;
  readonly cards: CardReader;
  readonly audit: AuditReader;
  readonly rooms: RoomReader;
  /** Hotel-wide answers once the desk belongs to a site (empty otherwise). */
  readonly siteView: SiteView;
  /** The site and station this desk belongs to, once it has joined one. */
  siteIdentity(): SiteIdentity | undefined;
  /** A damaged or foreign file kept aside when the database was opened: staff must be told. */
  notices(): StationError[];
  close(): void;
}

/** The station's stores, handed out by their owner. */
export interface StationData extends StationReader {
  readonly db: WritableDB;
  readonly operations: OperationStore;
  readonly cards: CardStore;
  readonly audit: AuditLog;
  readonly rooms: RoomDirectory;
  readonly roomActions: RoomActionStore;
  readonly operators: OperatorStore;
  /** This desk's facts for the site (site/fact-log.ts). */
  readonly facts: FactLog;
  readonly siteState: SiteState;
  /**
   * Whether the desk is configured for a site: its stores' changes become facts. The first time a
   * desk records (its fact log still empty), what it already has is told in one transaction, so the
   * other desks learn the cards, rooms, operators and waiting work it had before.
   */
  recordFacts(configured: boolean): void;
  /** One immediate transaction; SQLite errors become messages staff can act on. */
  write<T>(fn: () => T): T;
}

export interface StationDataOptions {
  /** Configured for a site (see StationData.recordFacts); default false. */
  recordFacts?: boolean;
  busyTimeoutMs?: number;
}

/** Opens (or creates) the station database and builds its stores; `close()` closes it. */
export function openStationData(at: StationDataLocation, options: StationDataOptions = {}): StationData {
  const db = openStationDatabase(pathOf(at), { busyTimeoutMs: options.busyTimeoutMs });
  try {
    return buildStationData(db, options, () => db.close());
  } catch (err) {
    db.close();
    throw databaseFailure(db.name, err);
  }
}

/** The stores on a connection opened elsewhere (tests, tools): `close()` leaves the connection open. */
export function stationDataOn(db: WritableDB, options: StationDataOptions = {}): StationData {
  return buildStationData(db, options, () => {});
}

/**
 * Opens the database for looking only (queue list, cards find, audit export): a read-only file is
 * accepted, and neither the types nor SQLite let anything be written.
 */
export function openStationReader(at: StationDataLocation): StationReader {
  const db = openStationDatabase(pathOf(at), { readOnly: true });
  try {
    // The stores' classes are built on the query-only connection; only their reading side leaves here.
    const stores = buildStationData(db as WritableDB, {}, () => db.close());
    const { operations, cards, audit, rooms, siteView, siteIdentity, notices, close } = stores;
    return { db, operations, cards, audit, rooms, siteView, siteIdentity, notices, close };
  } catch (err) {
    db.close();
    throw databaseFailure(db.name, err);
  }
}

function buildStationData(db: WritableDB, options: StationDataOptions, closeDb: () => void): StationData {
  const facts = FactLog.of(db);
  const siteView = new SiteView(db);
  const operations = new OperationStore(db, facts);
  const cards = new CardStore(db, facts);
  const audit = new AuditLog(db, facts);
  const rooms = new RoomDirectory(db, facts);
  const operators = new OperatorStore(db, facts, siteView);
  const siteState = new SiteState(db);
  const data: StationData = {
    db,
    operations,
    cards,
    audit,
    rooms,
    roomActions: new RoomActionStore(db, operations),
    operators,
    facts,
    siteState,
    siteView,
    siteIdentity: () => siteState.identity(),
    notices: () => databaseNotices(db),
    recordFacts(configured) {
      const before = facts.isRecording;
      facts.setRecording(configured);
      if (facts.isRecording && !before) data.write(() => tellWhatIsHere(data));
    },
    write(fn) {
      try {
        return db.transaction(fn).immediate();
      } catch (err) {
        throw databaseFailure(db.name, err);
      }
    },
    close: closeDb,
  };
  if (options.recordFacts) data.recordFacts(true);
  return data;
}

/**
 * A desk that starts recording with an empty fact log tells the site what it already has: every
 * card, room and operator, and the operations still waiting or stuck (what another desk must
 * order its room work after, or could adopt). The activity log before that stays this desk's.
 */
function tellWhatIsHere(data: StationData): void {
  const { facts } = data;
  if (facts.lastSeq() > 0) return;
  const now = new Date().toISOString();
  for (const card of data.cards.snapshots()) facts.append({ type: cardFactType(card.status, true), at: card.updatedAt, card });
  for (const room of data.rooms.snapshots()) facts.append({ type: 'room.changed', at: now, room });
  for (const operator of data.operators.snapshots())
    facts.append({ type: 'operator.changed', at: String(operator.updatedAt ?? now), operator });
  for (const op of data.operations.holding()) {
    facts.append({
      type: 'operation.accepted',
      at: op.createdAt,
      operation: {
        id: op.id,
        kind: op.kind,
        input: op.input as Record<string, unknown>,
        subjects: data.operations.subjectsOf(op.id),
        operator: op.operator,
        createdAt: op.createdAt,
      },
    });
    if (op.state !== 'queued')
      facts.append({ type: 'operation.state', at: op.updatedAt, operationId: op.id, state: op.state, attempts: op.attempts });
  }
}
