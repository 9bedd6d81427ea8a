/**
 * Desks synchronising through a real PostgreSQL: convergence, a day offline, the database killed
 * mid-sync, and how fast desk B sees desk A's card with the real sync interval.
 */
import { describe, expect, it } from 'vitest';
import { describeError } from '../../shared/errors';
import { StationFailure } from '../../electron/services/failure';
import { FactLog } from '../../electron/services/site/fact-log';
import { useDesks, type TestDesk } from './desk';
import { setUpSite, useCluster, withoutPostgres } from './helpers';
import { until } from '../outbox/helpers';

const skip = withoutPostgres('site sync (PostgreSQL)');

describe.skipIf(skip)('site sync between desks', () => {
  const cluster = useCluster();
  const desk = useDesks(cluster);

  /** Rooms, operators, cards and activity: what two desks write in a shift. */
  function work(d: TestDesk, n: number, prefix: string): void {
    for (let i = 0; i < n; i++) {
      const card = d.issueCard({
        roomNo: String(100 + (i % 20)),
        cardNo: `${prefix}${String(i).padStart(6, '0')}`,
        holderMobile: `1380000${String(i).padStart(4, '0')}`,
      });
      if (i % 3 === 0) d.changeCard(card, { status: 'lost' });
      if (i % 10 === 0)
        FactLog.append(d.db, {
          type: 'room.changed',
          room: { key: `--${100 + (i % 20)}`, roomNo: String(100 + (i % 20)), name: `${prefix} room ${i}` },
        });
      if (i % 25 === 0)
        FactLog.append(d.db, {
          type: 'operator.changed',
          operator: { name: `${prefix}-clerk-${i % 2}`, role: 'clerk', disabled: i % 50 === 0 },
        });
      FactLog.append(d.db, {
        type: 'audit.entry',
        entry: { at: new Date().toISOString(), operator: prefix, action: 'card.issued', detail: `${prefix} ${i}` },
      });
    }
  }

  it("two desks converge: each sees the other's cards, rooms, operators and activity, and both views are the same", async () => {
    await setUpSite(cluster.get(), 'conv');
    const a = desk('conv', 'front-desk-1');
    const b = desk('conv', 'back-office');
    work(a, 60, 'A');
    work(b, 45, 'B');
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect(a.sync.view.snapshot()).toBe(b.sync.view.snapshot());
    expect(b.sync.view.findCards('A000007')).toMatchObject([{ cardNo: 'A000007', stationId: 'front-desk-1', status: 'active' }]);
    expect(a.sync.view.findCards('B000003')).toMatchObject([{ cardNo: 'B000003', stationId: 'back-office', status: 'lost' }]);
    expect(b.sync.view.activity({ limit: 1 }).total).toBe(105);
    expect(b.sync.view.operators().map((o) => o.name)).toEqual(['A-clerk-0', 'A-clerk-1', 'B-clerk-0', 'B-clerk-1']);
    expect(a.sync.status()).toMatchObject({ state: 'online', behindBy: 0, unpushed: 0 });
  });

  it('a desk offline from the site for a day catches up with no duplicates, and says how far behind it was', async () => {
    const c = cluster.get();
    await setUpSite(c, 'day');
    // A cannot reach the site: its URL names a port nobody listens on.
    const offline = desk('day', 'night-desk', { postgresUrl: c.url('site_day', undefined).replace(`:${c.port}/`, ':1/') });
    const b = desk('day', 'front-desk');
    work(b, 10, 'B');
    await b.sync.syncNow();
    // A busy hotel's day at one desk: about 600 check-ins, each several facts.
    work(offline, 600, 'N');
    const failure = await offline.sync.syncNow().catch((err: unknown) => err as StationFailure);
    expect(failure).toBeInstanceOf(StationFailure);
    expect((failure as StationFailure).error.code).toBe('site.unreachable');
    expect(describeError((failure as StationFailure).error, 'zh-CN').action).toContain('数据不会丢失');
    const status = offline.sync.status();
    expect(status.state).toBe('offline');
    expect(status.offlineSince).toBeDefined();
    expect(status.unpushed).toBe(FactLog.of(offline.db).lastSeq());
    const written = FactLog.of(offline.db).lastSeq();
    await offline.close();

    // The same desk, now reaching the site.
    const back = desk('day', 'night-desk', { dir: offline.dbPath.replace(/\/station\.db$/, '') });
    const report = await back.sync.syncNow();
    expect(report.pushed).toBe(written);
    expect(report.pulled).toBeGreaterThanOrEqual(10);
    // Pushing again changes nothing.
    expect((await back.sync.syncNow()).pushed).toBe(0);
    const [count] = await c.admin<{ n: number; distinct: number; head: string }>(
      `SELECT count(*)::int AS n, count(DISTINCT (station_id, station_seq))::int AS distinct, (SELECT last_pos FROM card_station.site_heads WHERE site_id = 'day') AS head FROM card_station.site_facts WHERE site_id = 'day'`,
    );
    const bFacts = FactLog.of(b.db).lastSeq();
    expect(count).toEqual({ n: written + bFacts, distinct: written + bFacts, head: String(written + bFacts) });
    await b.sync.syncNow();
    expect(b.sync.view.snapshot()).toBe(back.sync.view.snapshot());
    expect(back.sync.status()).toMatchObject({ state: 'online', behindBy: 0, unpushed: 0 });
  });

  it('PostgreSQL killed (SIGKILL) in the middle of a sync and started again: the desk catches up, nothing lost or doubled', async () => {
    const c = cluster.get();
    await setUpSite(c, 'kill');
    const a = desk('kill', 'desk-a', { batchSize: 200 });
    const b = desk('kill', 'desk-b', { batchSize: 200 });
    work(a, 1500, 'K');
    const written = FactLog.of(a.db).lastSeq();
    // Its outcome is looked at after the kill: catch it now so the rejection is never unhandled.
    const syncing = a.sync.syncNow().then(
      () => undefined,
      (err: unknown) => err,
    );
    // Kill the postmaster once some of the backlog is in.
    await until(
      async () =>
        Number((await c.admin<{ n: string }>(`SELECT count(*) AS n FROM card_station.site_facts WHERE site_id = 'kill'`))[0].n) > 0,
      20_000,
      'the first facts to arrive',
    );
    await c.kill();
    const failure = await syncing;
    expect(failure, 'the sync was cut').toBeInstanceOf(StationFailure);
    expect(a.sync.status().state).toBe('offline');
    await c.start();
    await until(
      async () => {
        try {
          await a.sync.syncNow();
          return true;
        } catch {
          return false;
        }
      },
      30_000,
      'a sync after the restart',
    );
    await b.sync.syncNow();
    const [count] = await c.admin<{ n: number; head: string }>(
      `SELECT count(*)::int AS n, (SELECT last_pos FROM card_station.site_heads WHERE site_id = 'kill') AS head FROM card_station.site_facts WHERE site_id = 'kill'`,
    );
    expect(count).toEqual({ n: written, head: String(written) });
    expect(b.sync.view.snapshot()).toBe(a.sync.view.snapshot());
  }, 90_000);

  it('desk B sees a card desk A issued within 2 s, with both syncing on their real interval', async () => {
    await setUpSite(cluster.get(), 'live');
    const a = desk('live', 'front', { autoSync: true });
    const b = desk('live', 'back', { autoSync: true });
    await until(() => a.sync.status().state === 'online' && b.sync.status().state === 'online', 10_000, 'both desks online');
    const lags: number[] = [];
    for (let i = 0; i < 5; i++) {
      const cardNo = `LIVE${i}${Date.now()}`;
      const issuedAt = Date.now();
      a.issueCard({ roomNo: '1203', cardNo });
      await until(() => b.sync.view.findCards(cardNo).length === 1, 5000, `card ${cardNo} at desk B`);
      lags.push(Date.now() - issuedAt);
      await new Promise((r) => setTimeout(r, Math.random() * 300));
    }
    console.log(`desk B saw desk A's cards after ${lags.join(', ')} ms`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(2000);
  });
});
