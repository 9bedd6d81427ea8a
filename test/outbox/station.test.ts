import { join } from 'node:path';
import { openSqlite } from '../../electron/services/store/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import type { StationStatus } from '../../shared/domain/status';
import type { Operation } from '../../shared/domain/operations';
import { req, tempDir, until } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoStation(dataDir: string): Promise<Station> {
  const station = await createStation(parseStationConfig({ encoder: { driver: 'none' } }), {
    secrets: new MemorySecretStore(),
    log: silentLogger,
    dataDir,
  });
  cleanups.push(() => station.close());
  return station;
}

describe('outbox in the station', () => {
  it('a demo station sends an issue through its sandbox, pushes the operation and the queue summary, and remembers the card', async () => {
    const t = tempDir('station-');
    cleanups.push(t.cleanup);
    const station = await demoStation(t.dir);
    const updates: Operation[] = [];
    const statuses: StationStatus[] = [];
    station.events.on('operation:updated', (op) => updates.push(op));
    station.events.on('station:status', (s) => statuses.push(s));
    expect(station.status().queue).toMatchObject({ queued: 0, failed: 0 });

    const op = await station.outbox.submit(
      req({
        kind: 'uclbrt.qr.issue',
        input: { buildNo: '1', floorNo: '1', roomNo: '101', mobile: '13800000000', end: '2030-01-01T12:00' },
      }),
      'desk',
    );
    expect(op.state).toBe('queued');
    await until(() => updates.some((u) => u.id === op.id && u.state === 'done'), 15_000, 'the issue done');
    await until(() => statuses.some((s) => s.queue?.doneRecently === 1), 5_000, 'a status push');
    expect(station.status().clouds.find((c) => c.provider === 'uclbrt')?.state).toBe('online');
    const [card] = await station.registry.find({ query: '101', limit: 5 });
    expect(card).toMatchObject({ roomNo: '101', status: 'active', holderMobile: '13800000000' });
    expect(card.cardNo).toBe(updates.find((u) => u.state === 'done')?.result?.cardNo);
    const history = await station.registry.details({ cardId: card.id });
    expect(history.history.map((h) => h.action).reverse()).toEqual(['operation.accepted', 'operation.done']);
  });

  it('refuses to start on a database from a newer version, saying which, and leaves it alone', async () => {
    const t = tempDir('station-');
    cleanups.push(t.cleanup);
    const path = join(t.dir, 'station.db');
    const future = openSqlite(path, { timeoutMs: 1000 });
    future.exec(
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('app_version', '3.0.0'); PRAGMA user_version = 99;`,
    );
    future.close();
    await expect(demoStation(t.dir)).rejects.toMatchObject({ error: { code: 'outbox.db-newer', params: { version: '3.0.0' } } });
    const check = openSqlite(path, { timeoutMs: 1000 });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });
});
