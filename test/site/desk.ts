/**
 * A desk for the site tests: its own station.db (through its owner, store/station-data.ts, recording
 * facts as a desk configured for a site does), an outbox (scripted cloud), the site sync. Changes go
 * through the real stores, which append their facts in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { Operation, OperationRequest } from '../../shared/domain/operations';
import type { CardSnapshot } from '../../shared/site/facts';
import { Outbox } from '../../electron/services/outbox';
import { outboxDesk } from '../../electron/services/site/outbox-desk';
import { siteHold } from '../../electron/services/site/send-gate';
import { SiteSync, type SiteSyncOptions } from '../../electron/services/site/sync';
import type { WritableDB } from '../../electron/services/store/database';
import { openStationData, stationDbPath, type StationData } from '../../electron/services/store/station-data';
import type { PgCluster } from './pg-cluster';
import { FakeExecutor, tempDir } from '../outbox/helpers';
import { deskConfig, SITE_PASSWORD } from './helpers';

export interface TestDesk {
  readonly stationId: string;
  readonly db: WritableDB;
  readonly data: StationData;
  readonly outbox: Outbox;
  readonly sync: SiteSync;
  readonly executor: FakeExecutor;
  readonly dbPath: string;
  /** A card entering this desk's registry (the store tells the site). */
  issueCard(fields: Partial<CardSnapshot> & { roomNo: string }): CardSnapshot;
  changeCard(card: CardSnapshot, patch: Partial<CardSnapshot>): CardSnapshot;
  /** Accepts an operation (the outbox's store tells the site, in the same commit). */
  accept(request: OperationRequest, operator?: string): Promise<Operation>;
  close(): Promise<void>;
}

export interface DeskOptions extends Partial<
  Pick<SiteSyncOptions, 'intervalMs' | 'adoptAfterMs' | 'batchSize' | 'backoffBaseMs' | 'backoffCapMs'>
> {
  executor?: FakeExecutor;
  /** The outbox's retry backoff (default 20 ms doubling to 200 ms). */
  retryBackoff?: { baseMs: number; capMs: number };
  /** Reuse a data folder (a desk that comes back). */
  dir?: string;
  /** Start the periodic sync (default: no, tests call syncNow). */
  autoSync?: boolean;
  password?: string;
  /** Override the site URL (e.g. a port nobody listens on). */
  postgresUrl?: string;
}

export function openDesk(
  cluster: PgCluster,
  siteId: string,
  stationId: string,
  options: DeskOptions = {},
): TestDesk & { cleanup: () => void } {
  const folder = options.dir ? { dir: options.dir, cleanup: () => {} } : tempDir(`desk-${stationId}-`);
  const dbPath = stationDbPath(folder.dir);
  const data = openStationData({ dataDir: folder.dir }, { recordFacts: true });
  const db = data.db;
  const executor = options.executor ?? new FakeExecutor();
  const adoptAfterMs = options.adoptAfterMs ?? 600_000;
  // As the station wires it: the site's hold is the outbox's send gate, and explainWait says why.
  const hold = siteHold(db, { adoptAfterMs, linesOf: (id) => data.operations.subjectsOf(id) });
  data.operations.setOutsideHold(hold);
  const outbox = new Outbox({
    data,
    executor,
    sendGate: (op) => hold(op) === undefined,
    backoff: options.retryBackoff ?? { baseMs: 20, capMs: 200 },
    probeIntervalMs: 100,
  });
  const config = { ...deskConfig(cluster, siteId, stationId), ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}) };
  const sync = new SiteSync({
    db,
    config,
    password: async () => options.password ?? SITE_PASSWORD,
    desk: outboxDesk(outbox, data),
    intervalMs: options.intervalMs,
    adoptAfterMs,
    batchSize: options.batchSize,
    backoffBaseMs: options.backoffBaseMs ?? 50,
    backoffCapMs: options.backoffCapMs ?? 500,
  });
  if (options.autoSync) sync.start();
  const snapshot = (card: { id: string }): CardSnapshot => ({
    ...data.cards.byId(card.id)!,
    ...(data.cards.originOf(card.id) ? { originOperationId: data.cards.originOf(card.id) } : {}),
  });
  return {
    stationId,
    db,
    data,
    outbox,
    sync,
    executor,
    dbPath,
    issueCard(fields) {
      return data.write(() => {
        const at = new Date().toISOString();
        const { id: _id, createdAt, updatedAt: _u, lastOperationId: _l, originOperationId, ...rest } = fields;
        return snapshot(
          data.cards.insert(
            { provider: 'uclbrt', status: 'active', cardNo: fields.cardNo ?? randomUUID().replace(/-/g, '').slice(0, 12), ...rest },
            createdAt ?? at,
            undefined,
            originOperationId,
          ),
        );
      });
    },
    changeCard(card, patch) {
      return data.write(() => {
        const { id: _id, createdAt: _c, updatedAt: _u, lastOperationId: _l, ...rest } = patch;
        return snapshot(data.cards.update(card.id, rest, new Date().toISOString(), undefined));
      });
    },
    accept(request, operator = 'clerk') {
      return outbox.submit(request, operator);
    },
    async close() {
      await sync.close();
      await outbox.close();
      data.close();
    },
    cleanup: folder.cleanup,
  };
}

/**
 * Desks for the tests of one describe block: `desk(site, station, options)` opens one (with
 * `defaults` under its options), and each is closed and its folder removed after every test,
 * newest first.
 */
export function useDesks(cluster: { get(): PgCluster }, defaults: DeskOptions = {}) {
  const desks: (TestDesk & { cleanup(): void })[] = [];
  afterEach(async () => {
    for (const d of desks.splice(0).reverse()) {
      await d.close().catch(() => {});
      d.cleanup();
    }
  });
  return (siteId: string, stationId: string, options: DeskOptions = {}): TestDesk => {
    const d = openDesk(cluster.get(), siteId, stationId, { ...defaults, ...options });
    desks.push(d);
    return d;
  };
}
