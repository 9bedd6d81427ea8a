/**
 * The command line acts as an operator: commands that change the station refuse to run without a
 * checked `--operator`, read-only ones need none, the roles are the window's, and IT can set a
 * station up from a script (the first `operators add` needs no sign-in and makes an administrator).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands';
import { runCli } from '../../electron/cli/main';
import { hiddenPrompt } from '../../electron/cli/process-io';
import { openStationDatabase } from '../../electron/services/store/database';
import { CLI_ACCESS, READ_ONLY } from '../../shared/permissions';
import type { OperatorView } from '../../shared/staff';
import { REPO_ROOT, tempDir } from '../helpers';
import { needs, SOCAT } from '../system-requirements';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type Env = Record<string, string>;

async function run(env: Env, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    env: { ...process.env, STATION_OPERATOR_PIN: '', STATION_NEW_OPERATOR_PIN: '', ...env },
    interrupted: new Promise(() => {}),
  });
  return { code, out, err };
}

/** A live station (no demo accounts) whose cloud is a closed port: nothing leaves the machine. */
/** `operators add NAME --role ROLE`, the new PIN or password from the environment as IT scripts it; `by` signs in with `env`'s operator PIN. */
async function addOperator(
  env: Env,
  name: string,
  role: 'clerk' | 'supervisor' | 'administrator',
  secret: string,
  by?: string,
): Promise<number> {
  return (
    await run({ ...env, STATION_NEW_OPERATOR_PIN: secret }, 'operators', 'add', name, '--role', role, ...(by ? ['--operator', by] : []))
  ).code;
}

function liveStation(): { env: Env; dataDir: string } {
  const t = tempDir('cs-staff-cli-');
  cleanups.push(t.cleanup);
  const config = join(t.dir, 'station.json');
  const dataDir = join(t.dir, 'data');
  writeFileSync(
    config,
    JSON.stringify({
      mode: 'live',
      dataDir,
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
  return { env: { STATION_CONFIG: config, STATION_DATA_DIR: '' }, dataDir };
}

/** A valid call of each command that changes the station, without --operator. */
const CHANGES: Record<string, string[]> = {
  'issue-qr': ['issue-qr', '--room', '101', '--mobile', '13800138000', '--end', '2030-01-01T12:00', '--wait', '0'],
  'issue-proximity': ['issue-proximity', '--serial-num', 'A1B2C3D4', '--room', '101', '--end', '2030-01-01T12:00', '--wait', '0'],
  'report-lost': ['report-lost', '--card-no', 'CARD000001', '--wait', '0'],
  'cancel-qr': ['cancel-qr', '--card-no', 'CARD000001', '--wait', '0'],
  'cancel-proximity': ['cancel-proximity', '--serial-num', 'A1B2C3D4', '--wait', '0'],
  'tuya issue': ['tuya', 'issue', '--device', 'lock1', '--card-id', 'A1B2C3D4', '--wait', '0'],
  'tuya modify': [
    'tuya',
    'modify',
    '--device',
    'lock1',
    '--lock-card-id',
    'L1',
    '--start',
    '2030-01-01T12:00',
    '--end',
    '2030-01-02T12:00',
    '--wait',
    '0',
  ],
  'tuya delete': ['tuya', 'delete', '--device', 'lock1', '--lock-card-id', 'L1', '--wait', '0'],
  'tuya freeze': ['tuya', 'freeze', '--device', 'lock1', '--lock-card-id', 'L1', '--wait', '0'],
  'tuya unfreeze': ['tuya', 'unfreeze', '--device', 'lock1', '--lock-card-id', 'L1', '--wait', '0'],
  'queue drain': ['queue', 'drain'],
  'queue retry': ['queue', 'retry', 'some-id'],
  'queue discard': ['queue', 'discard', 'some-id'],
  'audit export': ['audit', 'export', '--csv', 'OUT'],
  'operators list': ['operators', 'list'],
  'operators add': ['operators', 'add', 'Someone', '--role', 'clerk'],
  'operators set-role': ['operators', 'set-role', 'Someone', '--role', 'clerk'],
  'operators disable': ['operators', 'disable', 'Someone'],
  'operators enable': ['operators', 'enable', '--name', 'Someone'],
  'operators reset': ['operators', 'reset', 'Someone'],
  'operators unlock': ['operators', 'unlock', 'Someone'],
  'rooms import': ['rooms', 'import', 'rooms.csv'],
  'rooms refresh': ['rooms', 'refresh'],
  checkout: ['checkout', '--room', '101', '--yes', '--wait', '0'],
  extend: ['extend', '--room', '101', '--end', '2030-01-02T12:00', '--wait', '0'],
  'site adopt': ['site', 'adopt', '--from', 'gone-desk', '--yes'],
};

describe('the CLI acts as a checked operator', () => {
  it('covers every command that changes the station in this test', () => {
    const changing = COMMANDS.filter((c) => CLI_ACCESS[c.name] !== READ_ONLY).map((c) => c.name);
    expect(Object.keys(CHANGES).sort()).toEqual(changing.sort());
  });

  it('refuses every command that changes the station without --operator: exit 2, saying so, nothing queued', async () => {
    const demo = tempDir('cs-staff-cli-demo-');
    cleanups.push(demo.cleanup);
    const env = { STATION_DATA_DIR: demo.dir, STATION_CONFIG: '', STATION_NEW_OPERATOR_PIN: '5555' };
    for (const [name, argv] of Object.entries(CHANGES)) {
      const r = await run(env, ...argv.map((a) => (a === 'OUT' ? join(demo.dir, '..', 'out.csv') : a)), '--json');
      expect(r.code, `${name}: ${r.err}`).toBe(2);
      expect(r.err).toContain(`"${name}" changes the station, so it needs to know who you are. Add --operator NAME`);
      expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'staff.cli-operator-required' } });
    }
    const queue = await run(env, 'queue', 'list');
    expect(JSON.parse(queue.out)).toMatchObject({ total: 0 });
  });

  it('read-only commands need no operator', async () => {
    const { env } = liveStation();
    expect((await run(env, 'queue', 'list')).code).toBe(0);
    expect((await run(env, 'cards', 'find', '101')).code).toBe(0);
    expect((await run(env, 'config', 'check')).code).toBe(0);
    expect((await run(env, 'help')).code).toBe(0);
  });

  it('sets a station up from a script: the first operators add needs no sign-in and must be an administrator; then everything needs one', async () => {
    const { env } = liveStation();
    const notAdmin = await run({ ...env, STATION_NEW_OPERATOR_PIN: '4821' }, 'operators', 'add', 'Li', '--role', 'clerk');
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.err).toContain('The first operator of a station must be an administrator');
    const noSecret = await run(env, 'operators', 'add', 'Ada', '--role', 'administrator');
    expect(noSecret.code).toBe(2);
    expect(noSecret.err).toContain('STATION_NEW_OPERATOR_PIN is not set');

    const first = await run({ ...env, STATION_NEW_OPERATOR_PIN: 'ada-password-1' }, 'operators', 'add', 'Ada', '--role', 'administrator');
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ name: 'Ada', role: 'administrator', disabled: false });

    // The second one is not a first run.
    const anonymous = await run({ ...env, STATION_NEW_OPERATOR_PIN: '4821' }, 'operators', 'add', 'Li', '--role', 'clerk');
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toContain('"operators add" changes the station');

    const asAda = { ...env, STATION_OPERATOR_PIN: 'ada-password-1' };
    const weak = await run({ ...asAda, STATION_NEW_OPERATOR_PIN: '12' }, 'operators', 'add', 'Li', '--role', 'clerk', '--operator', 'Ada');
    expect(weak.code).toBe(2);
    expect(weak.err).toContain('A PIN has at least 4 digits');
    expect(await addOperator(asAda, 'Li', 'clerk', '4821', 'Ada')).toBe(0);
    expect(await addOperator(asAda, 'Wang', 'supervisor', 'wang-password', 'Ada')).toBe(0);

    // A clerk's rights only: a report, yes; a discard, no; the operators list, no.
    const asLi = { ...env, STATION_OPERATOR_PIN: '4821' };
    const lost = await run(asLi, 'report-lost', '--card-no', 'CARD000001', '--wait', '0', '--operator', 'Li');
    expect(lost.code, lost.err).toBe(0);
    const op = JSON.parse(lost.out) as { id: string; operator: string };
    expect(op.operator).toBe('Li');
    const discard = await run(asLi, 'queue', 'discard', op.id, '--operator', 'li', '--json');
    expect(discard.code).toBe(2);
    expect(JSON.parse(discard.out)).toMatchObject({
      ok: false,
      error: { code: 'station.forbidden', params: { role: 'clerk', needed: 'supervisor' } },
    });
    expect((await run(asLi, 'operators', 'list', '--operator', 'Li')).code).toBe(2);

    // A wrong PIN is refused like in the window, and counts toward the lock.
    const wrong = await run({ ...env, STATION_OPERATOR_PIN: '0000' }, 'report-lost', '--card-no', 'CARD000002', '--operator', 'Li');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('9 tries left');

    const list = await run({ ...env, STATION_OPERATOR_PIN: 'wang-password' }, 'operators', 'list', '--json', '--operator', 'Wang');
    expect(list.code, list.err).toBe(0);
    expect((JSON.parse(list.out) as OperatorView[]).map((o) => [o.name, o.role, o.failedAttempts])).toEqual([
      ['Ada', 'administrator', 0],
      ['Li', 'clerk', 1],
      ['Wang', 'supervisor', 0],
    ]);

    // A supervisor with a PIN is refused: supervisors need a password.
    const promote = await run(
      { ...asAda, STATION_NEW_OPERATOR_PIN: '' },
      'operators',
      'set-role',
      'Li',
      '--role',
      'supervisor',
      '--operator',
      'Ada',
    );
    expect(promote.code).toBe(2);
    expect(promote.err).toContain('STATION_NEW_OPERATOR_PIN is not set');
    const promoted = await run(
      { ...asAda, STATION_NEW_OPERATOR_PIN: 'li-password-1' },
      'operators',
      'set-role',
      'Li',
      '--role',
      'supervisor',
      '--operator',
      'Ada',
    );
    expect(promoted.code, promoted.err).toBe(0);
    expect(JSON.parse(promoted.out)).toMatchObject({ name: 'Li', role: 'supervisor', secretKind: 'password' });

    expect((await run(asAda, 'operators', 'disable', 'Li', '--operator', 'Ada')).code).toBe(0);
    const disabled = await run(
      { ...env, STATION_OPERATOR_PIN: 'li-password-1' },
      'report-lost',
      '--card-no',
      'CARD000003',
      '--operator',
      'Li',
    );
    expect(disabled.code).toBe(2);
    expect(disabled.err).toContain('This account is disabled');
    const last = await run(asAda, 'operators', 'disable', 'Ada', '--operator', 'Ada');
    expect(last.code).toBe(2);
    expect(last.err).toContain('Ada is the last administrator');

    // The activity log names who did each of these, and the CSV carries it.
    const csv = join(env.STATION_CONFIG, '..', 'activity.csv');
    const exported = await run(
      { ...env, STATION_OPERATOR_PIN: 'wang-password' },
      'audit',
      'export',
      '--csv',
      csv,
      '--by',
      'Ada',
      '--operator',
      'Wang',
    );
    expect(exported.code, exported.err).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.split(',')[2] === 'Ada')).toBe(true);
    expect(rows.some((r) => r.includes('staff.operator-added'))).toBe(true);
  }, 120_000);
});

describe('operators enable', () => {
  it('lets an administrator bring a disabled operator back under the same name and PIN; a clerk or supervisor is refused (exit 2)', async () => {
    const { env } = liveStation();
    expect(await addOperator(env, 'Ada', 'administrator', 'ada-password-1')).toBe(0);
    const asAda = { ...env, STATION_OPERATOR_PIN: 'ada-password-1' };
    expect(await addOperator(asAda, 'Li Na', 'clerk', '4821', 'Ada')).toBe(0);
    expect(await addOperator(asAda, 'Wang', 'supervisor', 'wang-password', 'Ada')).toBe(0);
    expect((await run(asAda, 'operators', 'disable', 'Li Na', '--operator', 'Ada')).code).toBe(0);

    // Neither a clerk nor a supervisor may: station.forbidden, naming the role needed.
    const asWang = { ...env, STATION_OPERATOR_PIN: 'wang-password' };
    const bySupervisor = await run(asWang, 'operators', 'enable', '--name', 'Li Na', '--operator', 'Wang', '--json');
    expect(bySupervisor.code).toBe(2);
    expect(JSON.parse(bySupervisor.out)).toMatchObject({
      ok: false,
      error: { code: 'station.forbidden', params: { role: 'supervisor', needed: 'administrator' } },
    });
    expect(await addOperator(asAda, 'Zhao', 'clerk', '5150', 'Ada')).toBe(0);
    const byClerk = await run(
      { ...env, STATION_OPERATOR_PIN: '5150' },
      'operators',
      'enable',
      '--name',
      'Li Na',
      '--operator',
      'Zhao',
      '--json',
    );
    expect(byClerk.code).toBe(2);
    expect(JSON.parse(byClerk.out)).toMatchObject({
      ok: false,
      error: { code: 'station.forbidden', params: { role: 'clerk', needed: 'administrator' } },
    });
    const stillOff = await run(
      { ...env, STATION_OPERATOR_PIN: '4821' },
      'report-lost',
      '--card-no',
      'CARD000001',
      '--wait',
      '0',
      '--operator',
      'Li Na',
    );
    expect(stillOff.code).toBe(2);
    expect(stillOff.err).toContain('This account is disabled');

    // The administrator enables her, as --name NAME: she signs in with the PIN she had.
    const enabled = await run(asAda, 'operators', 'enable', '--name', 'li na', '--operator', 'Ada', '--json');
    expect(enabled.code, enabled.err).toBe(0);
    expect(JSON.parse(enabled.out)).toMatchObject({ name: 'Li Na', role: 'clerk', disabled: false, locked: false });
    expect(enabled.err).toContain('Li Na is enabled and can sign in again with their old PIN or password.');
    const back = await run(
      { ...env, STATION_OPERATOR_PIN: '4821' },
      'report-lost',
      '--card-no',
      'CARD000001',
      '--wait',
      '0',
      '--operator',
      'Li Na',
    );
    expect(back.code, back.err).toBe(0);
    expect(JSON.parse(back.out)).toMatchObject({ operator: 'Li Na' });

    // Again (as NAME, like its siblings): nothing to do, said so, exit 0.
    const again = await run(asAda, 'operators', 'enable', 'Li Na', '--operator', 'Ada');
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('Li Na is already active; nothing changed.');

    // An unknown name, no name, or the name twice: exit 2, saying why.
    const unknown = await run(asAda, 'operators', 'enable', '--name', 'Nobody', '--operator', 'Ada', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.out)).toMatchObject({ ok: false, error: { code: 'staff.operator-unknown' } });
    expect(unknown.err).toContain('There is no operator named Nobody.');
    const none = await run(asAda, 'operators', 'enable', '--operator', 'Ada');
    expect(none.code).toBe(2);
    expect(none.err).toContain('Missing NAME (or --name NAME)');
    const both = await run(asAda, 'operators', 'enable', 'Li Na', '--name', 'Li Na', '--operator', 'Ada');
    expect(both.code).toBe(2);
    expect(both.err).toContain('Give NAME or --name, not both.');

    // The activity log names who disabled and who re-enabled her.
    const csv = join(env.STATION_CONFIG, '..', 'activity.csv');
    expect((await run(asWang, 'audit', 'export', '--csv', csv, '--operator', 'Wang')).code).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows.filter((r) => /,Ada,staff\.operator-(disabled|enabled),/.test(r)).map((r) => r.split(',')[3])).toEqual([
      'staff.operator-disabled',
      'staff.operator-enabled',
    ]);
    expect(rows.filter((r) => r.includes('staff.operator-enabled')).every((r) => r.endsWith(',Li Na'))).toBe(true);
  }, 120_000);

  it('keeps a lock after wrong tries and says who lifts it', async () => {
    const { env } = liveStation();
    expect(await addOperator(env, 'Ada', 'administrator', 'ada-password-1')).toBe(0);
    const asAda = { ...env, STATION_OPERATOR_PIN: 'ada-password-1' };
    expect(await addOperator(asAda, 'Li', 'clerk', '4821', 'Ada')).toBe(0);
    expect((await run(asAda, 'operators', 'disable', 'Li', '--operator', 'Ada')).code).toBe(0);
    // Li's lock from before the leave (set as the sign-in check does after ten wrong tries).
    const db = openStationDatabase(join(env.STATION_CONFIG, '..', 'data', 'station.db'));
    db.prepare("UPDATE operators SET failed_attempts = 10, locked_at = '2030-01-01T09:00:00.000Z' WHERE name_key = 'li'").run();
    db.close();
    const enabled = await run(asAda, 'operators', 'enable', 'Li', '--operator', 'Ada', '--json');
    expect(enabled.code, enabled.err).toBe(0);
    expect(JSON.parse(enabled.out)).toMatchObject({ disabled: false, locked: true });
    expect(enabled.err).toContain('still locked after wrong tries: a supervisor lifts that with "operators unlock Li"');
  }, 60_000);
});

describe('the PIN prompt on a terminal', () => {
  it('reads the secret in raw mode and never echoes it', async () => {
    const input = Object.assign(new PassThrough(), {
      isTTY: true,
      isRaw: false,
      setRawMode(mode: boolean) {
        input.isRaw = mode;
        return input;
      },
    });
    let shown = '';
    const ask = hiddenPrompt(input, { write: (t: string) => (shown += t) })!;
    const answer = ask('PIN or password for Li: ');
    expect(input.isRaw).toBe(true);
    input.write('48x\u007f21');
    input.write('\r');
    await expect(answer).resolves.toBe('4821');
    expect(shown).toBe('PIN or password for Li: \n');
    expect(input.isRaw).toBe(false);
    expect(hiddenPrompt(Object.assign(new PassThrough(), { isTTY: false }), { write: () => true })).toBeUndefined();
  });

  it.skipIf(needs('the PIN prompt on a real terminal', SOCAT))(
    'asks on a real terminal (a pty) without echo, and signs in with what was typed',
    async () => {
      const { env, dataDir } = liveStation();
      expect(await addOperator(env, 'Ada', 'administrator', 'ada-password-1')).toBe(0);
      const cli = `${process.execPath} --import tsx ${join(REPO_ROOT, 'electron/cli/main.ts')} operators list --operator Ada`;
      const child = spawn(SOCAT.name, ['STDIO', `EXEC:${cli},pty,setsid,ctty,stderr`], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, STATION_OPERATOR_PIN: '' },
      });
      let seen = '';
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.includes('PIN or password for Ada:') && !seen.includes('typed')) {
          seen += '(typed)';
          child.stdin.write('ada-password-1\r');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(seen).toContain('PIN or password for Ada:');
      expect(seen).toContain('Ada  administrator  password  active');
      expect(seen).not.toContain('ada-password-1');
      expect(code).toBe(0);
      expect(readdirSync(dataDir)).toContain('station.db');
    },
    60_000,
  );
});
