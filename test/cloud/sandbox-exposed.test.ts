/**
 * The sandbox bound to an address other than loopback (`--host 0.0.0.0`) warns, and its control
 * routes (`/__sandbox/*`) need the token it printed; on loopback they stay open as before.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/command';
import { UclbrtClient } from '../../electron/services/cloud/uclbrt/client';
import { isLoopbackHost, startSandbox } from '../../electron/services/sandbox/server';
import { describeError } from '../../shared/errors';

const CONTROL_ROUTES: Array<[string, string]> = [
  ['GET', '/__sandbox/faults'],
  ['POST', '/__sandbox/faults'],
  ['GET', '/__sandbox/requests'],
  ['DELETE', '/__sandbox/requests'],
  ['GET', '/__sandbox/cards'],
  ['GET', '/__sandbox/anything-else'],
];

const DEMO = { accountSid: 'DEMO0000000000000000000000000001', authToken: 'demo-uclbrt-auth-token-0001' };

function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

describe('sandbox control routes on a network address', () => {
  it('refuse every control route without the right token, and answer with it; vendor routes need none', async () => {
    const sandbox = await startSandbox({ host: '0.0.0.0', port: 0 });
    const base = `http://127.0.0.1:${sandbox.port}`;
    try {
      const token = sandbox.controlToken!;
      expect(token).toMatch(/^[\w-]{32}$/);
      const sameLength = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      for (const [method, path] of CONTROL_ROUTES) {
        for (const wrong of [
          undefined,
          '',
          'nope',
          sameLength,
          token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase(),
        ]) {
          const res = await call(base, method, path, wrong, method === 'POST' ? { mode: 'http500' } : undefined);
          expect(res.status, `${method} ${path} with ${JSON.stringify(wrong)}`).toBe(401);
          const answer = (await res.json()) as { code: string; error: string };
          expect(answer).toEqual({
            code: 'station.sandbox-token-required',
            error: 'The sandbox control routes need the token the sandbox printed when it started.',
          });
        }
      }
      // Nothing above reached the state: no fault was set.
      expect(sandbox.state.fault).toBeNull();

      expect((await call(base, 'POST', '/__sandbox/faults', token, { mode: 'http500', count: 1 })).status).toBe(200);
      expect(sandbox.state.fault).toMatchObject({ mode: 'http500' });
      expect((await call(base, 'POST', '/__sandbox/faults', token, { mode: 'none' })).status).toBe(200);
      expect((await call(base, 'GET', '/__sandbox/cards', token)).status).toBe(200);

      const client = new UclbrtClient({ baseUrl: base, ...DEMO });
      expect(await client.getMacList({ communityNo: '1316879946' })).toContain('7C778A6C7D9C');
    } finally {
      await sandbox.close();
    }
  });

  it('on loopback keeps the control routes open and has no token (tests and demo mode)', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      expect(sandbox.controlToken).toBeUndefined();
      expect((await call(sandbox.url, 'GET', '/__sandbox/faults')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('knows which addresses are loopback', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', '::ffff:10.0.0.1', 'station.example', '128.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  let stop = () => {};
  let onPrint = () => {};
  const printed = new Promise<void>((r) => (onPrint = r));
  const interrupted = new Promise<void>((r) => (stop = r));
  const cli: CliIo = {
    stdout: (t) => {
      out.push(t);
      onPrint();
    },
    stderr: (t) => err.push(t),
    env: {},
    interrupted,
  };
  return { cli, out, err, stop, printed };
}

describe('station sandbox --host 0.0.0.0', () => {
  it('warns that it is reachable from the network and prints the control token, which then works', async () => {
    const t = io();
    const running = runCli(['sandbox', '--port', '0', '--host', '0.0.0.0'], t.cli);
    await t.printed;
    await new Promise((r) => setTimeout(r, 50));
    expect(t.err[0]).toBe(
      'Warning: The sandbox cloud listens on 0.0.0.0, which other computers can reach: its control routes (/__sandbox/...) now need the control token it prints.',
    );
    const port = /^listening on http:\/\/0\.0\.0\.0:(\d+)$/.exec(t.out[0])?.[1];
    const token = /^Control routes \(\/__sandbox\/\.\.\.\) need: Authorization: Bearer (\S+)$/.exec(t.out[1])?.[1];
    expect(port && token).toBeTruthy();
    const base = `http://127.0.0.1:${port}`;
    expect((await call(base, 'GET', '/__sandbox/requests')).status).toBe(401);
    expect((await call(base, 'GET', '/__sandbox/requests', token)).status).toBe(200);
    t.stop();
    expect(await running).toBe(0);
  });

  it('--json carries the token as controlToken; on loopback there is neither warning nor token', async () => {
    const t = io();
    const running = runCli(['sandbox', '--port', '0', '--host', '0.0.0.0', '--json'], t.cli);
    await t.printed;
    const info = JSON.parse(t.out[0]) as { url: string; port: number; controlToken?: string };
    expect(info.controlToken).toMatch(/^[\w-]{32}$/);
    expect(t.err.join('\n')).toContain('Warning: The sandbox cloud listens on 0.0.0.0');
    expect((await call(`http://127.0.0.1:${info.port}`, 'GET', '/__sandbox/cards', info.controlToken)).status).toBe(200);
    t.stop();
    expect(await running).toBe(0);

    const local = io();
    const localRun = runCli(['sandbox', '--port', '0', '--json'], local.cli);
    await local.printed;
    expect(JSON.parse(local.out[0])).not.toHaveProperty('controlToken');
    expect(local.err.join('\n')).not.toMatch(/Warning/);
    local.stop();
    expect(await localRun).toBe(0);
  });

  it('has the warning and the refusal in Chinese too', () => {
    expect(describeError({ code: 'station.sandbox-exposed', message: '', params: { host: '0.0.0.0' } }, 'zh-CN').text).toContain(
      '其他电脑也能访问',
    );
    expect(describeError({ code: 'station.sandbox-token-required', message: '' }, 'zh-CN').action).toContain('Authorization: Bearer');
  });
});
