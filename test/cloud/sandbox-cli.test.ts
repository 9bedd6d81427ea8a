import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/command';
import { UclbrtClient } from '../../electron/services/cloud/uclbrt/client';
import { ACCOUNT, COMMUNITY, uclbrtFixture } from './uclbrt-helpers';

function io(): { io: CliIo; out: string[]; err: string[]; stop: () => void; printed: Promise<void> } {
  const out: string[] = [];
  const err: string[] = [];
  let stop = () => {};
  let onPrint = () => {};
  const printed = new Promise<void>((r) => (onPrint = r));
  const interrupted = new Promise<void>((r) => (stop = r));
  return {
    io: {
      stdout: (t) => {
        out.push(t);
        onPrint();
      },
      stderr: (t) => err.push(t),
      env: {},
      interrupted,
    },
    out,
    err,
    stop,
    printed,
  };
}

describe('station sandbox command', () => {
  it('prints where it listens and the demo credentials, serves until interrupted', async () => {
    const t = io();
    const running = runCli(['sandbox', '--port', '0'], t.io);
    await t.printed;
    const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(t.out[0]);
    expect(m).not.toBeNull();
    const text = t.out.join('\n');
    expect(text).toContain('accountSid=DEMO0000000000000000000000000001');
    expect(text).toContain('clientId=demotuyaclient0001');
    const client = new UclbrtClient({
      baseUrl: m![1],
      accountSid: 'DEMO0000000000000000000000000001',
      authToken: 'demo-uclbrt-auth-token-0001',
    });
    expect(await client.getMacList({ communityNo: '1316879946' })).toContain('7C778A6C7D9C');
    t.stop();
    expect(await running).toBe(0);
    await expect(fetch(`${m![1]}/__sandbox/cards`)).rejects.toThrow();
  });

  it('loads a fixture file, and refuses a broken one with a usage error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-fixture-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(uclbrtFixture()));
    const t = io();
    const running = runCli(['sandbox', '--port', '0', '--host', '127.0.0.1', '--fixture', good, '--json'], t.io);
    await t.printed;
    const info = JSON.parse(t.out[0]) as { url: string; credentials: string[] };
    expect(info.credentials.join('\n')).toContain(ACCOUNT.accountSid);
    const client = new UclbrtClient({ baseUrl: info.url, ...ACCOUNT });
    expect(await client.getMacList({ communityNo: COMMUNITY })).toHaveLength(2);
    t.stop();
    expect(await running).toBe(0);

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ uclbrt: { accounts: [{ accountSid: 'short', authToken: 'x' }] } }));
    const b = io();
    expect(await runCli(['sandbox', '--port', '0', '--fixture', bad], b.io)).toBe(2);
    expect(b.err.join('\n')).toMatch(/accountSid/);
    expect(await runCli(['sandbox'], io().io)).toBe(2);
  });

  it('runs as a real process (node + tsx, as npm run station does) and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'sandbox', '--port', '0'], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += String(d);
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const res = await fetch(`${url}/__sandbox/requests`);
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
