import { join } from 'node:path';
import { openSqlite } from '../../electron/services/store/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxOptions } from '../../electron/services/outbox';
import { StationEvents } from '../../electron/services/events';
import { StationFailure } from '../../electron/services/failure';
import type { Operation } from '../../shared/domain/operations';
import { stationError } from '../../shared/errors';
import { cancelQr, down, FakeExecutor, lostResponse, qrIssue, refused, reportLost, tempDir, tuyaFreeze, tuyaIssue, until } from './helpers';

const FAST = { baseMs: 20, capMs: 200, rateLimitMs: 400 };
const open: Outbox[] = [];
const cleanups: (() => void)[] = [];

function makeOutbox(executor: FakeExecutor, extra: Partial<OutboxOptions> = {}, dir?: string): Outbox {
  let where = dir;
  if (!where) {
    const t = tempDir();
    cleanups.push(t.cleanup);
    where = t.dir;
  }
  const outbox = new Outbox({ database: join(where, 'station.db'), executor, backoff: FAST, probeIntervalMs: 50, ...extra });
  open.push(outbox);
  return outbox;
}

afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  for (const c of cleanups.splice(0)) c();
});

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StationFailure) return err.error.code;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('outbox', () => {
  it('commits an operation to disk before the cloud is called', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const seenInDb: (string | undefined)[] = [];
    const executor = new FakeExecutor((call) => {
      // A second, independent connection sees the committed row while the "network call" runs.
      const other = openSqlite(join(t.dir, 'station.db'), { timeoutMs: 1000 });
      const row = other.prepare('SELECT state FROM operations WHERE id = ?').get(call.id) as { state: string } | undefined;
      other.close();
      seenInDb.push(row?.state);
      return { kind: 'success', result: { cardNo: 'QR123456' } };
    });
    const outbox = makeOutbox(executor, {}, t.dir);
    const op = await outbox.submit(qrIssue('101'), 'alice');
    expect(op.state).toBe('queued');
    const done = await outbox.waitSettled(op.id, 10_000);
    expect(done.state).toBe('done');
    expect(done.result).toEqual({ cardNo: 'QR123456' });
    expect(seenInDb).toEqual(['sending']);
  });

  it('updates the card registry and the activity log from outcomes', async () => {
    const executor = new FakeExecutor((call) => ({
      kind: 'success',
      result: call.kind === 'uclbrt.qr.issue' ? { cardNo: 'QR777001' } : {},
    }));
    const outbox = makeOutbox(executor);
    const issued = await outbox.waitSettled((await outbox.submit(qrIssue('808', '13912345678'), 'alice')).id, 10_000);
    expect(issued.state).toBe('done');
    const [card] = outbox.cards.search('808', 10);
    expect(card).toMatchObject({ provider: 'uclbrt', roomNo: '808', cardNo: 'QR777001', holderMobile: '13912345678', status: 'active' });
    const lost = await outbox.waitSettled((await outbox.submit(reportLost('QR777001'), 'bob')).id, 10_000);
    expect(lost.state).toBe('done');
    expect(outbox.cards.byCardNo('QR777001')?.status).toBe('lost');
    const actions = outbox.audit
      .list({ limit: 100 })
      .items.map((e) => `${e.operator} ${e.action}`)
      .reverse();
    expect(actions).toEqual(['alice operation.accepted', 'alice operation.done', 'bob operation.accepted', 'bob operation.done']);
  });

  it('sends operations on one subject in order, and a failed one holds back only its own subject', async () => {
    const failFirst = new Set<string>();
    const executor = new FakeExecutor((call) => (failFirst.has(call.id) ? refused() : { kind: 'success', result: {} }));
    const outbox = makeOutbox(executor, { autoStart: false });
    const a1 = await outbox.submit(reportLost('CARDAAA1'), 'x');
    failFirst.add(a1.id);
    const a2 = await outbox.submit(cancelQr('CARDAAA1'), 'x');
    const b1 = await outbox.submit(reportLost('CARDBBB1'), 'x');
    const b2 = await outbox.submit(cancelQr('CARDBBB1'), 'x');
    outbox.start();
    await outbox.drain();
    expect((await outbox.get(a1.id)).state).toBe('failed');
    expect((await outbox.get(a2.id)).state).toBe('queued');
    expect((await outbox.get(b1.id)).state).toBe('done');
    expect((await outbox.get(b2.id)).state).toBe('done');
    expect(executor.calls.map((c) => c.id).filter((id) => id === b1.id || id === b2.id)).toEqual([b1.id, b2.id]);
    expect(executor.callsFor(a2.id)).toHaveLength(0);
    // A person gives up the failed one: the next on that card goes out.
    await outbox.discard(a1.id, 'manager');
    await outbox.drain();
    expect((await outbox.get(a2.id)).state).toBe('done');
  });

  it('retries with growing, capped delays and sends when the cloud is back', async () => {
    let cloudUp = false;
    const executor = new FakeExecutor(() => (cloudUp ? { kind: 'success', result: {} } : down()));
    const outbox = makeOutbox(executor, { probeIntervalMs: 60_000 });
    const op = await outbox.submit(cancelQr('CARD0001'), 'x');
    await until(
      async () => executor.callsFor(op.id).length >= 4 && (await outbox.get(op.id)).state === 'queued',
      10_000,
      'four attempts, waiting',
    );
    const waiting = await outbox.get(op.id);
    expect(waiting.state).toBe('queued');
    expect(waiting.lastError?.message).toContain('connection refused');
    expect(Date.parse(waiting.nextAttemptAt!)).toBeGreaterThan(Date.now() - 1000);
    cloudUp = true;
    expect((await outbox.waitSettled(op.id, 10_000)).state).toBe('done');
    // Deferrals for the same reason are noted once, not per attempt.
    const deferrals = outbox.audit.list({ action: 'operation.deferred', limit: 100 }).total;
    expect(deferrals).toBe(1);
  });

  it('waits at least as long as a rate-limit answer asks', async () => {
    const executor = new FakeExecutor((_, nth) =>
      nth === 1 ? { kind: 'retryable', error: stationError('uclbrt.4005'), retryAfterMs: 1500 } : { kind: 'success', result: {} },
    );
    const outbox = makeOutbox(executor);
    const before = Date.now();
    const op = await outbox.submit(cancelQr('CARD0002'), 'x');
    await until(async () => (await outbox.get(op.id)).attempts === 1 && (await outbox.get(op.id)).state === 'queued', 5000, 'deferral');
    const waiting = await outbox.get(op.id);
    expect(Date.parse(waiting.nextAttemptAt!) - before).toBeGreaterThanOrEqual(1500);
    expect(outbox.cloudStatus().find((s) => s.provider === 'uclbrt')?.state).toBe('degraded');
    expect((await outbox.waitSettled(op.id, 10_000)).state).toBe('done');
    expect(outbox.cloudStatus().find((s) => s.provider === 'uclbrt')?.state).toBe('online');
  });

  it('retries an idempotent operation after an ambiguous outcome but leaves an issue uncertain for a person', async () => {
    const executor = new FakeExecutor((call, nth) =>
      nth === 1 ? lostResponse() : { kind: 'success', result: call.kind === 'tuya.issue' ? { lock_card_id: 'L99' } : {} },
    );
    const outbox = makeOutbox(executor);
    const freeze = await outbox.submit(tuyaFreeze('dev1', 'L1'), 'x');
    const issue = await outbox.submit(tuyaIssue('dev1', 'A1B2C3D4'), 'x');
    expect((await outbox.waitSettled(freeze.id, 10_000)).state).toBe('done');
    expect(executor.callsFor(freeze.id)).toHaveLength(2);
    const uncertain = await outbox.waitSettled(issue.id, 10_000);
    expect(uncertain.state).toBe('uncertain');
    await new Promise((r) => setTimeout(r, 300));
    expect(executor.callsFor(issue.id)).toHaveLength(1);
    expect(outbox.cards.search('A1B2C3D4', 5)[0]?.status).toBe('pending');
    // The person checked the lock and decides to send it again.
    await outbox.retry(issue.id, 'manager');
    const done = await outbox.waitSettled(issue.id, 10_000);
    expect(done.state).toBe('done');
    expect(outbox.cards.search('L99', 5)[0]).toMatchObject({ deviceId: 'dev1', lockCardId: 'L99', status: 'active' });
    expect(outbox.audit.list({ action: 'operation.retried', limit: 10 }).items[0]?.operator).toBe('manager');
  });

  it('refuses to retry a done operation and to discard one that is done', async () => {
    const outbox = makeOutbox(new FakeExecutor());
    const op = await outbox.waitSettled((await outbox.submit(cancelQr('CARD0003'), 'x')).id, 10_000);
    expect(op.state).toBe('done');
    expect(await errorOf(outbox.retry(op.id, 'x'))).toBe('outbox.not-retryable');
    expect(await errorOf(outbox.discard(op.id, 'x'))).toBe('outbox.not-discardable');
    expect(await errorOf(outbox.get('no-such-op'))).toBe('outbox.not-found');
  });

  it('a corrected resend replaces a failed operation and keeps its place in line', async () => {
    const executor = new FakeExecutor((call) =>
      (call.input as { roomNo?: string }).roomNo === '999' ? refused() : { kind: 'success', result: { cardNo: 'QRFIXED1' } },
    );
    const outbox = makeOutbox(executor);
    const bad = await outbox.waitSettled((await outbox.submit(qrIssue('999'), 'x')).id, 10_000);
    expect(bad.state).toBe('failed');
    const fixed = await outbox.resend(bad.id, qrIssue('909'), 'manager');
    expect(fixed.replaces).toBe(bad.id);
    expect((await outbox.get(bad.id)).state).toBe('discarded');
    expect((await outbox.waitSettled(fixed.id, 10_000)).state).toBe('done');
    const cards = outbox.cards.search('QRFIXED1', 5);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ roomNo: '909', status: 'active' });
    expect(await errorOf(outbox.resend(fixed.id, qrIssue('909'), 'x'))).toBe('outbox.not-resendable');
  });

  it('keeps different subjects in parallel up to the limit', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const executor = new FakeExecutor(async () => {
      await gate;
      return { kind: 'success', result: {} };
    });
    const outbox = makeOutbox(executor, { concurrency: 3 });
    const ops = await Promise.all(Array.from({ length: 8 }, (_, i) => outbox.submit(cancelQr(`CARDP${String(i).padStart(4, '0')}`), 'x')));
    await until(() => executor.inFlight === 3, 5000, 'three in flight');
    await new Promise((r) => setTimeout(r, 100));
    expect(executor.inFlight).toBe(3);
    release();
    for (const op of ops) expect((await outbox.waitSettled(op.id, 10_000)).state).toBe('done');
    expect(executor.maxInFlight).toBe(3);
  });

  it('reports a provider offline after repeated failures, probes it, and sends at once when it answers', async () => {
    let cloudUp = false;
    const executor = new FakeExecutor(() => (cloudUp ? { kind: 'success', result: {} } : down()));
    executor.probeAnswer = false;
    const events = new StationEvents();
    const updates: Operation[] = [];
    events.on('operation:updated', (op) => updates.push(op));
    let notified = 0;
    const outbox = makeOutbox(executor, { events, notify: () => notified++, backoff: { baseMs: 20, capMs: 60_000, rateLimitMs: 400 } });
    const op = await outbox.submit(cancelQr('CARD0004'), 'x');
    await until(() => outbox.cloudStatus()[0]?.state === 'offline', 10_000, 'offline');
    expect(outbox.cloudStatus()[0]).toMatchObject({ provider: 'uclbrt', state: 'offline' });
    await until(() => executor.probes.length > 0, 5000, 'a probe');
    cloudUp = true;
    executor.probeAnswer = true;
    expect((await outbox.waitSettled(op.id, 10_000)).state).toBe('done');
    expect(outbox.cloudStatus()[0]?.state).toBe('online');
    expect(updates.some((u) => u.id === op.id && u.state === 'done')).toBe(true);
    await until(() => notified > 0, 2000, 'a status push');
    expect(outbox.summary()).toMatchObject({ queued: 0, sending: 0, doneRecently: 1 });
  });

  it('after a crash, an idempotent operation caught sending goes back to the queue and an issue becomes uncertain', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const first = makeOutbox(new FakeExecutor(), { autoStart: false }, t.dir);
    const cancel = await first.submit(cancelQr('CARD0005'), 'x');
    const issue = await first.submit(qrIssue('202'), 'x');
    // Simulate a process that claimed both and died before recording an outcome.
    first.db.prepare(`UPDATE operations SET state = 'sending', attempts = 1, owner = '999999999:dead'`).run();
    await first.close();
    open.splice(open.indexOf(first), 1);
    const executor = new FakeExecutor();
    const second = makeOutbox(executor, {}, t.dir);
    expect((await second.waitSettled(cancel.id, 10_000)).state).toBe('done');
    const stuck = await second.get(issue.id);
    expect(stuck.state).toBe('uncertain');
    expect(stuck.lastError?.code).toBe('outbox.interrupted');
    expect(executor.callsFor(issue.id)).toHaveLength(0);
  });

  it('accepts many operations submitted at once in one durable commit', async () => {
    const outbox = makeOutbox(new FakeExecutor(), { autoStart: false });
    const ops = await Promise.all(Array.from({ length: 500 }, (_, i) => outbox.submit(cancelQr(`BULK${String(i).padStart(5, '0')}`), 'x')));
    expect(new Set(ops.map((o) => o.id)).size).toBe(500);
    expect(outbox.summary()?.queued).toBe(500);
  });
});

describe('outcome rules', () => {
  it('counts "already cancelled" after an ambiguous first attempt as done, but not on a first attempt', async () => {
    const already = { kind: 'permanent' as const, error: stationError('uclbrt.5301') };
    const executor = new FakeExecutor((call, nth) =>
      (call.input as { cardNo: string }).cardNo === 'CARDAMB1' && nth === 1 ? lostResponse() : already,
    );
    const outbox = makeOutbox(executor);
    const retried = await outbox.submit(cancelQr('CARDAMB1'), 'x');
    const fresh = await outbox.submit(cancelQr('CARDNEW1'), 'x');
    expect(await outbox.waitSettled(retried.id, 10_000)).toMatchObject({ state: 'done', result: { alreadyDone: 'uclbrt.5301' } });
    expect(await outbox.waitSettled(fresh.id, 10_000)).toMatchObject({ state: 'failed', lastError: { code: 'uclbrt.5301' } });
  });
});

describe('two stations on one data folder (the app and the CLI)', () => {
  it('never sends an operation twice and keeps per-card order when both workers run', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const calls: string[] = [];
    const slow = () =>
      new FakeExecutor(async (call) => {
        calls.push(call.id);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return { kind: 'success', result: {} };
      });
    const app = makeOutbox(slow(), { autoStart: false, concurrency: 4 }, t.dir);
    const cli = makeOutbox(slow(), { autoStart: false, concurrency: 4 }, t.dir);
    const submitted: Operation[] = [];
    for (let i = 0; i < 120; i++)
      submitted.push(await (i % 2 ? app : cli).submit(i % 3 ? cancelQr(`TWO${i % 10}0000`) : reportLost(`TWO${i % 10}0000`), 'x'));
    app.start();
    cli.start();
    await Promise.all([app.drain(), cli.drain()]);
    await until(() => app.summary()!.queued + app.summary()!.sending === 0, 10_000, 'both drained');
    expect(calls).toHaveLength(120);
    expect(new Set(calls).size).toBe(120);
    for (let card = 0; card < 10; card++) {
      const expected = submitted.filter((op) => op.subject === `uclbrt:qr:TWO${card}0000`).map((op) => op.id);
      expect(calls.filter((id) => expected.includes(id))).toEqual(expected);
    }
  });
});
