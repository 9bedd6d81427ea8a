/**
 * What the site holds back, and what the queue says about it (site/send-gate.ts siteHold): work on
 * a room waits for another desk's earlier work on it (and a person must decide there when that
 * failed), and a desk that has not heard from the site for a while holds what another desk could
 * have taken over. Desks here are outboxes on the real stores (test/site/desk.ts).
 */
import { describe, expect, it } from 'vitest';
import { down, FakeExecutor, qrIssue, refused, until } from '../outbox/helpers';
import { useDesks } from './desk';
import { setUpSite, useCluster, withoutPostgres } from './helpers';

describe.skipIf(withoutPostgres('room order across desks (PostgreSQL)'))('what the site holds back', () => {
  const cluster = useCluster();
  const desk = useDesks(cluster);

  it("a room's work waits for another desk's earlier work on it; stuck there, a person there must decide; then it goes", async () => {
    await setUpSite(cluster.get(), 'order');
    // Desk A's cloud refuses its key for room 1203 (a person there must decide); desk B's cloud works.
    const a = desk('order', 'desk-a', { executor: new FakeExecutor(() => refused()), retryBackoff: { baseMs: 600_000, capMs: 600_000 } });
    const b = desk('order', 'desk-b');
    const first = await a.accept(qrIssue('1203', '13900000001'));
    await until(async () => (await a.outbox.get(first.id)).state === 'failed', 5000, "A's key refused");
    await a.sync.syncNow();
    await b.sync.syncNow();

    const later = await b.accept(qrIssue('1203', '13900000002'));
    const other = await b.accept(qrIssue('1204', '13900000003'));
    await b.outbox.waitSettled(other.id, 5000);
    // Another room is not held; this one is, and says by what and where.
    expect((await b.outbox.get(other.id)).state).toBe('done');
    const held = await b.outbox.get(later.id);
    expect(held.state).toBe('queued');
    expect(held.waitingFor).toMatchObject({
      operationId: first.id,
      state: 'failed',
      needsDecision: true,
      reason: { code: 'site.blocked-at-desk', params: { station: 'desk-a', room: '--1203' } },
    });
    expect(b.executor.callsFor(later.id)).toEqual([]);

    // At A a person sends it again; once the site says it is done, B's goes.
    a.executor.script = () => ({ kind: 'success', result: { cardNo: 'QR1203A' } });
    await a.outbox.retry(first.id, 'li');
    await a.outbox.waitSettled(first.id, 5000);
    await a.sync.syncNow();
    expect((await b.outbox.get(later.id)).waitingFor?.reason.code).toBe('site.blocked-at-desk');
    await b.sync.syncNow();
    b.outbox.wake();
    await b.outbox.waitSettled(later.id, 5000);
    expect((await b.outbox.get(later.id)).state).toBe('done');
  });

  it('an earlier operation of another desk still queued there: waiting, not a decision; a later one of that desk does not hold this one', async () => {
    await setUpSite(cluster.get(), 'queue');
    const downExecutor = new FakeExecutor(() => down());
    downExecutor.probeAnswer = false;
    const a = desk('queue', 'desk-a', { executor: downExecutor, retryBackoff: { baseMs: 600_000, capMs: 600_000 } });
    const b = desk('queue', 'desk-b');
    const early = await a.accept(qrIssue('1301', '13900000011'));
    const mine = await b.accept(qrIssue('1302', '13900000012'));
    await b.outbox.waitSettled(mine.id, 5000);
    await a.sync.syncNow();
    await b.sync.syncNow();
    const held = await b.accept(qrIssue('1301', '13900000013'));
    expect((await b.outbox.get(held.id)).waitingFor).toMatchObject({
      operationId: early.id,
      needsDecision: false,
      reason: { code: 'site.waiting-for-desk' },
    });
    // A's own later work on room 1302 waits for B's earlier (done) work: nothing holds it.
    const late = await a.accept(qrIssue('1302', '13900000014'));
    expect((await a.outbox.get(late.id)).waitingFor).toBeUndefined();
  });

  it('a desk that has not heard from the site for a while holds what another desk could have taken over, and says so', async () => {
    await setUpSite(cluster.get(), 'quiet');
    const downExecutor = new FakeExecutor(() => down());
    downExecutor.probeAnswer = false;
    const a = desk('quiet', 'desk-a', { executor: downExecutor, retryBackoff: { baseMs: 600_000, capMs: 600_000 }, adoptAfterMs: 1000 });
    const op = await a.accept(qrIssue('1401', '13900000021'));
    await until(() => a.executor.calls.length === 1, 5000, 'one attempt');
    await a.sync.syncNow();
    expect((await a.outbox.get(op.id)).waitingFor).toBeUndefined();
    await new Promise((r) => setTimeout(r, 600));
    expect((await a.outbox.get(op.id)).waitingFor).toMatchObject({
      operationId: op.id,
      needsDecision: false,
      reason: { code: 'site.waiting-for-site' },
    });
    // Accepted after the last push: the site never saw it, so no other desk can have taken it.
    const fresh = await a.accept(qrIssue('1402', '13900000022'));
    expect((await a.outbox.get(fresh.id)).waitingFor).toBeUndefined();
    await a.sync.syncNow();
    expect((await a.outbox.get(op.id)).waitingFor).toBeUndefined();
  });
});
