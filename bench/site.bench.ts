/**
 * Site sync under load, against a real PostgreSQL (Debian's postgresql, a throwaway cluster with
 * fsync on): 250 simulated desks across 50 sites at 10x a busy check-in peak.
 *
 * A busy peak: one check-in per desk per minute, each about six facts (operation accepted, its
 * state, card issued, card active, two activity entries). 10x that: a check-in every 6 s per desk,
 * about 1 fact per second per desk. Every desk runs the real SiteSync (hello, push, pull, on its
 * 500 ms interval and at once after a new fact); the desks' own station.db are in memory, so the
 * figures are the site path's (PostgreSQL and the sync), not this one machine's disk for 250 PCs.
 *
 * Prints: facts/s sustained, sync lag p50/p95 (a fact appended at one desk until another desk of
 * the site has pulled it; goal p95 <= 1 s), catch-up of 100,000 facts by a desk with a real
 * station.db on disk (goal <= 30 s), and beside them what this PostgreSQL does on its own: the
 * same rows inserted by a plain loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FACT_VERSION, type Fact } from '../shared/site/facts';
import { FactLog, type LoggedFact } from '../electron/services/site/fact-log';
import { initSite } from '../electron/services/site/pg/init';
import { SiteRemote } from '../electron/services/site/pg/remote';
import { SiteSync } from '../electron/services/site/sync';
import { openStationDatabase } from '../electron/services/store/database';
import { needs, POSTGRESQL } from '../test/system-requirements';
import { startPgCluster, type PgCluster } from '../test/site/pg-cluster';

const SITES = Number(process.env.SITE_BENCH_SITES ?? 50);
const DESKS_PER_SITE = 5;
const RUN_MS = Number(process.env.SITE_BENCH_SECONDS ?? 20) * 1000;
const FACTS_PER_DESK_PER_S = 1;
const CATCH_UP_FACTS = 100_000;
const PASSWORD = 'Bench-Passw0rd!';

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const site = (i: number) => `bench-${String(i).padStart(2, '0')}`;
const roleOf = (s: string) => `site_${s.replace(/-/g, '_')}`;

function auditFact(detail: string): Omit<Extract<Fact, { type: 'audit.entry' }>, 'v' | 'at'> {
  return { type: 'audit.entry', entry: { at: new Date().toISOString(), operator: 'bench', action: 'card.issued', detail } };
}

async function sustained(cluster: PgCluster): Promise<void> {
  const desks: { sync: SiteSync; db: ReturnType<typeof openStationDatabase>; siteIdx: number; station: string }[] = [];
  for (let s = 0; s < SITES; s++) {
    for (let d = 0; d < DESKS_PER_SITE; d++) {
      const db = openStationDatabase(':memory:');
      const station = `desk-${d}`;
      const remote = new SiteRemote({
        config: { postgresUrl: cluster.url(roleOf(site(s))), siteId: site(s), stationId: station },
        password: async () => PASSWORD,
        maxConnections: 1,
      });
      const sync = new SiteSync({
        db,
        config: { postgresUrl: cluster.url(roleOf(site(s))), siteId: site(s), stationId: station },
        password: async () => PASSWORD,
        remote,
      });
      desks.push({ sync, db, siteIdx: s, station });
    }
  }
  // Desk 0 of each site observes: the lag of every other desk's fact until it has pulled it.
  const lags: number[] = [];
  for (const desk of desks.filter((d) => d.station === 'desk-0')) {
    const pull = desk.sync.remote.pull.bind(desk.sync.remote);
    desk.sync.remote.pull = async (after, limit) => {
      const facts = await pull(after, limit);
      const at = Date.now();
      for (const f of facts) {
        if (f.stationId === desk.station || f.fact.type !== 'audit.entry') continue;
        const sent = Number(/^t=(\d+)/.exec(f.fact.entry.detail ?? '')?.[1]);
        if (sent) lags.push(at - sent);
      }
      return facts;
    };
  }
  for (const d of desks) d.sync.start();
  await new Promise((r) => setTimeout(r, 3000));
  lags.length = 0;

  const started = Date.now();
  let appended = 0;
  const stagger = 1000 / FACTS_PER_DESK_PER_S / desks.length;
  const timers = desks.map((d, i) =>
    setTimeout(() => {
      const tick = () => {
        FactLog.append(d.db, auditFact(`t=${Date.now()}`));
        appended++;
      };
      tick();
      timers[i] = setInterval(tick, 1000 / FACTS_PER_DESK_PER_S) as unknown as NodeJS.Timeout;
    }, i * stagger),
  );
  await new Promise((r) => setTimeout(r, RUN_MS));
  timers.forEach((t) => {
    clearTimeout(t);
    clearInterval(t);
  });
  const elapsed = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const unpushed = desks.reduce((n, d) => n + d.sync.status().unpushed, 0);
  const [{ n }] = await cluster.admin<{ n: string }>('SELECT count(*) AS n FROM card_station.site_facts');
  await Promise.all(desks.map((d) => d.sync.close()));
  desks.forEach((d) => d.db.close());
  const sorted = lags.sort((a, b) => a - b);
  console.log(
    `desks: ${desks.length} across ${SITES} sites, ${RUN_MS / 1000} s at ${FACTS_PER_DESK_PER_S} fact/s per desk (10x a busy check-in peak)`,
  );
  console.log(
    `facts appended: ${appended} (${Math.round(appended / elapsed)} facts/s); in the site log: ${n}; not yet pushed 2 s after the end: ${unpushed}`,
  );
  console.log(
    `sync lag (appended at one desk -> pulled by another): p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted[sorted.length - 1]} ms over ${sorted.length} deliveries (goal p95 <= 1000 ms)`,
  );
}

async function catchUp(cluster: PgCluster): Promise<void> {
  const siteId = 'bench-catchup';
  await initSite({ adminUrl: cluster.adminUrl(), siteId, role: roleOf(siteId), password: PASSWORD, appVersion: 'bench' });
  const writer = new SiteRemote({
    config: { postgresUrl: cluster.url(roleOf(siteId)), siteId, stationId: 'busy-desk' },
    password: async () => PASSWORD,
  });
  const at = new Date().toISOString();
  for (let seq = 1; seq <= CATCH_UP_FACTS; seq += 1000) {
    const batch: LoggedFact[] = [];
    for (let k = seq; k < seq + 1000; k++) {
      const fact: Fact =
        k % 3 === 0
          ? {
              v: FACT_VERSION,
              at,
              type: 'card.issued',
              card: {
                id: `card-${k}`,
                provider: 'uclbrt',
                cardNo: `C${k}`,
                roomNo: String(100 + (k % 400)),
                status: 'active',
                createdAt: at,
                updatedAt: at,
              },
            }
          : {
              v: FACT_VERSION,
              at,
              type: 'audit.entry',
              entry: { at, operator: 'bench', action: 'operation.accepted', detail: `fact ${k}` },
            };
      batch.push({ stationSeq: k, fact });
    }
    await writer.push(batch);
  }
  await writer.close();
  const dir = mkdtempSync(join(tmpdir(), 'site-bench-'));
  const db = openStationDatabase(join(dir, 'station.db'));
  const sync = new SiteSync({
    db,
    config: { postgresUrl: cluster.url(roleOf(siteId)), siteId, stationId: 'new-desk' },
    password: async () => PASSWORD,
  });
  const t0 = Date.now();
  const report = await sync.syncNow();
  const seconds = (Date.now() - t0) / 1000;
  const cards = (db.prepare('SELECT count(*) AS n FROM site_cards').get() as { n: number }).n;
  await sync.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `catch-up: ${report.pulled} facts pulled and applied in ${seconds.toFixed(1)} s (${Math.round(report.pulled / seconds)} facts/s; ${cards} cards in the site view; goal <= 30 s)`,
  );
}

/** What PostgreSQL does on its own: the same rows, inserted by a plain loop (batches of 100, 8 connections). */
async function databaseLimit(cluster: PgCluster): Promise<void> {
  const admin = new Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  await admin.query(`CREATE TABLE raw_facts (LIKE card_station.site_facts INCLUDING ALL)`);
  await admin.end();
  const body = JSON.stringify({
    v: 1,
    type: 'audit.entry',
    at: new Date().toISOString(),
    entry: { at: new Date().toISOString(), operator: 'bench', action: 'card.issued', detail: 't=0' },
  });
  const connections = 8;
  const runMs = 5000;
  let rows = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const client = new Client({ connectionString: cluster.adminUrl() });
      await client.connect();
      let pos = c * 1e9;
      while (Date.now() - t0 < runMs) {
        const seqs = Array.from({ length: 100 }, (_, i) => pos + i + 1);
        await client.query(
          `INSERT INTO raw_facts (site_id, station_id, station_seq, pos, type, version, at, body)
           SELECT 'raw', 'desk-' || $1::text, s, s, 'audit.entry', 1, now(), $2::jsonb FROM unnest($3::bigint[]) s`,
          [c, body, seqs],
        );
        pos += 100;
        rows += 100;
      }
      await client.end();
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `this PostgreSQL on its own: ${Math.round(rows / seconds)} rows/s (the same rows by a plain INSERT loop: batches of 100, ${connections} connections, fsync on)`,
  );
}

async function main(): Promise<void> {
  const reason = needs('site bench', POSTGRESQL);
  if (reason) return;
  const cluster = await startPgCluster({ fsync: true, settings: { max_connections: 400, shared_buffers: '256MB' } });
  try {
    for (let s = 0; s < SITES; s++)
      await initSite({ adminUrl: cluster.adminUrl(), siteId: site(s), role: roleOf(site(s)), password: PASSWORD, appVersion: 'bench' });
    await sustained(cluster);
    await catchUp(cluster);
    await databaseLimit(cluster);
  } finally {
    await cluster.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
