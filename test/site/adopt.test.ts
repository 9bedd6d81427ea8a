/**
 * A supervisor takes over the queued operations of a desk that is gone: the site database hands
 * them over exactly once (two supervisors racing: one wins), the adopter sends each once, and the
 * gone desk, when it comes back, sends none of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../shared/domain/operations';
import { StationFailure } from '../../electron/services/failure';
import { down, FakeExecutor, qrIssue, refused, until } from '../outbox/helpers';
import { openDesk, type TestDesk } from './desk';
import { setUpSite, useCluster, withoutPostgres } from './helpers';

const skip = withoutPostgres('site adopt (PostgreSQL)');
const ADOPT_AFTER_MS = 1500;

describe.skipIf(skip)("adopting a gone desk's operations", () => {
  const cluster = useCluster();
  const desks: (TestDesk & { cleanup(): void })[] = [];
  const desk = (site: string, station: string, options: Parameters<typeof openDesk>[3] = {}) => {
    const d = openDesk(cluster.get(), site, station, { adoptAfterMs: ADOPT_AFTER_MS, ...options });
    desks.push(d);
    return d;
  };
  afterEach(async () => {
    for (const d of desks.splice(0).reverse()) {
      await d.close().catch(() => {});
      d.cleanup();
    }
  });

  /**
   * A desk whose cloud cannot be reached (or refuses what `refuse` says): each operation is tried
   * once and then waits (a long backoff, probes unanswered), so what the site hears is settled.
   */
  const unreachableDesk = (site: string, station: string, refuse: (mobile: string) => boolean = () => false) => {
    const executor = new FakeExecutor((call) => (refuse((call.input as { mobile: string }).mobile) ? refused() : down()));
    executor.probeAnswer = false;
    return desk(site, station, { executor, retryBackoff: { baseMs: 600_000, capMs: 600_000 } });
  };
  const triedOnce = async (d: TestDesk, count: number) =>
    until(
      async () => d.executor.calls.length >= count && (await d.outbox.list({ states: ['sending'], limit: 1, offset: 0 })).total === 0,
      10_000,
      'every operation tried once',
    );

  it('two supervisors race: exactly one takes the operations, each reaches the cloud once, and the gone desk sends none of them when it comes back', async () => {
    await setUpSite(cluster.get(), 'adopt');
    // Desk A accepts a queue while the cloud is down (the first one it refuses), tells the site, and dies.
    const mobiles = Array.from({ length: 12 }, (_, i) => String(13900000000 + i));
    const a = unreachableDesk('adopt', 'desk-a', (mobile) => mobile === mobiles[0]);
    const accepted: Operation[] = [];
    for (const [i, mobile] of mobiles.entries()) accepted.push(await a.accept(qrIssue(String(300 + i), mobile)));
    await triedOnce(a, 12);
    // The site hears (from A's own stores) that the first one failed at A: it is left for a person, not adopted.
    expect((await a.outbox.get(accepted[0].id)).state).toBe('failed');
    await a.sync.syncNow();
    const aDir = a.dbPath.replace(/\/station\.db$/, '');
    await a.close();
    desks.splice(desks.indexOf(a), 1);

    const s1 = desk('adopt', 'supervisor-1');
    const s2 = desk('adopt', 'supervisor-2');
    await expect(s1.sync.adopt('desk-a', 'wang')).rejects.toMatchObject({ error: { code: 'site.adopt-alive' } });
    await new Promise((r) => setTimeout(r, ADOPT_AFTER_MS + 200));

    const preview = await s1.sync.adopt('desk-a', 'wang', { dryRun: true });
    expect(preview.taken).toHaveLength(11);
    expect(preview.left).toEqual([{ operationId: accepted[0].id, kind: 'uclbrt.qr.issue', state: 'failed' }]);

    const [r1, r2] = await Promise.all([s1.sync.adopt('desk-a', 'wang'), s2.sync.adopt('desk-a', 'zhao')]);
    const taken = [...r1.taken, ...r2.taken];
    expect([r1.taken.length, r2.taken.length].sort()).toEqual([0, 11]);
    expect(new Set(taken.map((t) => t.operationId)).size).toBe(11);
    expect(taken.map((t) => t.operationId).sort()).toEqual(
      accepted
        .slice(1)
        .map((op) => op.id)
        .sort(),
    );
    const winner = r1.taken.length ? s1 : s2;
    const loser = winner === s1 ? s2 : s1;

    // The winner's outbox sends them (to its own cloud connection), each once.
    await until(
      async () => (await winner.outbox.list({ states: ['done'], limit: 100, offset: 0 })).total === 11,
      15_000,
      'the adopted operations to be done',
    );
    await winner.sync.syncNow();
    await loser.sync.syncNow();
    const sentMobiles = [...s1.executor.calls, ...s2.executor.calls].map((c) => (c.input as { mobile: string }).mobile).sort();
    expect(sentMobiles).toEqual(mobiles.slice(1).sort());
    // Every desk's site view says who took what.
    const op = loser.sync.view.operation(accepted[5].id);
    expect(op).toMatchObject({ stationId: 'desk-a', adoptedBy: winner.stationId });

    // Desk A comes back with its cloud reachable. Before it hears from the site it holds what the
    // site could have handed away, but sends what it accepts now (the site never saw that).
    const back = desk('adopt', 'desk-a', { dir: aDir, executor: new FakeExecutor() });
    // Its waiting operations are due now (as after a long absence): only the send gate holds them.
    back.data.write(() => back.data.operations.makeDue(Date.now()));
    back.outbox.wake();
    const fresh = await back.accept(qrIssue('399', '13911111111'));
    await back.outbox.waitSettled(fresh.id, 5000);
    expect((await back.outbox.get(fresh.id)).state).toBe('done');
    await new Promise((r) => setTimeout(r, 300));
    expect(back.executor.calls.map((c) => c.id)).toEqual([fresh.id]);

    const report = await back.sync.syncNow();
    expect(report.withdrawn).toBe(11);
    for (const op of accepted.slice(1)) {
      expect((await back.outbox.get(op.id)).state).toBe('discarded');
    }
    const history = back.outbox.audit.list({ action: 'operation.adopted-elsewhere', limit: 100 });
    expect(history.total).toBe(11);
    expect(history.items[0].error?.code).toBe('site.adopted-elsewhere');
    // The one the site left (it failed at A) is A's to settle: a person there sends it again, from A.
    expect((await back.outbox.get(accepted[0].id)).state).toBe('failed');
    await back.outbox.retry(accepted[0].id, 'li');
    await until(() => back.executor.calls.some((c) => c.id === accepted[0].id), 5000, 'the left-behind operation to be sent from desk A');
    await new Promise((r) => setTimeout(r, 300));
    expect(back.executor.calls.map((c) => c.id).sort()).toEqual([fresh.id, accepted[0].id].sort());

    // A's stores told the site that both went out from A.
    await back.outbox.waitSettled(accepted[0].id, 5000);
    await back.sync.syncNow();
    await loser.sync.syncNow();
    expect(loser.sync.view.operation(accepted[0].id)).toMatchObject({ stationId: 'desk-a', state: 'done' });
    expect(loser.sync.view.operation(fresh.id)).toMatchObject({ stationId: 'desk-a', state: 'done' });
    // A second adopt finds nothing more; a desk cannot adopt itself.
    await new Promise((r) => setTimeout(r, ADOPT_AFTER_MS + 200));
    await expect(back.sync.adopt('desk-a', 'li')).rejects.toMatchObject({ error: { code: 'site.adopt-self' } });
    expect((await loser.sync.adopt('desk-a', 'zhao')).taken).toEqual([]);
  }, 60_000);

  it('a desk that lost its adoption record in a crash queues the adopted operations at its next sync, still once', async () => {
    await setUpSite(cluster.get(), 'again');
    const a = unreachableDesk('again', 'gone');
    for (let i = 0; i < 3; i++) await a.accept(qrIssue(String(500 + i), String(13700000000 + i)));
    await triedOnce(a, 3);
    await a.sync.syncNow();
    await a.close();
    desks.splice(desks.indexOf(a), 1);
    await new Promise((r) => setTimeout(r, ADOPT_AFTER_MS + 200));

    // The adopter claims them in the site database and "crashes" before queueing them locally.
    const s = unreachableDesk('again', 'supervisor');
    const claimed = await s.sync.remote.adopt('gone', ADOPT_AFTER_MS);
    expect(claimed).toHaveLength(3);
    expect(s.outbox.summary()?.queued).toBe(0);
    const first = await s.sync.syncNow();
    expect(first.adoptedQueued).toBe(3);
    expect((await s.sync.syncNow()).adoptedQueued).toBe(0);
    await triedOnce(s, 3);
    expect(s.executor.calls).toHaveLength(3);
    expect((await s.outbox.list({ states: ['queued'], limit: 10, offset: 0 })).total).toBe(3);
  });

  it('a failure to reach the site during adopt says so', async () => {
    const c = cluster.get();
    await setUpSite(c, 'noreach');
    const s = desk('noreach', 'supervisor', { postgresUrl: c.url('site_noreach').replace(`:${c.port}/`, ':1/') });
    const failure = await s.sync.adopt('someone', 'wang').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StationFailure);
    expect((failure as StationFailure).error.code).toBe('site.unreachable');
  });
});
