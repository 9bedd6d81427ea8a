/**
 * A desk for the site tests: its own station.db, an outbox (scripted cloud), the site sync. The
 * stores do not append facts yet (the lead wires them after [tidy]), so this desk does what that
 * wiring will do: each change and its fact in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Operation, OperationRequest } from '../../shared/domain/operations';
import type { CardSnapshot } from '../../shared/site/facts';
import { Outbox } from '../../electron/services/outbox';
import { FactLog } from '../../electron/services/site/fact-log';
import { outboxDesk } from '../../electron/services/site/outbox-desk';
import { siteSendGate } from '../../electron/services/site/send-gate';
import { SiteSync, type SiteSyncOptions } from '../../electron/services/site/sync';
import { openStationDatabase, type StationDatabase } from '../../electron/services/store/database';
import type { PgCluster } from './pg-cluster';
import { FakeExecutor, tempDir } from '../outbox/helpers';
import { deskConfig, SITE_PASSWORD } from './helpers';

export interface TestDesk {
  readonly stationId: string;
  readonly db: StationDatabase;
  readonly outbox: Outbox;
  readonly sync: SiteSync;
  readonly executor: FakeExecutor;
  readonly dbPath: string;
  /** A card entering this desk's registry, with its fact. */
  issueCard(fields: Partial<CardSnapshot> & { roomNo: string }): CardSnapshot;
  changeCard(card: CardSnapshot, patch: Partial<CardSnapshot>): CardSnapshot;
  /** Accepts an operation with its `operation.accepted` fact in the same commit. */
  accept(request: OperationRequest, operator?: string): Promise<Operation>;
  close(): Promise<void>;
}

export interface DeskOptions extends Partial<Pick<SiteSyncOptions, 'intervalMs' | 'adoptAfterMs' | 'batchSize' | 'backoffBaseMs' | 'backoffCapMs'>> {
  executor?: FakeExecutor;
  /** Reuse a data folder (a desk that comes back). */
  dir?: string;
  /** Start the periodic sync (default: no, tests call syncNow). */
  autoSync?: boolean;
  password?: string;
  /** Override the site URL (e.g. a port nobody listens on). */
  postgresUrl?: string;
}

export function acceptedFact(outbox: Outbox, op: Operation) {
  return {
    type: 'operation.accepted' as const,
    at: op.createdAt,
    operation: {
      id: op.id,
      kind: op.kind,
      input: op.input as Record<string, unknown>,
      subjects: outbox.store.subjectsOf(op.id),
      operator: op.operator,
      createdAt: op.createdAt,
    },
  };
}

export function openDesk(cluster: PgCluster, siteId: string, stationId: string, options: DeskOptions = {}): TestDesk & { cleanup: () => void } {
  const folder = options.dir ? { dir: options.dir, cleanup: () => {} } : tempDir(`desk-${stationId}-`);
  const dbPath = join(folder.dir, 'station.db');
  const db = openStationDatabase(dbPath);
  const executor = options.executor ?? new FakeExecutor();
  const adoptAfterMs = options.adoptAfterMs ?? 600_000;
  const outbox = new Outbox({ database: db, executor, sendGate: siteSendGate(db, { adoptAfterMs }), backoff: { baseMs: 20, capMs: 200 }, probeIntervalMs: 100 });
  const config = { ...deskConfig(cluster, siteId, stationId), ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}) };
  const sync = new SiteSync({
    db,
    config,
    password: async () => options.password ?? SITE_PASSWORD,
    desk: outboxDesk(outbox),
    intervalMs: options.intervalMs,
    adoptAfterMs,
    batchSize: options.batchSize,
    backoffBaseMs: options.backoffBaseMs ?? 50,
    backoffCapMs: options.backoffCapMs ?? 500,
  });
  if (options.autoSync) sync.start();
  const write = <T>(fn: () => T): T => db.transaction(fn).immediate();
  return {
    stationId,
    db,
    outbox,
    sync,
    executor,
    dbPath,
    issueCard(fields) {
      return write(() => {
        const at = new Date().toISOString();
        const card = outbox.cards.insert({ provider: 'uclbrt', status: 'active', cardNo: fields.cardNo ?? randomUUID().replace(/-/g, '').slice(0, 12), ...fields }, fields.createdAt ?? at, undefined);
        const snapshot = { ...card } as CardSnapshot;
        FactLog.append(db, { type: 'card.issued', at: card.createdAt, card: snapshot });
        return snapshot;
      });
    },
    changeCard(card, patch) {
      return write(() => {
        const at = new Date().toISOString();
        const updated = { ...outbox.cards.update(card.id, patch, at, undefined) } as CardSnapshot;
        FactLog.append(db, { type: updated.status === 'lost' || updated.status === 'cancelled' ? 'card.revoked' : 'card.changed', at, card: updated });
        return updated;
      });
    },
    accept(request, operator = 'clerk') {
      return outbox.submit(request, operator, { inSameCommit: (op) => FactLog.append(db, acceptedFact(outbox, op)) });
    },
    async close() {
      await sync.close();
      await outbox.close();
      db.close();
    },
    cleanup: folder.cleanup,
  };
}
