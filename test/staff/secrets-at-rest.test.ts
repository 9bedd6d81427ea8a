/**
 * PINs and passwords are never stored or logged in clear, and their hashes never leave the database:
 * after first run, sign-ins (right and wrong), new operators, resets and role changes, through the
 * window's IPC and the CLI, every file in the data folder is searched.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { parseStationConfig } from '../../electron/services/config';
import { createDispatcher } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import { createFileLogger } from '../../electron/services/logging';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation } from '../../electron/services/station';
import { openStationDatabase } from '../../electron/services/store/database';
import { tempDir } from '../helpers';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

// Long and unusual, so none of them turns up in a timestamp, an id or a hash by chance.
const SECRETS = {
  admin: 'Quokka-Harbour-7351',
  clerkPin: '90817263',
  supervisor: 'Velvet-Lantern-2468',
  clerkReset: '74519038',
  wrong: ['Wrong-Guess-0042', '66229911'],
  cliClerk: '38291746',
  cliReset: '51837264',
};

describe('secrets of people at rest', () => {
  it('no PIN or password in clear anywhere in the data folder; no hash in the log, the activity log, its CSV or an IPC answer', async () => {
    const t = tempDir('cs-staff-secrets-');
    cleanups.push(t.cleanup);
    const dataDir = join(t.dir, 'data');
    const configPath = join(t.dir, 'station.json');
    const config = {
      mode: 'live',
      dataDir,
      uclbrt: { baseUrl: 'http://127.0.0.1:9', accountSid: 'A'.repeat(32), communityNo: '1' },
      encoder: { driver: 'none' },
    };
    writeFileSync(configPath, JSON.stringify(config));

    const log = createFileLogger({ file: join(dataDir, 'logs', 'station.log'), level: 'debug' });
    const station = await createStation(parseStationConfig(config), {
      secrets: new MemorySecretStore({ 'uclbrt.authToken': 'x' }),
      log,
      dataDir,
    });
    const dispatch = createDispatcher(createHandlers(station), station.staff);
    const window = { senderTrusted: true, connection: station.staff.connect('window') };
    const answers: unknown[] = [];
    const call = async (channel: string, request: unknown) => {
      const r = await dispatch(channel, request, window);
      answers.push(r);
      return r;
    };

    try {
      expect(await call('session:firstAdministrator', { name: 'Ada', secret: SECRETS.admin })).toMatchObject({ ok: true });
      expect(await call('operators:add', { name: 'Li', role: 'clerk', secret: SECRETS.clerkPin })).toMatchObject({ ok: true });
      expect(await call('operators:add', { name: 'Wang', role: 'supervisor', secret: SECRETS.supervisor })).toMatchObject({ ok: true });
      expect(await call('operators:resetSecret', { name: 'Li', secret: SECRETS.clerkReset })).toMatchObject({ ok: true });
      await call('operators:list', {});
      await call('session:lock', {});
      expect(await call('session:signIn', { name: 'Li', secret: SECRETS.wrong[0] })).toMatchObject({
        ok: false,
        error: { code: 'staff.sign-in-failed' },
      });
      expect(await call('session:signIn', { name: 'Nobody', secret: SECRETS.wrong[1] })).toMatchObject({
        ok: false,
        error: { code: 'staff.sign-in-failed' },
      });
      expect(await call('session:signIn', { name: 'Wang', secret: SECRETS.supervisor })).toMatchObject({ ok: true });
      expect(await call('audit:list', { limit: 1000 })).toMatchObject({ ok: true });
      const csv = await call('audit:exportCsv', { limit: 1000 });
      expect(csv).toMatchObject({ ok: true });
    } finally {
      await station.close();
    }

    // The CLI: a new operator and a reset, with the secrets in the environment.
    const cli = async (env: Record<string, string>, ...argv: string[]) => {
      let out = '';
      const code = await runCli(argv, {
        stdout: (s) => (out += s),
        stderr: (s) => (out += s),
        env: { ...process.env, STATION_CONFIG: configPath, STATION_DATA_DIR: '', ...env },
        interrupted: new Promise(() => {}),
      });
      answers.push(out);
      return code;
    };
    expect(
      await cli(
        { STATION_OPERATOR_PIN: SECRETS.admin, STATION_NEW_OPERATOR_PIN: SECRETS.cliClerk },
        'operators',
        'add',
        'Zhao',
        '--role',
        'clerk',
        '--operator',
        'Ada',
      ),
    ).toBe(0);
    expect(
      await cli(
        { STATION_OPERATOR_PIN: SECRETS.admin, STATION_NEW_OPERATOR_PIN: SECRETS.cliReset },
        'operators',
        'reset',
        'Zhao',
        '--operator',
        'Ada',
      ),
    ).toBe(0);
    expect(
      await cli({ STATION_OPERATOR_PIN: SECRETS.wrong[1] }, 'report-lost', '--card-no', 'CARD000001', '--operator', 'Zhao', '--verbose'),
    ).toBe(2);
    expect(await cli({ STATION_OPERATOR_PIN: SECRETS.admin }, 'operators', 'list', '--operator', 'Ada', '--json')).toBe(0);

    const db = openStationDatabase(join(dataDir, 'station.db'));
    const hashes = (db.prepare('SELECT secret_hash FROM operators').all() as Array<{ secret_hash: string }>).map((r) => r.secret_hash);
    db.close();
    expect(hashes).toHaveLength(4);
    // Each hash's salt and key, as stored.
    const hashParts = hashes.flatMap((h) => h.split('$').slice(4));

    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('station.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('station.log'))).toBe(true);
    const clear = [
      SECRETS.admin,
      SECRETS.clerkPin,
      SECRETS.supervisor,
      SECRETS.clerkReset,
      ...SECRETS.wrong,
      SECRETS.cliClerk,
      SECRETS.cliReset,
    ];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of clear) {
        for (const encoding of ['utf8', 'utf16le'] as const)
          expect(bytes.includes(Buffer.from(secret, encoding)), `${file} holds ${secret} (${encoding})`).toBe(false);
      }
    }
    const logText = readFileSync(join(dataDir, 'logs', 'station.log'), 'utf8');
    expect(logText).toContain('first administrator added'); // the log was written, and is searched
    const everywhereButTheDatabase = [logText, JSON.stringify(answers)];
    for (const text of everywhereButTheDatabase) {
      for (const part of hashParts) expect(text.includes(part), `a hash leaked: ${part}`).toBe(false);
      expect(text).not.toMatch(/scrypt\$\d+/);
    }
  }, 120_000);
});
