import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LoopbackServerMessage } from '../../shared/ipc/loopback';
import { authorizeUpgrade, isLoopbackAddress, startHarness, type Harness } from '../../electron/services/harness';
import type { Station } from '../../electron/services/station';
import { demoStation, tempDir } from '../helpers';
import { accountFor } from '../sign-in';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it when open, or with the HTTP status the server refused it with. */
function connect(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ ws?: WebSocket; refusedWith?: number; messages: LoopbackServerMessage[] }> {
  return new Promise((resolve) => {
    const messages: LoopbackServerMessage[] = [];
    const ws = new WebSocket(url, options);
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => resolve({ refusedWith: res.statusCode, messages }));
    ws.once('error', () => resolve({ refusedWith: -1, messages }));
  });
}

async function waitFor<T>(pick: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = pick();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('browser harness', () => {
  let station: Station;
  let harness: Harness;
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    const demo = await demoStation();
    station = demo.station;
    cleanups.push(demo.cleanup);
    const renderer = tempDir();
    cleanups.push(renderer.cleanup);
    writeFileSync(
      join(renderer.dir, 'index.html'),
      '<!doctype html><title>Card Station</title><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(renderer.dir, 'app.js'), 'console.log(1)');
    harness = await startHarness({ station, rendererDir: renderer.dir, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await harness?.close();
    for (const c of cleanups.reverse()) await c();
  });

  it('prints a loopback URL carrying the token in the fragment', () => {
    expect(harness.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${harness.port}/#token=[A-Za-z0-9_-]{40,}$`));
    expect(harness.url.endsWith(harness.token)).toBe(true);
  });

  it('serves the built renderer with the strict CSP', async () => {
    const page = await get(harness.origin + '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Card Station</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${harness.port}`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(harness.origin + '/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder, nor to a foreign Host', async () => {
    const traversal = await get(harness.origin + '/..%2F..%2F..%2Fetc%2Fpasswd');
    expect(traversal.body).not.toContain('root:');
    expect((await get(harness.origin + '/', { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('refuses a WebSocket without the token, with another token, or from a foreign origin', async () => {
    const base = `ws://127.0.0.1:${harness.port}/ws`;
    expect((await connect(base)).refusedWith).toBe(403);
    expect((await connect(`${base}?token=not-the-token`)).refusedWith).toBe(403);
    expect((await connect(`${base}?token=${harness.token.slice(0, -1)}x`)).refusedWith).toBe(403);
    expect((await connect(harness.wsUrl, { origin: 'http://evil.example' })).refusedWith).toBe(403);
    expect((await connect(`ws://127.0.0.1:${harness.port}/other?token=${harness.token}`)).refusedWith).toBe(404);
  });

  it('refuses peers that are not loopback', () => {
    const ok = { url: `/ws?token=t`, origin: undefined, host: '127.0.0.1:9' };
    expect(authorizeUpgrade({ ...ok, remoteAddress: '127.0.0.1' }, { token: 't', port: 9 })).toEqual({ ok: true });
    expect(authorizeUpgrade({ ...ok, remoteAddress: '::ffff:127.0.0.1' }, { token: 't', port: 9 })).toEqual({ ok: true });
    for (const peer of ['192.168.1.20', '10.0.0.1', '::ffff:192.168.1.20', 'fe80::1', undefined]) {
      expect(authorizeUpgrade({ ...ok, remoteAddress: peer }, { token: 't', port: 9 })).toMatchObject({ ok: false, status: 403 });
    }
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('128.0.0.1')).toBe(false);
  });

  it('refuses to listen anywhere but 127.0.0.1', async () => {
    await expect(startHarness({ station, rendererDir: '/nonexistent', host: '0.0.0.0' as never })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('carries the contract: invoke round trip, typed errors, and every station event', async () => {
    const { ws, messages } = await connect(harness.wsUrl, { origin: harness.origin });
    expect(ws).toBeDefined();
    try {
      // The current status arrives as soon as the socket opens.
      await waitFor(() => messages.find((m) => m.t === 'event' && m.event === 'station:status'), 'initial status');

      // The token opened the socket, not a session: sign in as the station's clerk, as the page does.
      const { name, secret } = await accountFor(station, 'clerk');
      ws!.send(JSON.stringify({ t: 'invoke', id: 100, channel: 'session:signIn', request: { name, secret } }));
      await waitFor(() => messages.find((m) => m.t === 'result' && m.id === 100 && m.result.ok), 'signed in');

      ws!.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'station:status', request: {} }));
      ws!.send(JSON.stringify({ t: 'invoke', id: 2, channel: 'settings:get', request: {} }));
      ws!.send(JSON.stringify({ t: 'invoke', id: 3, channel: 'encoder:read', request: { timeoutMs: 'soon' } }));
      ws!.send(JSON.stringify({ t: 'invoke', id: 4, channel: 'no:such', request: {} }));
      ws!.send('not json at all');
      const result = (id: number) =>
        waitFor(
          () => messages.find((m): m is Extract<LoopbackServerMessage, { t: 'result' }> => m.t === 'result' && m.id === id),
          `result ${id}`,
        );
      expect((await result(1)).result).toMatchObject({ ok: true, data: { mode: 'demo' } });
      const settings = (await result(2)).result;
      expect(settings).toMatchObject({ ok: true, data: { mode: 'demo', uclbrt: null } });
      expect((await result(3)).result).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'timeoutMs' } });
      expect((await result(4)).result).toMatchObject({ ok: false, error: { code: 'station.validation' } });

      station.events.emit('progress', { task: 'test', label: 'half way', done: 1, total: 2 });
      station.events.emit('encoder:card-removed', { uid: '04A1B2C3', at: '2026-01-01T00:00:00Z' });
      await waitFor(() => messages.find((m) => m.t === 'event' && m.event === 'progress'), 'progress event');
      const removed = await waitFor(
        () => messages.find((m) => m.t === 'event' && m.event === 'encoder:card-removed'),
        'card-removed event',
      );
      expect(removed).toEqual({ t: 'event', event: 'encoder:card-removed', payload: { uid: '04A1B2C3', at: '2026-01-01T00:00:00Z' } });
    } finally {
      ws!.close();
    }
  });
});
