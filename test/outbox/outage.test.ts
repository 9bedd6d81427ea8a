import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import { startFakeCloud, httpExecutor, type FakeCloud } from './fake-cloud';
import { tempDir, until } from './helpers';
import { mixedOperations } from './scenario';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('outage (local fake HTTP cloud)', () => {
  it('accepts 200 operations over 50 cards while the cloud is down, then sends each exactly once, in order per card', async () => {
    const cloud: FakeCloud = await startFakeCloud({ latencyMs: () => Math.random() * 5 });
    cleanups.push(() => cloud.close());
    const t = tempDir('outage-');
    cleanups.push(t.cleanup);
    await cloud.down();

    const outbox = new Outbox({
      database: join(t.dir, 'station.db'),
      executor: httpExecutor(cloud.url),
      concurrency: 6,
      backoff: { baseMs: 100, capMs: 1500, rateLimitMs: 1000 },
      probeIntervalMs: 200,
    });
    cleanups.push(() => outbox.close());

    const plan = mixedOperations();
    expect(plan).toHaveLength(200);
    expect(new Set(plan.map((p) => p.card)).size).toBe(50);
    const accepted = [];
    for (const p of plan) accepted.push(await outbox.submit(p.request, 'desk'));
    expect(accepted.every((op) => op.state === 'queued')).toBe(true);

    await until(() => outbox.cloudStatus().find((s) => s.provider === 'uclbrt')?.state === 'offline', 15_000, 'UCLBRT offline');
    const during = outbox.summary()!;
    expect(during.queued + during.sending).toBe(200);
    expect(during.failed + during.uncertain + during.doneRecently).toBe(0);
    expect(cloud.arrivals).toHaveLength(0);

    await cloud.up();
    await until(() => {
      const s = outbox.summary()!;
      return s.queued + s.sending === 0;
    }, 60_000, 'the queue to empty');

    const final = await outbox.list({ limit: 1000, offset: 0 });
    expect(final.items.filter((op) => op.state !== 'done')).toEqual([]);
    // Exactly once: every accepted operation arrived, none twice.
    const arrivedIds = cloud.arrivals.map((a) => a.opId);
    expect(arrivedIds.length).toBe(200);
    expect(new Set(arrivedIds)).toEqual(new Set(accepted.map((op) => op.id)));
    // In order per card.
    for (const card of new Set(plan.map((p) => p.card))) {
      const expected = accepted.filter((_, i) => plan[i].card === card).map((op) => op.id);
      const arrived = cloud.arrivals.filter((a) => a.card === card).map((a) => a.opId);
      expect(arrived, `order for ${card}`).toEqual(expected);
    }
    expect(outbox.cloudStatus().find((s) => s.provider === 'uclbrt')?.state).toBe('online');
  });
});
