import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOutboxStack } from '../../electron/services/outbox';
import { operationRequestSchema } from '../../shared/domain/operations';
import { FakeExecutor } from '../outbox/helpers';
import { REPO_ROOT, tempDir } from '../helpers';

const dataDir = tempDir('cs-cli-');
afterAll(() => dataDir.cleanup());

/** Runs the CLI as a child process with stdout and stderr on pipes; `readAfterMs` lets the pipes fill up first. */
function station(
  args: string[],
  env: Record<string, string> = {},
  readAfterMs = 0,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, STATION_DATA_DIR: dataDir.dir, STATION_CONFIG: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const ended = (stream: NodeJS.ReadableStream) => new Promise<void>((done) => stream.once('end', done));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    setTimeout(() => {
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
    }, readAfterMs);
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    // Everything the child wrote is read (both pipes ended), not just its exit seen.
    Promise.all([exited, ended(child.stdout), ended(child.stderr)]).then(([code]) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }, reject);
  });
}

describe('headless CLI (child process)', { timeout: 120_000 }, () => {
  it('help lists the foundation commands', async () => {
    const r = await station(['help']);
    expect(r.code).toBe(0);
    for (const c of ['ports', 'config check', 'doctor']) expect(r.stdout).toContain(c);
  });

  it('ports --json prints a JSON array of devices', async () => {
    const r = await station(['ports', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ports = JSON.parse(r.stdout);
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) {
      expect(['serial', 'hid']).toContain(p.kind);
      expect(typeof p.path).toBe('string');
    }
  });

  it('doctor --json prints one JSON object with every check', async () => {
    const r = await station(['doctor', '--json', '--timeout', '5000']);
    expect([0, 4]).toContain(r.code);
    const report = JSON.parse(r.stdout);
    expect(typeof report.ok).toBe('boolean');
    for (const name of ['config', 'dataDir', 'encoder', 'clouds']) {
      expect(report.checks[name], name).toMatchObject({ ok: expect.any(Boolean), detail: expect.any(String) });
    }
    expect(report.checks.config.ok).toBe(true);
    expect(report.checks.dataDir).toMatchObject({ ok: true, detail: expect.stringContaining(dataDir.dir) });
    expect(r.code).toBe(report.ok ? 0 : 4);
  });

  it('a bad --config exits 2 naming the bad field, for config check, doctor and ports', async () => {
    const bad = join(dataDir.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ uclbrt: { accountSid: 'nope', communityNo: '12' } }));
    const check = await station(['config', 'check', '--config', bad]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('uclbrt.accountSid: must be the 32-letter-and-digit Account SID');
    const checkJson = await station(['config', 'check', '--json', '--config', bad]);
    expect(checkJson.code).toBe(2);
    expect(JSON.parse(checkJson.stdout)).toMatchObject({
      ok: false,
      error: { code: 'station.config-invalid', field: 'uclbrt.accountSid' },
    });
    const doctor = await station(['doctor', '--json', '--config', bad]);
    expect(doctor.code).toBe(2);
    expect(JSON.parse(doctor.stdout).checks.config.detail).toContain('uclbrt.accountSid');
    const ports = await station(['ports'], { STATION_CONFIG: bad });
    expect(ports.code).toBe(2);
    expect(ports.stderr).toContain('uclbrt.accountSid');
  });

  it('config check --json reports secrets as set without printing them', async () => {
    const good = join(dataDir.dir, 'good.json');
    writeFileSync(good, JSON.stringify({ uclbrt: { accountSid: 'abcdefghijklmnopqrstuvwxyz012345', communityNo: '12' } }));
    const r = await station(['config', 'check', '--json', '--config', good], {
      STATION_UCLBRT_AUTH_TOKEN: 'env-token-777',
      STATION_UCLBRT_PASSWORD: 'pw-888',
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.settings.uclbrt).toMatchObject({ hasAuthToken: true, hasPassword: true });
    expect(r.stdout + r.stderr).not.toMatch(/env-token-777|pw-888/);
  });

  it('prints --json output of any size completely through a pipe, and exits only then', async () => {
    const big = tempDir('cs-cli-big-');
    try {
      const { outbox } = createOutboxStack({ database: join(big.dir, 'station.db'), executor: new FakeExecutor(), autoStart: false });
      const request = (i: number) =>
        operationRequestSchema.parse({
          kind: 'uclbrt.qr.reportLost',
          input: { cardNo: `PIPECARD${String(i).padStart(4, '0')}`, wholeRoom: false },
        });
      for (let i = 0; i < 1000; i++) await outbox.submit(request(i), 'pipe test');
      await outbox.close();
      const r = await station(['queue', 'list', '--json', '--limit', '1000'], { STATION_DATA_DIR: big.dir }, 500);
      expect(r.code, r.stderr).toBe(0);
      const page = JSON.parse(r.stdout) as { items: unknown[]; total: number };
      expect(r.stdout.length).toBeGreaterThan(4 * 65536);
      expect(page.items).toHaveLength(1000);
      expect(r.stderr).toContain('1000 of 1000 operation(s).');
    } finally {
      big.cleanup();
    }
  });

  it('prints a long message on stderr completely before exiting', async () => {
    const name = `--${'x'.repeat(100_000)}`;
    const r = await station(['ports', name], {}, 500);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(name);
  });

  it('an unknown command is a usage error', async () => {
    expect((await station(['frobnicate'])).code).toBe(2);
  });
});
