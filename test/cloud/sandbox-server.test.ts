import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, FixtureError, parseFixture } from '../../electron/services/sandbox/fixture';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import { uclbrtFixture } from './uclbrt-helpers';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ fixture: uclbrtFixture() });
});
afterAll(async () => {
  await sandbox?.close();
});

const post = (path: string, body: string) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

describe('sandbox control endpoints', () => {
  it('refuses unknown fault modes and bad counts with a clear message', async () => {
    const bad = await post('/__sandbox/faults', JSON.stringify({ mode: 'explode' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(
      /down, http500, http502, http503, http504, timeout, rate-limit, garbage/,
    );
    expect((await post('/__sandbox/faults', JSON.stringify({ mode: 'http500', count: 0 }))).status).toBe(400);
    expect((await post('/__sandbox/faults', 'not json')).status).toBe(400);
  });

  it('sets, shows and clears a fault', async () => {
    expect((await post('/__sandbox/faults', JSON.stringify({ mode: 'garbage', count: 3 }))).status).toBe(200);
    expect(await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()).toEqual({ fault: { mode: 'garbage', remaining: 3 } });
    await post('/__sandbox/faults', JSON.stringify({ mode: 'none' }));
    expect(sandbox.state.fault).toBeNull();
  });

  it('answers unknown vendor paths with 404 and UCLBRT unknown actions with 4003', async () => {
    expect((await fetch(`${sandbox.url}/nothing/here`)).status).toBe(404);
    const res = await post('/?c=Qrcode&a=doMagic&sig=x', '{}');
    expect(((await res.json()) as { status: number }).status).toBe(4004); // no Authorization: refused before the action is looked at
    const prox = await post('/Home/Qrm/doMagic', '');
    expect(((await prox.json()) as { status: number }).status).toBe(4003);
  });

  it('clears the request log on DELETE', async () => {
    await fetch(`${sandbox.url}/nothing`);
    expect(sandbox.state.requests.length).toBeGreaterThan(0);
    await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
    expect(((await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { requests: unknown[] }).requests).toEqual([]);
  });
});

describe('fixtures', () => {
  it('the shipped demo fixture is valid and covers every lock type family', () => {
    const f = demoFixture();
    const rooms = f.uclbrt.accounts[0].communities[0].rooms;
    expect(new Set(rooms.map((r) => r.lockType))).toEqual(
      new Set(['QRALOCK', 'QRBLOCK', 'QRMLOCK', 'QRLOCK', 'RFLOCK-V9', 'QRPLOCK', 'QRNLOCK-WIFI']),
    );
    expect(f.tuya.projects[0].devices.length).toBeGreaterThan(0);
  });

  it('names the bad field of a broken fixture', () => {
    expect(() =>
      parseFixture({
        uclbrt: {
          accounts: [{ accountSid: 'x'.repeat(32), authToken: 't', communities: [{ communityNo: '1', timeZone: 'Mars/Olympus' }] }],
        },
      }),
    ).toThrow(FixtureError);
    expect(() =>
      parseFixture({
        uclbrt: {
          accounts: [{ accountSid: 'x'.repeat(32), authToken: 't', communities: [{ communityNo: '1', timeZone: 'Mars/Olympus' }] }],
        },
      }),
    ).toThrow(/timeZone/);
  });
});
