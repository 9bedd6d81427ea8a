import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { demoFixture } from '../../electron/services/sandbox/fixture';
import { startSandbox } from '../../electron/services/sandbox/server';
import type { Operation } from '../../shared/domain/operations';
import type { RoomActionView } from '../../shared/domain/rooms';
import { tempDir } from './helpers';
import { asOperator, cliAccount } from '../sign-in';
import type { Role } from '../../shared/staff';

const cleanups: (() => void)[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  cleanups.splice(0).forEach((c) => c());
});

async function cli(dataDir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({ STATION_DATA_DIR: dataDir, STATION_CONFIG: '' }, ...argv);
}

/** Runs a command signed in as the station's clerk (a command that changes nothing gets no --operator). */
async function cliWith(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliAs('clerk', env, ...argv);
}

async function cliAs(role: Role, env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const signedIn = asOperator(argv, env, await cliAccount(run, env, role));
  return run(signedIn.env, ...signedIn.argv);
}

/** Runs exactly what it is given. */
async function run(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    env: { ...process.env, ...env },
    interrupted: new Promise(() => {}),
  });
  return { code, out, err };
}

/** A live config whose UCLBRT cloud is a closed loopback port: everything stays queued. */
function unreachableCloud(dir: string): Record<string, string> {
  const config = join(dir, 'station.json');
  writeFileSync(
    config,
    JSON.stringify({
      mode: 'live',
      dataDir: join(dir, 'data'),
      uclbrt: {
        baseUrl: 'http://127.0.0.1:9',
        accountSid: 'A'.repeat(32),
        authToken: 'x',
        communityNo: '1',
        operator: { creatorMobile: '13800000000', passwordMd5: 'e'.repeat(32) },
      },
      encoder: { driver: 'none' },
    }),
  );
  return { STATION_CONFIG: config, STATION_DATA_DIR: '' };
}

/** A live config for the sandbox cloud (its demo fixture's account), so state lasts across commands. */
async function sandboxCloud(dir: string): Promise<Record<string, string>> {
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
  closers.push(() => sandbox.close());
  const account = demoFixture().uclbrt.accounts[0];
  const community = account.communities[0];
  const config = join(dir, 'station.json');
  writeFileSync(
    config,
    JSON.stringify({
      mode: 'live',
      dataDir: join(dir, 'data'),
      uclbrt: {
        baseUrl: sandbox.url,
        accountSid: account.accountSid,
        authToken: account.authToken,
        communityNo: community.communityNo,
        timezone: community.timeZone,
        operator: { creatorMobile: community.operators[0].mobile, passwordMd5: community.operators[0].passwordMd5 },
      },
      encoder: { driver: 'none' },
    }),
  );
  return { STATION_CONFIG: config, STATION_DATA_DIR: '' };
}

describe('outbox CLI', () => {
  it('issues a QR card through the sandbox cloud, reports it lost, and finds it by room, mobile and card number', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const env = await sandboxCloud(t.dir);
    const cli = (_dir: string, ...argv: string[]) => cliWith(env, ...argv);
    const issued = await cli(
      t.dir,
      'issue-qr',
      '--build',
      '1',
      '--floor',
      '1',
      '--room',
      '101',
      '--mobile',
      '13700001234',
      '--end',
      '2030-05-01T12:00',
    );
    expect(issued.code).toBe(0);
    const action = JSON.parse(issued.out) as RoomActionView;
    expect(action).toMatchObject({ action: 'new-stay', status: 'done', steps: [{ operationKind: 'uclbrt.qr.issue', state: 'done' }] });
    const cardNo = String(action.steps[0].result?.cardNo);
    const admin = await cliAccount(run, env, 'administrator');
    const added = await run(
      { ...env, STATION_OPERATOR_PIN: admin.secret, STATION_NEW_OPERATOR_PIN: '8642' },
      'operators',
      'add',
      'night desk',
      '--role',
      'clerk',
      '--operator',
      admin.name,
    );
    expect(added.code, added.err).toBe(0);
    const lost = await run({ ...env, STATION_OPERATOR_PIN: '8642' }, 'report-lost', '--card-no', cardNo, '--operator', 'night desk');
    expect(lost.code).toBe(0);
    expect(JSON.parse(lost.out)).toMatchObject({ state: 'done', operator: 'night desk' });
    for (const q of ['101', '13700001234', '1234', cardNo]) {
      const found = await cli(t.dir, 'cards', 'find', q);
      expect(found.code).toBe(0);
      expect((JSON.parse(found.out) as { items: unknown[] }).items).toMatchObject([{ roomNo: '101', cardNo, status: 'lost' }]);
    }
    const file = join(t.dir, 'audit.csv');
    const exported = await cliAs('supervisor', env, 'audit', 'export', '--csv', file);
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toContain('seq,at,operator,action');
    expect(lines.filter((l) => l.includes('night desk,operation.'))).toHaveLength(2);
  });

  it("exits 4 with the cloud's reason when an operation fails, and lets a person discard it", async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const demo = { STATION_DATA_DIR: t.dir, STATION_CONFIG: '' };
    // A card the station has no record of: cancelling it is a supervisor's call.
    const failed = await cliAs('supervisor', demo, 'cancel-qr', '--card-no', 'NOSUCHCARD1');
    expect(failed.code).toBe(4);
    const op = JSON.parse(failed.out) as Operation;
    expect(op.state).toBe('failed');
    expect(op.lastError?.code).toMatch(/^uclbrt\./);
    const listed = await cli(t.dir, 'queue', 'list', '--state', 'failed');
    expect((JSON.parse(listed.out) as { items: Operation[] }).items.map((o) => o.id)).toEqual([op.id]);
    const discarded = await cliAs('supervisor', demo, 'queue', 'discard', op.id);
    expect(discarded.code).toBe(0);
    expect((JSON.parse(discarded.out) as Operation).state).toBe('discarded');
    const again = await cli(t.dir, 'queue', 'retry', op.id, '--json');
    expect(again.code).toBe(4);
    expect(JSON.parse(again.out).error.code).toBe('outbox.not-retryable');
  });

  it('a card for a room held back by a failed operation: says so with the commands that settle it, exits 4, never "sent automatically"', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const env = await sandboxCloud(t.dir);
    const cli = (...argv: string[]) => cliWith(env, ...argv);
    const room = ['--build', '1', '--floor', '2', '--room', '201'];
    // A whole-room loss report for a card the cloud does not have is refused (5210): it stays failed in the room's line.
    const refused = await cli('report-lost', '--card-no', 'NOSUCHCARD1', '--whole-room', ...room);
    expect(refused.code).toBe(4);
    const first = JSON.parse(refused.out) as Operation;
    expect(first.state).toBe('failed');

    const held = await cli('issue-qr', ...room, '--mobile', '13700000002', '--end', '2030-05-01T12:00', '--wait', '500');
    expect(held.code).toBe(4);
    const secondAction = JSON.parse(held.out) as RoomActionView;
    const second = await (async () => JSON.parse((await cli('queue', 'list', '--state', 'queued')).out).items[0] as Operation)();
    expect(second.id).toBe(secondAction.steps[0].operationId);
    expect(second).toMatchObject({
      state: 'queued',
      waitingFor: { operationId: first.id, needsDecision: true, state: 'failed', reason: { code: 'outbox.blocked-failed.room' } },
    });
    expect(held.err).toContain('Room 1-2-201 has a failed operation waiting for a decision');
    expect(held.err).toContain(`uclbrt.qr.reportLost ${first.id} is failed (${first.lastError?.message})`);
    expect(held.err).toContain(`"queue retry ${first.id}"`);
    expect(held.err).toContain(`"queue discard ${first.id}"`);
    expect(held.err).not.toMatch(/sent automatically/);
    const listed = await cli('queue', 'list', '--state', 'queued');
    expect((JSON.parse(listed.out) as { items: Operation[] }).items).toMatchObject([
      { id: second.id, waitingFor: { operationId: first.id } },
    ]);

    expect((await cliAs('supervisor', env, 'queue', 'discard', first.id)).code).toBe(0);
    const drained = await cli('queue', 'drain');
    expect(drained.code).toBe(0);
    const done = await cli('queue', 'list', '--state', 'done');
    expect((JSON.parse(done.out) as { items: Operation[] }).items.map((o) => o.id)).toEqual([second.id]);
  });

  it('a whole-room report for a card this station never saw needs --room; with it, it is accepted', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const env = unreachableCloud(t.dir);
    const refused = await cliWith(env, 'report-lost', '--card-no', 'STRANGER1', '--whole-room', '--wait', '0', '--json');
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.out).error).toMatchObject({ code: 'outbox.room-unknown', field: 'roomNo' });
    const accepted = await cliWith(
      env,
      'report-lost',
      '--card-no',
      'STRANGER1',
      '--whole-room',
      '--build',
      '1',
      '--floor',
      '2',
      '--room',
      '202',
      '--wait',
      '300',
    );
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.out)).toMatchObject({ state: 'queued', input: { cardNo: 'STRANGER1', wholeRoom: true, roomNo: '202' } });
  });

  it('answers "queued" with exit 0 when the cloud cannot be reached, and keeps the operation', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const env = unreachableCloud(t.dir);
    const lost = await cliWith(env, 'report-lost', '--card-no', 'CLICARD01', '--wait', '300');
    expect(lost.code).toBe(0);
    expect(JSON.parse(lost.out)).toMatchObject({
      kind: 'uclbrt.qr.reportLost',
      state: 'queued',
      input: { cardNo: 'CLICARD01', wholeRoom: false },
    });
    expect(lost.err).toContain('queued');
    const listed = await cliWith(env, 'queue', 'list', '--state', 'queued');
    expect((JSON.parse(listed.out) as { items: Operation[] }).items).toHaveLength(1);
  });

  it('refuses bad input as a usage error naming the field', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const bad = await cli(t.dir, 'report-lost', '--card-no', 'no spaces!');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cardNo');
    const missing = await cli(t.dir, 'cancel-proximity');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--serial-num');
    const unknown = await cli(t.dir, 'queue', 'retry', 'no-such-id', '--json');
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.out).error.code).toBe('outbox.not-found');
  });
});

describe('audit export never harms the station or an existing file', () => {
  /** A data folder with one queued operation (the cloud is unreachable) and the CLI pointed at it. */
  async function station() {
    const t = tempDir('cli-export-');
    cleanups.push(t.cleanup);
    const env = unreachableCloud(t.dir);
    const queued = await cliWith(env, 'report-lost', '--card-no', 'KEEPME001', '--wait', '0');
    expect(queued.code).toBe(0);
    const dataDir = join(t.dir, 'data');
    const db = join(dataDir, 'station.db');
    // Exporting the activity log is a supervisor's.
    const exportRun = (...argv: string[]) => cliAs('supervisor', env, ...argv);
    const stillQueued = async () =>
      (JSON.parse((await exportRun('queue', 'list', '--state', 'queued')).out) as { items: Operation[] }).items.map((o) => o.input);
    return { dir: t.dir, dataDir, db, run: exportRun, stillQueued };
  }

  it('refuses to write inside the data folder, even with --force (it used to overwrite station.db)', async () => {
    const s = await station();
    const before = readFileSync(s.db);
    mkdirSync(join(s.dir, 'elsewhere'));
    symlinkSync(s.dataDir, join(s.dir, 'elsewhere', 'data-link'));
    for (const target of [
      s.db,
      join(s.dataDir, 'logs', 'audit.csv'),
      join(s.dataDir, 'new.csv'),
      join(s.dir, 'elsewhere', 'data-link', 'station.db'),
    ]) {
      for (const force of [[], ['--force']]) {
        const r = await s.run('audit', 'export', '--csv', target, ...force, '--json');
        expect(r.code, `${target} ${force.join('')}: ${r.err}`).toBe(2);
        expect(r.err).toContain('data folder');
        expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'outbox.export-in-data-folder' } });
      }
    }
    expect(readFileSync(s.db).equals(before)).toBe(true);
    expect(existsSync(join(s.dataDir, 'new.csv'))).toBe(false);
    expect(await s.stillQueued()).toEqual([{ cardNo: 'KEEPME001', wholeRoom: false }]);
  });

  it('never replaces an existing file without --force, and with it replaces the file, not what it links to', async () => {
    const s = await station();
    const existing = join(s.dir, 'report.csv');
    writeFileSync(existing, 'precious\n');
    const refused = await s.run('audit', 'export', '--csv', existing);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${existing} already exists`);
    expect(refused.err).toContain('--force');
    expect(readFileSync(existing, 'utf8')).toBe('precious\n');

    const replaced = await s.run('audit', 'export', '--csv', existing, '--force');
    expect(replaced.code, replaced.err).toBe(0);
    expect(readFileSync(existing, 'utf8')).toContain('seq,at,operator,action');

    // A hard link and a symlink to the database outside the data folder: --force replaces the link.
    const before = readFileSync(s.db);
    const hard = join(s.dir, 'hard.csv');
    const soft = join(s.dir, 'soft.csv');
    linkSync(s.db, hard);
    symlinkSync(s.db, soft);
    expect((await s.run('audit', 'export', '--csv', soft)).code).toBe(2);
    for (const link of [hard, soft]) expect((await s.run('audit', 'export', '--csv', link, '--force')).code).toBe(0);
    expect(lstatSync(soft).isSymbolicLink()).toBe(false);
    expect(readFileSync(hard, 'utf8')).toContain('KEEPME001');
    expect(readFileSync(s.db).equals(before)).toBe(true);
    expect(await s.stillQueued()).toEqual([{ cardNo: 'KEEPME001', wholeRoom: false }]);
  });

  it('a missing folder is an error, not created; a folder given as the file is refused', async () => {
    const s = await station();
    const missing = join(s.dir, 'no', 'such', 'folder', 'audit.csv');
    const r = await s.run('audit', 'export', '--csv', missing, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`The folder ${join(s.dir, 'no', 'such', 'folder')} does not exist`);
    expect(JSON.parse(r.out).error.code).toBe('outbox.export-folder-missing');
    expect(existsSync(join(s.dir, 'no'))).toBe(false);
    const folder = await s.run('audit', 'export', '--csv', s.dir, '--force');
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('is a folder');
  });
});
