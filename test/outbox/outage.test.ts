import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import { startFakeCloud, httpExecutor, type FakeCloud } from './fake-cloud';
import { req, tempDir, until } from './helpers';
import { cardActionOf, PROX_ROOM, QR_ROOMS, startSandboxRig, TUYA_LOCKS } from './sandbox-rig';
import { mixedOperations, WIRE_ACTION } from './scenario';

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
    await until(
      () => {
        const s = outbox.summary()!;
        return s.queued + s.sending === 0;
      },
      60_000,
      'the queue to empty',
    );

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

describe('outage (sandbox cloud, real clients)', () => {
  it('accepts 200 operations over 50 cards while the sandbox is down, then each reaches it exactly once, in order per card', async () => {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const t = tempDir('outage-sandbox-');
    cleanups.push(t.cleanup);
    const outbox = new Outbox({
      database: join(t.dir, 'station.db'),
      executor: rig.executor,
      concurrency: 6,
      backoff: { baseMs: 100, capMs: 1500, rateLimitMs: 1000 },
      probeIntervalMs: 200,
    });
    cleanups.push(() => outbox.close());

    // While the cloud is up: the desk issues the QR and Tuya cards the outage will concern.
    const qrCards: string[] = [];
    for (const room of QR_ROOMS.slice(0, 15)) {
      const op = await outbox.waitSettled(
        (await outbox.submit(req({ kind: 'uclbrt.qr.issue', input: { ...room, mobile: '13800000000', end: '2030-06-01T12:00' } }), 'desk'))
          .id,
        15_000,
      );
      expect(op.state).toBe('done');
      qrCards.push(String(op.result?.cardNo));
    }
    const tuyaCards: { deviceId: string; lockCardId: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const deviceId = TUYA_LOCKS[i % TUYA_LOCKS.length];
      const op = await outbox.waitSettled(
        (await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId, cardId: (0xb0000000 + i).toString(16).toUpperCase() } }), 'desk'))
          .id,
        15_000,
      );
      expect(op.state).toBe('done');
      tuyaCards.push({ deviceId, lockCardId: String(op.result?.lockCardId) });
    }
    const serials = Array.from({ length: 15 }, (_, i) => (0xa1000000 + i).toString(16).toUpperCase());
    const plan = mixedOperations({ qrCards, serials, tuyaCards, proxRoom: PROX_ROOM });
    expect(plan).toHaveLength(200);
    expect(new Set(plan.map((p) => p.card)).size).toBe(50);
    await fetch(`${rig.sandbox.url}/__sandbox/requests`, { method: 'DELETE' });

    // The cloud goes down (its own fault route) and comes back by itself after a few seconds.
    const fault = await fetch(`${rig.sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: 'down', ms: 4000 }),
    });
    expect(fault.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const accepted = [];
    for (const p of plan) accepted.push(await outbox.submit(p.request, 'desk'));
    expect(accepted.every((op) => op.state === 'queued')).toBe(true);
    await until(() => outbox.cloudStatus().find((s) => s.provider === 'uclbrt')?.state === 'offline', 3500, 'UCLBRT offline');
    const during = outbox.summary()!;
    expect(during.queued + during.sending).toBe(200);
    expect(during.failed + during.uncertain).toBe(0);

    await until(
      () => {
        const s = outbox.summary()!;
        return s.queued + s.sending === 0;
      },
      60_000,
      'the queue to empty',
    );
    const final = await outbox.list({ limit: 1000, offset: 0 });
    expect(final.items.filter((op) => op.state !== 'done').map((op) => `${op.kind} ${op.state} ${op.lastError?.message}`)).toEqual([]);

    // What arrived, per card, is exactly the plan: each operation once, in order.
    const arrived = new Map<string, string[]>();
    for (const r of await rig.requests()) {
      const ca = cardActionOf(r);
      if (!ca) continue;
      arrived.set(ca.card, [...(arrived.get(ca.card) ?? []), ca.action]);
    }
    let total = 0;
    for (const card of new Set(plan.map((p) => p.card))) {
      const expected = plan.filter((p) => p.card === card).map((p) => WIRE_ACTION[p.request.kind]);
      expect(arrived.get(card), `requests for ${card}`).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBe(200);
    expect([...arrived.values()].flat()).toHaveLength(200);
    expect(outbox.cloudStatus().find((s) => s.provider === 'uclbrt')?.state).toBe('online');
  }, 120_000);
});
