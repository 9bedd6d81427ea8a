/**
 * `station site init|status|sync|adopt` as the hotel's IT and a supervisor would run them, against
 * a real PostgreSQL; and the configuration's `site` section.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { FactLog } from '../../electron/services/site/fact-log';
import { openStationDatabase } from '../../electron/services/store/database';
import { stationConfigSchema } from '../../shared/config';
import { tempDir } from '../outbox/helpers';
import { SITE_PASSWORD, useCluster, withoutPostgres } from './helpers';
import { asOperator, cliAccount } from '../sign-in';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    env: { ...process.env, STATION_SITE_PASSWORD: '', PGPASSWORD: '', ...env },
    interrupted: new Promise(() => {}),
  });
  return { code, out, err };
}

/** Runs a command as the desk's supervisor (site adopt is a supervisor's: shared/permissions.ts). */
async function asSupervisor(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const signedIn = asOperator(argv, env, await cliAccount(cli, env, 'supervisor'));
  return cli(signedIn.env, ...signedIn.argv);
}

describe('the site section of the configuration', () => {
  const base = { siteId: 'hotel-berlin-1', stationId: 'front-desk-1' };
  const problems = (site: unknown, mode = 'demo') => {
    const r = stationConfigSchema.safeParse({ mode, site });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes exactly postgresUrl, siteId and stationId', () => {
    expect(problems({ postgresUrl: 'postgres://hotel_berlin_1@db.example.com:5432/cardstation?sslmode=verify-full', ...base })).toEqual([]);
    expect(problems({ postgresUrl: 'postgres://r@h/db', ...base, stationID: 'x' })[0]).toMatch(/stationID/);
    expect(problems({ postgresUrl: 'postgres://r@h/db', siteId: 'hotel berlin', stationId: 'a' })).toEqual([
      'site.siteId: must be 1 to 64 letters, digits, ".", "-" or "_", starting with a letter or digit',
    ]);
  });

  it('refuses a password in the URL, a URL without a role or database, and plain text to another computer in live mode', () => {
    expect(problems({ postgresUrl: 'postgres://r:secret@h/db', ...base })[0]).toMatch(
      /must not contain the password.*STATION_SITE_PASSWORD/,
    );
    expect(problems({ postgresUrl: 'postgres://h/db', ...base })[0]).toMatch(/must name the site role/);
    expect(problems({ postgresUrl: 'postgres://r@h', ...base })[0]).toMatch(/must name the database/);
    expect(problems({ postgresUrl: 'postgres://r@h/db?sslmode=allow', ...base })[0]).toMatch(/sslmode must be one of/);
    expect(problems({ postgresUrl: 'mysql://r@h/db', ...base })[0]).toMatch(/postgres:\/\//);
    expect(problems({ postgresUrl: 'postgres://r@db.example.com/db', ...base }, 'live')).toEqual([
      'site.postgresUrl: needs sslmode=require, verify-ca or verify-full in live mode when the database is on another computer (sslmode=disable only to this computer)',
    ]);
    expect(problems({ postgresUrl: 'postgres://r@127.0.0.1/db', ...base }, 'live')).toEqual([]);
    expect(problems({ postgresUrl: 'postgres://r@db.example.com/db?sslmode=require', ...base }, 'live')).toEqual([]);
  });
});

describe.skipIf(withoutPostgres('site commands (PostgreSQL)'))('station site commands', () => {
  const cluster = useCluster();

  function deskFiles(
    siteId: string,
    stationId: string,
    role: string,
    port = cluster.get().port,
  ): { env: Record<string, string>; dataDir: string } {
    const t = tempDir(`site-cli-${stationId}-`);
    cleanups.push(t.cleanup);
    const config = join(t.dir, 'station.json');
    const dataDir = join(t.dir, 'data');
    writeFileSync(
      config,
      JSON.stringify({
        mode: 'demo',
        dataDir,
        encoder: { driver: 'none' },
        site: { postgresUrl: `postgres://${role}@127.0.0.1:${port}/cardstation`, siteId, stationId },
      }),
    );
    return { env: { STATION_CONFIG: config, STATION_DATA_DIR: '' }, dataDir };
  }

  it('site init sets the site up for IT; site sync and site status work for the desk; the password comes from STATION_SITE_PASSWORD', async () => {
    const c = cluster.get();
    const desk = deskFiles('hotel-cli', 'front-desk-1', 'hotel_cli');
    const check = await cli(desk.env, 'config', 'check');
    expect(check.code).toBe(2);
    expect(check.err).toContain('Site database role password is not set: set STATION_SITE_PASSWORD, or enter it in Settings in the app.');
    const checkJson = JSON.parse((await cli(desk.env, 'config', 'check', '--json')).out);
    expect(checkJson.error.code).toBe('site.password-missing');
    expect(checkJson.missingSecrets).toEqual([
      { key: 'site.password', provider: 'Site database', name: 'role password', env: 'STATION_SITE_PASSWORD' },
    ]);

    const init = await cli({ ...desk.env, STATION_SITE_PASSWORD: SITE_PASSWORD }, 'site', 'init', '--admin-url', c.adminUrl(), '--json');
    expect(init.code, init.err).toBe(0);
    expect(JSON.parse(init.out)).toMatchObject({
      siteId: 'hotel-cli',
      role: 'hotel_cli',
      roleCreated: true,
      passwordSet: true,
      siteCreated: true,
    });
    expect(init.out + init.err).not.toContain(SITE_PASSWORD);

    // Something this desk did before (the stores append facts once they are wired).
    const db = openStationDatabase(join(desk.dataDir, 'station.db'));
    FactLog.append(db, { type: 'operator.changed', operator: { name: 'li', role: 'clerk', disabled: false } });
    db.close();

    const noPassword = await cli(desk.env, 'site', 'sync', '--json');
    expect(noPassword.code).toBe(4);
    expect(noPassword.err).toMatch(
      /not used\. The site database is configured, but the password of its role is not set\. Set the environment variable STATION_SITE_PASSWORD/,
    );
    const wrong = await cli({ ...desk.env, STATION_SITE_PASSWORD: 'wrong-password' }, 'site', 'sync');
    expect(wrong.code).toBe(4);
    expect(wrong.err).toMatch(/refused the password of role hotel_cli/);

    const env = { ...desk.env, STATION_SITE_PASSWORD: SITE_PASSWORD };
    const sync = await cli(env, 'site', 'sync', '--json');
    expect(sync.code, sync.err).toBe(0);
    expect(JSON.parse(sync.out)).toMatchObject({ pushed: 1, status: { state: 'online', siteId: 'hotel-cli', stationId: 'front-desk-1' } });
    const status = await cli(env, 'site', 'status', '--json');
    expect(status.code, status.err).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({
      state: 'online',
      behindBy: 0,
      unpushed: 0,
      stations: [{ stationId: 'front-desk-1', pushedSeq: 1 }],
    });
    expect(status.err).toContain('Site hotel-cli, station front-desk-1: online, up to date.');

    // A supervisor at another desk: without --yes it only shows, and refuses while the desk is alive.
    const other = deskFiles('hotel-cli', 'back-office', 'hotel_cli');
    const adopt = await asSupervisor(
      { ...other.env, STATION_SITE_PASSWORD: SITE_PASSWORD },
      'site',
      'adopt',
      '--from',
      'front-desk-1',
      '--json',
    );
    expect(adopt.code).toBe(2);
    expect(adopt.err).toContain('Run again with --yes to take them over.');
    const alive = await asSupervisor(
      { ...other.env, STATION_SITE_PASSWORD: SITE_PASSWORD },
      'site',
      'adopt',
      '--from',
      'front-desk-1',
      '--yes',
    );
    expect(alive.code).toBe(4);
    expect(alive.err).toMatch(/Desk front-desk-1 was heard from at .*only a desk silent for at least 10 minutes can be taken over/);
    const unknown = await asSupervisor(
      { ...other.env, STATION_SITE_PASSWORD: SITE_PASSWORD },
      'site',
      'adopt',
      '--from',
      'nobody',
      '--yes',
    );
    expect(unknown.err).toContain('No desk called nobody has ever synchronised with site hotel-cli.');
  });

  it('site status says offline when the database cannot be reached, and site commands need a site section', async () => {
    const desk = deskFiles('hotel-off', 'desk', 'nobody', 1);
    const status = await cli({ ...desk.env, STATION_SITE_PASSWORD: SITE_PASSWORD }, 'site', 'status', '--json');
    expect(status.code).toBe(4);
    expect(JSON.parse(status.out)).toMatchObject({ state: 'offline', error: { code: 'site.unreachable' } });
    expect(status.err).toMatch(/offline since .*this desk works on its own/);

    const t = tempDir('site-cli-none-');
    cleanups.push(t.cleanup);
    const none = await cli({ STATION_DATA_DIR: t.dir, STATION_CONFIG: '' }, 'site', 'sync');
    expect(none.code).toBe(2);
    expect(none.err).toContain('This station is not connected to a site database.');
  });
});
