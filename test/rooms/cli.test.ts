/**
 * The CLI twins of the rooms screen and room actions, against the sandbox cloud (UCLBRT and Tuya)
 * through a live configuration: rooms refresh / import / list / show, issue-qr and issue-proximity
 * with --new (default, --yes to stop active cards) and --duplicate, checkout, extend, and the
 * reports.
 */
import { openSqlite } from '../../electron/services/store/sqlite';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { startSandbox } from '../../electron/services/sandbox/server';
import type { RoomActionView, RoomDetails, RoomImportResult, RoomRefreshResult, RoomReport, RoomsList } from '../../shared/domain/rooms';
import { tempDir } from '../outbox/helpers';
import { rigConfig, rigFixture } from '../outbox/sandbox-rig';
import { shanghai, TUYA_ROOMS_CSV } from './rig';
import { asOperator, cliAccount, cliCommandName, type CliRun } from '../sign-in';
import { CLI_ACCESS } from '../../shared/permissions';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Run {
  code: number;
  out: string;
  err: string;
}

/** A data folder and a live config for one sandbox serving both clouds (its state lasts across commands). */
async function desk(): Promise<{ run: (...argv: string[]) => Promise<Run>; dir: string; db: string }> {
  const t = tempDir('rooms-cli-');
  cleanups.push(t.cleanup);
  const fixture = rigFixture();
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, fixture });
  cleanups.push(() => sandbox.close());
  const config = rigConfig(sandbox.url, fixture);
  const file = join(t.dir, 'station.json');
  writeFileSync(
    file,
    JSON.stringify({
      mode: 'live',
      dataDir: join(t.dir, 'data'),
      uclbrt: { ...config.uclbrt, authToken: fixture.uclbrt.accounts[0].authToken, operator: { ...config.uclbrt!.operator } },
      tuya: { ...config.tuya, secret: fixture.tuya.projects[0].secret },
      encoder: { driver: 'none', issueMac: config.encoder.issueMac },
    }),
  );
  const raw: CliRun = async (env, ...argv) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      stdout: (s) => (out += `${s}\n`),
      stderr: (s) => (err += `${s}\n`),
      env: { ...process.env, ...env },
      interrupted: new Promise(() => {}),
    });
    return { code, out, err };
  };
  const env = { STATION_CONFIG: file, STATION_DATA_DIR: '' };
  // Each command runs signed in as the lowest role the permission table allows for it.
  const run = async (...argv: string[]): Promise<Run> => {
    const access = CLI_ACCESS[cliCommandName(argv) ?? ''];
    const role = access === 'supervisor' || access === 'administrator' ? access : 'clerk';
    const signedIn = asOperator(argv, env, await cliAccount(raw, env, role));
    return raw(signedIn.env, ...signedIn.argv);
  };
  return { run, dir: t.dir, db: join(t.dir, 'data', 'station.db') };
}

const json = <T>(r: Run): T => JSON.parse(r.out) as T;

describe('rooms CLI', () => {
  it('rooms refresh, import (all lines or none, errors per line), list with filters, show', async () => {
    const { run, dir } = await desk();
    const refreshed = await run('rooms', 'refresh');
    expect(refreshed.code).toBe(0);
    const result = json<RoomRefreshResult>(refreshed);
    expect(result.sources.uclbrt).toMatchObject({ ok: true });
    expect(result.total).toBeGreaterThanOrEqual(8);
    expect(result.sources.tuya.unmapped).toContain('demolock101');

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        'display name,building,floor,room,lock type,tuya device id',
        'Suite A,1,1,101,QRALOCK,demolock101',
        'Suite B,1,,102,NOPE,',
        '"Suite C,1,1,103,,',
      ].join('\n'),
    );
    const refused = await run('rooms', 'import', bad);
    expect(refused.code).toBe(2);
    const errors = json<RoomImportResult>(refused).errors;
    expect(errors.map((e) => e.line)).toEqual([3, 3, 4]);
    expect(refused.err).toContain('No room was imported: 3 line(s) of the file have errors.');
    expect(refused.err).toContain('line 3: The lock type "NOPE" is not one of QRLOCK,');
    expect(refused.err).toContain('line 4: A quoted value is not closed.');
    expect(json<RoomsList>(await run('rooms', 'list', '--json')).items.find((r) => r.key === '1-1-101')?.displayName).toBe('101');

    const good = join(dir, 'rooms.csv');
    writeFileSync(good, TUYA_ROOMS_CSV);
    const imported = await run('rooms', 'import', good);
    expect(imported.code).toBe(0);
    expect(json<RoomImportResult>(imported)).toMatchObject({ applied: true, errors: [] });

    const list = json<RoomsList>(await run('rooms', 'list', '--json'));
    expect(list.items.find((r) => r.key === '1-1-101')).toMatchObject({
      tuya: { deviceId: 'demolock101' },
      cardKinds: ['qr', 'proximity', 'tuya'],
      state: 'vacant',
    });
    const floor2 = json<RoomsList>(await run('rooms', 'list', '--floor', '1-2', '--state', 'vacant', '--json'));
    expect(floor2.items.map((r) => r.roomNo)).toEqual(['201', '202', '203']);
    const table = await run('rooms', 'list', '--floor', '2');
    expect(table.out.split('\n')[0]).toMatch(/^ROOM\s+KEY\s+STATE/);
    expect(table.out).toContain('1-2-202');
    const shown = await run('rooms', 'show', '101');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Room 101 (1-1-101): vacant');
    expect((await run('rooms', 'list', '--state', 'full')).code).toBe(2);
  }, 30_000);

  it('issue-qr --new (default) needs --yes over active cards and lists them; --duplicate copies the stay; checkout; extend; an unknown room queues nothing', async () => {
    const { run } = await desk();
    const end = shanghai(30);
    const first = await run('issue-qr', '--room', '101', '--mobile', '13800000001', '--end', end);
    expect(first.code).toBe(0);
    expect(json<RoomActionView>(first)).toMatchObject({ action: 'new-stay', status: 'done' });

    const duplicate = await run('issue-qr', '--room', '1-1-101', '--duplicate');
    expect(duplicate.code).toBe(0);
    const dupAction = json<RoomActionView>(duplicate);
    expect(dupAction).toMatchObject({ action: 'duplicate', status: 'done' });
    const dupOp = JSON.parse((await run('queue', 'list', '--state', 'done', '--limit', '1')).out).items[0];
    expect(dupOp.input).toMatchObject({ mobile: '13800000001', end, roomNo: '101' });

    const queuedBefore = JSON.parse((await run('queue', 'list')).out).total;
    const unconfirmed = await run('issue-qr', '--room', '101', '--mobile', '13800000002', '--end', shanghai(48), '--json');
    expect(unconfirmed.code).toBe(4);
    expect(JSON.parse(unconfirmed.out)).toMatchObject({
      ok: false,
      error: { code: 'rooms.confirm-required' },
      cards: [{ kind: 'qr' }, { kind: 'qr' }],
    });
    expect(unconfirmed.err).toContain('has 2 active card(s) that will stop working');
    expect(unconfirmed.err).toContain('--yes');
    expect(JSON.parse((await run('queue', 'list')).out).total).toBe(queuedBefore);

    const confirmed = await run('issue-qr', '--room', '101', '--mobile', '13800000002', '--end', shanghai(48), '--yes');
    expect(confirmed.code).toBe(0);
    expect(json<RoomActionView>(confirmed).steps.map((s) => [s.role, s.progress])).toEqual([
      ['revoke', 'done'],
      ['revoke', 'done'],
      ['issue', 'done'],
    ]);

    const prox = await run('issue-proximity', '--room', '101', '--duplicate', '--serial-num', 'C0FFEE02');
    expect(prox.code).toBe(0);
    const extended = await run('extend', '--room', '101', '--end', shanghai(96));
    expect(extended.code).toBe(0);
    expect(json<RoomActionView>(extended).steps.map((s) => s.operationKind)).toEqual([
      'uclbrt.qr.issue',
      'uclbrt.qr.cancel',
      'uclbrt.prox.issue',
    ]);
    expect(extended.err).toContain('keep the card on the encoder');

    const notYet = await run('checkout', '--room', '101');
    expect(notYet.code).toBe(4);
    expect(notYet.err).toContain('Nothing was queued');
    const out = await run('checkout', '--room', '101', '--yes');
    expect(out.code).toBe(0);
    expect(json<RoomActionView>(out)).toMatchObject({ action: 'check-out', status: 'done' });
    expect(json<RoomDetails>(await run('rooms', 'show', '101', '--json')).room.state).toBe('vacant');

    const noStay = await run('issue-qr', '--room', '102', '--duplicate', '--json');
    expect(noStay.code).toBe(4);
    expect(JSON.parse(noStay.out).error.code).toBe('rooms.no-stay');
    const unknown = await run('issue-qr', '--room', '7777', '--mobile', '13800000001', '--end', shanghai(24), '--json');
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.out).error).toMatchObject({ code: 'rooms.unknown', field: 'room' });
    expect((await run('issue-qr', '--room', '101', '--new', '--duplicate')).code).toBe(2);
    expect((await run('issue-qr', '--room', '101', '--duplicate', '--end', shanghai(5))).code).toBe(2);
    expect((await run('issue-qr', '--room', '101', '--mobile', '13800000001')).code).toBe(2);
    expect((await run('checkout', '--room', '101', '--force')).err).toContain('Unknown option --force');
  }, 60_000);

  it('report rooms-due-out, overstays (CSV with --csv FILE) and cards-expiring', async () => {
    const { run, dir, db } = await desk();
    expect((await run('issue-qr', '--room', '201', '--mobile', '13800000001', '--end', shanghai(20))).code).toBe(0);
    expect((await run('issue-qr', '--room', '202', '--mobile', '13800000001', '--end', shanghai(40))).code).toBe(0);
    // Time passes for room 202's guest: the stay ended an hour ago and the card was never stopped.
    const handle = openSqlite(db, { timeoutMs: 5000 });
    handle.prepare(`UPDATE cards SET valid_to = ? WHERE room_no = '202'`).run(shanghai(-1));
    handle.close();

    const overstays = await run('report', 'overstays', '--json');
    expect(overstays.code).toBe(0);
    expect(json<RoomReport>(overstays).rows.map((r) => r.roomKey)).toEqual(['1-2-202']);
    const expiring = json<RoomReport>(await run('report', 'cards-expiring', '--hours', '24', '--json'));
    expect(expiring.rows.map((r) => [r.roomKey, r.cardKind])).toEqual([['1-2-201', 'qr']]);
    const dueOut = json<RoomReport>(await run('report', 'rooms-due-out', '--json'));
    const todayInShanghai = shanghai(0).slice(0, 10);
    expect(dueOut.rows.map((r) => r.roomKey)).toEqual(shanghai(20).startsWith(todayInShanghai) ? ['1-2-201'] : []);

    const file = join(dir, 'overstays.csv');
    const written = await run('report', 'overstays', '--csv', file);
    expect(written.code).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith('\uFEFFroom,room_key,state,stay_end')).toBe(true);
    expect(csv).toContain('202,1-2-202,overstay,');
    expect((await run('report', 'overstays', '--csv', file)).code).toBe(2);
    expect((await run('report', 'overstays', '--csv', join(dir, 'data', 'x.csv'))).code).toBe(2);
    expect(existsSync(join(dir, 'data', 'x.csv'))).toBe(false);
  }, 30_000);
});
