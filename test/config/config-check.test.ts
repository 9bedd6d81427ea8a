/**
 * `config check` as IT runs it. Seen: it said "Configuration OK" (exit 0) for the shipped example,
 * whose auth token is missing, and unknown keys (`authtoken`, `secrett`, a plain
 * `operator.password`) were dropped without a word.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers';

const work = tempDir('cs-config-check-');
afterAll(() => work.cleanup());
const EXAMPLE = join(REPO_ROOT, 'resources', 'station.config.example.json');

function station(
  args: string[],
  env: Record<string, string> = {},
  dataDir = work.dir,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STATION_')));
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...clean, STATION_DATA_DIR: dataDir, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('config check', { timeout: 120_000 }, () => {
  it('is not OK for the shipped example until its secrets are given, and names the variables that give them', async () => {
    const bare = await station(['config', 'check', '--config', EXAMPLE]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).not.toContain('Configuration OK');
    expect(bare.stderr).toContain('Configuration not ready');
    for (const v of ['STATION_UCLBRT_AUTH_TOKEN', 'STATION_UCLBRT_PASSWORD', 'STATION_TUYA_SECRET']) expect(bare.stderr).toContain(v);
    expect(bare.stdout).toContain('auth token MISSING');

    const json = await station(['config', 'check', '--json', '--config', EXAMPLE]);
    expect(json.code).toBe(2);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({
      ok: false,
      error: { code: 'station.secret-missing', field: 'uclbrt.authToken', params: { env: 'STATION_UCLBRT_AUTH_TOKEN' } },
    });
    expect(out.missingSecrets.map((m: { key: string }) => m.key)).toEqual(['uclbrt.authToken', 'uclbrt.passwordMd5', 'tuya.secret']);

    const given = await station(['config', 'check', '--config', EXAMPLE], {
      STATION_UCLBRT_AUTH_TOKEN: 'token-from-env-1',
      STATION_UCLBRT_PASSWORD: 'pw-from-env',
      STATION_TUYA_SECRET: 'tuya-from-env',
    });
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).toContain('Configuration OK');
    expect(given.stdout + given.stderr).not.toMatch(/token-from-env-1|pw-from-env|tuya-from-env/);
  });

  it('counts secrets the app keeps encrypted in the data folder as set, without reading them', async () => {
    const dataDir = join(work.dir, 'app-data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      join(dataDir, 'secrets.json'),
      JSON.stringify({ 'uclbrt.authToken': 'AAAA', 'uclbrt.passwordMd5': 'BBBB', 'tuya.secret': 'CCCC' }),
    );
    const r = await station(['config', 'check', '--config', EXAMPLE], {}, dataDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('auth token kept by the app (encrypted)');
  });

  it('refuses unknown keys, naming each with "did you mean"', async () => {
    const file = join(work.dir, 'typos.json');
    writeFileSync(
      file,
      JSON.stringify({
        mode: 'live',
        uclbrt: {
          accountSid: 'abcdefghijklmnopqrstuvwxyz012345',
          communityNo: '1001',
          authtoken: 'tok',
          operator: { creatorMobile: '13800000000', password: 'plain' },
        },
        tuya: { clientId: 'c', projectId: 'p', secrett: 's' },
      }),
    );
    const r = await station(['config', 'check', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('uclbrt.authtoken: is not a known key; did you mean "authToken"?');
    expect(r.stderr).toContain('tuya.secrett: is not a known key; did you mean "secret"?');
    expect(r.stderr).toContain('uclbrt.operator.password: is not a known key: the plain password is never kept in the file');
    expect(r.stdout + r.stderr).not.toContain('plain"');
  });

  it('refuses a file that is not UTF-8 or over 1 MB, saying which', async () => {
    const latin1 = join(work.dir, 'latin1.json');
    writeFileSync(latin1, Buffer.concat([Buffer.from('{"operatorName": "Jos'), Buffer.from([0xe9]), Buffer.from('"}')]));
    const a = await station(['config', 'check', '--json', '--config', latin1]);
    expect(a.code).toBe(2);
    expect(JSON.parse(a.stdout)).toMatchObject({ ok: false, error: { code: 'station.config-not-utf8' } });
    expect(a.stderr).toContain('line 1 is not UTF-8 text');

    const big = join(work.dir, 'big.json');
    writeFileSync(big, `{"operatorName": "a", "$schema": "${'x'.repeat(1_100_000)}"}`);
    const b = await station(['config', 'check', '--config', big]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('is larger than 1 MB');
  });
});
