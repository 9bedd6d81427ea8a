/**
 * The site database itself, against a real PostgreSQL: `site init`, the idempotent fact log and
 * its order, row-level security between hotels, and a station refusing a schema it does not know.
 */
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../../shared/errors';
import { FACT_VERSION, type Fact } from '../../shared/site/facts';
import { StationFailure } from '../../electron/services/failure';
import type { LoggedFact } from '../../electron/services/site/fact-log';
import { initSite } from '../../electron/services/site/pg/init';
import type { SiteRemote } from '../../electron/services/site/pg/remote';
import { SITE_SCHEMA_VERSION } from '../../electron/services/site/pg/schema';
import { remoteFor, roleOf, setUpSite, SITE_PASSWORD, useCluster, withoutPostgres } from './helpers';

const skip = withoutPostgres('site database (PostgreSQL)');

const audit = (n: number, operator = 'li'): Fact => ({
  v: FACT_VERSION,
  type: 'audit.entry',
  at: new Date(Date.UTC(2030, 0, 1, 8, 0, n)).toISOString(),
  entry: { at: new Date(Date.UTC(2030, 0, 1, 8, 0, n)).toISOString(), operator, action: 'operation.accepted', detail: `fact ${n}` },
});
const logged = (from: number, to: number): LoggedFact[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ stationSeq: from + i, fact: audit(from + i) }));

async function failureOf(p: Promise<unknown>): Promise<StationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe.skipIf(skip)('site database', () => {
  const cluster = useCluster();
  const remotes: SiteRemote[] = [];
  const remote = (site: string, station: string, password?: string) => {
    const r = remoteFor(cluster.get(), site, station, password);
    remotes.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(remotes.splice(0).map((r) => r.close()));
  });

  it('site init creates the schema and a site role that logs in with its password only', async () => {
    const c = cluster.get();
    await setUpSite(c, 'hotel-a');
    const again = await initSite({ adminUrl: c.adminUrl(), siteId: 'hotel-a', role: roleOf('hotel-a'), appVersion: 'test' });
    expect(again).toMatchObject({
      schemaFrom: SITE_SCHEMA_VERSION,
      schemaTo: SITE_SCHEMA_VERSION,
      roleCreated: false,
      passwordSet: false,
      siteCreated: false,
    });
    // The server keeps a SCRAM verifier, never the password.
    const [role] = await c.admin<{ rolpassword: string; rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolpassword, rolsuper, rolbypassrls FROM pg_authid WHERE rolname = $1',
      [roleOf('hotel-a')],
    );
    expect(role.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(role.rolpassword).not.toContain(SITE_PASSWORD);
    expect(role).toMatchObject({ rolsuper: false, rolbypassrls: false });

    await remote('hotel-a', 'desk-1').checkSchema();
    const wrong = await failureOf(remote('hotel-a', 'desk-1', 'not-the-password').checkSchema());
    expect(wrong.error.code).toBe('site.auth-failed');
    // A second site cannot reuse another site's role.
    await expect(initSite({ adminUrl: c.adminUrl(), siteId: 'hotel-x', role: roleOf('hotel-a'), appVersion: 'test' })).rejects.toThrow(
      /already serves site hotel-a/,
    );
  });

  it('pushing twice is a no-op, and positions follow the order pushes commit in', async () => {
    const c = cluster.get();
    await setUpSite(c, 'hotel-p');
    const desk1 = remote('hotel-p', 'desk-1');
    const desk2 = remote('hotel-p', 'desk-2');
    expect(await desk1.push(logged(1, 5))).toEqual({ inserted: 5, head: 5 });
    expect(await desk1.push(logged(1, 5))).toEqual({ inserted: 0, head: 5 });
    expect(await desk1.push(logged(3, 8))).toEqual({ inserted: 3, head: 8 });
    expect(await desk2.push(logged(1, 2))).toEqual({ inserted: 2, head: 10 });
    const all = await desk1.pull(0, 100);
    expect(all.map((f) => `${f.stationId}:${f.stationSeq}@${f.pos}`)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `desk-1:${n}@${n}`),
      'desk-2:1@9',
      'desk-2:2@10',
    ]);
    expect(all[0].fact).toEqual(audit(1));
    expect((await desk2.hello()).pushedSeq).toBe(2);
  });

  it('concurrent pushers: a cursor that follows the positions never skips a fact that commits late', async () => {
    const c = cluster.get();
    await setUpSite(c, 'hotel-c');
    const pushers = Array.from({ length: 6 }, (_, i) => remote('hotel-c', `desk-${i}`));
    const reader = remote('hotel-c', 'reader');
    const perDesk = 40;
    const seen = new Map<string, number>();
    let cursor = 0;
    let done = false;
    const read = (async () => {
      for (;;) {
        const finished = done;
        const batch = await reader.pull(cursor, 500);
        for (const f of batch) {
          expect(f.pos).toBe(cursor + 1);
          cursor = f.pos;
          seen.set(`${f.stationId}:${f.stationSeq}`, (seen.get(`${f.stationId}:${f.stationSeq}`) ?? 0) + 1);
        }
        if (finished && !batch.length) return;
      }
    })();
    // Each desk pushes small batches, some twice, all at once.
    await Promise.all(
      pushers.map(async (p) => {
        for (let seq = 1; seq <= perDesk; seq += 4) {
          await p.push(logged(seq, seq + 3));
          if (seq % 8 === 1) await p.push(logged(seq, seq + 3));
        }
      }),
    );
    done = true;
    await read;
    expect(seen.size).toBe(pushers.length * (perDesk + (perDesk % 4 ? 4 - (perDesk % 4) : 0)));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('row-level security: hotel A can neither read nor write hotel B', async () => {
    const c = cluster.get();
    await setUpSite(c, 'hotel-ra');
    await setUpSite(c, 'hotel-rb');
    await remote('hotel-rb', 'b-desk').push(logged(1, 3));
    await remote('hotel-ra', 'a-desk').push(logged(1, 2));

    const asA = new Client({ connectionString: c.url(roleOf('hotel-ra'), SITE_PASSWORD) });
    await asA.connect();
    try {
      const sites = await asA.query('SELECT DISTINCT site_id FROM card_station.site_facts');
      expect(sites.rows).toEqual([{ site_id: 'hotel-ra' }]);
      expect((await asA.query(`SELECT count(*)::int AS n FROM card_station.site_facts WHERE site_id = 'hotel-rb'`)).rows[0].n).toBe(0);
      expect((await asA.query(`SELECT count(*)::int AS n FROM card_station.site_stations WHERE site_id = 'hotel-rb'`)).rows[0].n).toBe(0);
      expect((await asA.query(`SELECT site_id FROM card_station.site_roles`)).rows).toEqual([{ site_id: 'hotel-ra' }]);
      await expect(
        asA.query(
          `INSERT INTO card_station.site_facts (site_id, station_id, station_seq, pos, type, version, at, body) VALUES ('hotel-rb', 'x', 99, 99, 'audit.entry', 1, now(), '{}')`,
        ),
      ).rejects.toThrow(/row-level security/);
      const moved = await asA.query(`UPDATE card_station.site_heads SET last_pos = 0 WHERE site_id = 'hotel-rb'`);
      expect(moved.rowCount).toBe(0);
      await expect(asA.query(`DELETE FROM card_station.site_facts`)).rejects.toThrow(/permission denied/);
      await expect(asA.query(`UPDATE card_station.site_facts SET body = '{}'`)).rejects.toThrow(/permission denied/);
    } finally {
      await asA.end();
    }
    const [b] = await c.admin<{ n: number; head: string }>(
      `SELECT (SELECT count(*)::int FROM card_station.site_facts WHERE site_id = 'hotel-rb') AS n, (SELECT last_pos FROM card_station.site_heads WHERE site_id = 'hotel-rb') AS head`,
    );
    expect(b).toEqual({ n: 3, head: '3' });
  });

  it('a station refuses a site schema newer than it knows, saying so in English and Chinese', async () => {
    const c = cluster.get();
    await setUpSite(c, 'hotel-n');
    await c.admin(`UPDATE card_station.schema_version SET version = $1, app_version = '9.9.9'`, [SITE_SCHEMA_VERSION + 1]);
    try {
      const failure = await failureOf(remote('hotel-n', 'desk-1').checkSchema());
      expect(failure.error.code).toBe('site.schema-newer');
      expect(describeError(failure.error, 'en').text).toContain(`schema version ${SITE_SCHEMA_VERSION + 1}, written by 9.9.9`);
      expect(describeError(failure.error, 'zh-CN').text).toContain('更新版本的 Card Station');
      expect(describeError(failure.error, 'en').action).toMatch(/Update Card Station on this desk/);
      // site init from this version refuses too, and changes nothing.
      await expect(
        initSite({ adminUrl: c.adminUrl(), siteId: 'hotel-n', role: roleOf('hotel-n'), appVersion: 'test' }),
      ).rejects.toMatchObject({ error: { code: 'site.schema-newer' } });
    } finally {
      await c.admin(`UPDATE card_station.schema_version SET version = $1`, [SITE_SCHEMA_VERSION]);
    }
  });
});
