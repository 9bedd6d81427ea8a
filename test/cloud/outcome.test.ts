import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudCallError } from '../../electron/services/cloud/call-error';
import { attempt, classifyFailure } from '../../electron/services/cloud/outcome';
import { UclbrtClient } from '../../electron/services/cloud/uclbrt/client';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import { needs, PYTHON3 } from '../system-requirements';
import { ACCOUNT, COMMUNITY, uclbrtFixture } from './uclbrt-helpers';

let sandbox: SandboxHandle;
let client: UclbrtClient;

beforeAll(async () => {
  sandbox = await startSandbox({ fixture: uclbrtFixture(1000) });
  client = new UclbrtClient({ baseUrl: sandbox.url, ...ACCOUNT, connectTimeoutMs: 2_000, responseTimeoutMs: 1_500 });
});
afterAll(async () => {
  await sandbox?.close();
});

const issue = (c: UclbrtClient = client, mobile = '13800000001') =>
  attempt(() => c.getLink({ mobile, communityNo: COMMUNITY, buildNo: '1', floorNo: '1', roomNo: '101' }));
const issuedTo = (mobile: string) => sandbox.state.uclbrt.cards.filter((c) => c.mobile === mobile).length;

async function postFault(body: object): Promise<void> {
  const res = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

describe('fault modes as the outbox sees them', () => {
  it('a healthy call is a success carrying the card number', async () => {
    const outcome = await issue();
    expect(outcome.kind).toBe('success');
    expect(outcome.kind === 'success' && outcome.result.cardNo).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('down (connection refused) is retryable, and the cloud comes back', async () => {
    await postFault({ mode: 'down', ms: 1500 });
    await new Promise((r) => setTimeout(r, 100));
    const outcome = await issue(client, '13800000002');
    expect(outcome.kind).toBe('retryable');
    expect(outcome.kind !== 'success' && outcome.error.code).toBe('cloud.unreachable');
    expect(issuedTo('13800000002')).toBe(0);
    let back = false;
    for (let i = 0; i < 40 && !back; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = (await issue(client, '13800000003')).kind === 'success';
    }
    expect(back).toBe(true);
  });

  it('http500 is ambiguous with a wait (a 500 can follow the work), though here nothing was done', async () => {
    await postFault({ mode: 'http500', count: 1 });
    const outcome = await issue(client, '13800000004');
    expect(outcome).toMatchObject({ kind: 'ambiguous', error: { code: 'cloud.server-error' } });
    expect(outcome.kind === 'ambiguous' && outcome.retryAfterMs).toBeGreaterThan(0);
    expect(issuedTo('13800000004')).toBe(0);
  });

  it.each(['http502', 'http504'])('%s from a gateway is ambiguous: the cloud did do it', async (mode) => {
    const mobile = mode === 'http502' ? '13800000010' : '13800000011';
    await postFault({ mode, count: 1 });
    const outcome = await issue(client, mobile);
    expect(outcome).toMatchObject({
      kind: 'ambiguous',
      error: { code: 'cloud.server-error', params: { httpStatus: Number(mode.slice(4)) } },
    });
    expect(issuedTo(mobile)).toBe(1);
  });

  it('http503 with Retry-After is retryable: the cloud turned it away', async () => {
    await postFault({ mode: 'http503', count: 1 });
    const outcome = await issue(client, '13800000012');
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'cloud.busy' }, retryAfterMs: 1000 });
    expect(issuedTo('13800000012')).toBe(0);
  });

  it('rate-limit (4005) is retryable with a wait', async () => {
    await postFault({ mode: 'rate-limit', count: 1 });
    const outcome = await issue(client, '13800000005');
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'uclbrt.4005' } });
    expect(outcome.kind === 'retryable' && outcome.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it('timeout (answer lost after sending) is ambiguous, and the cloud did do it', async () => {
    await postFault({ mode: 'timeout', count: 1 });
    const outcome = await issue(client, '13800000006');
    expect(outcome).toMatchObject({ kind: 'ambiguous', error: { code: 'cloud.no-answer', params: { detail: 'ERESPONSE_TIMEOUT' } } });
    expect(issuedTo('13800000006')).toBe(1);
  });

  it('garbage body is ambiguous, and the cloud did do it', async () => {
    await postFault({ mode: 'garbage', count: 1 });
    const outcome = await issue(client, '13800000007');
    expect(outcome).toMatchObject({ kind: 'ambiguous', error: { code: 'cloud.bad-answer' } });
    expect(issuedTo('13800000007')).toBe(1);
  });

  it('faults are used up after count requests', async () => {
    await postFault({ mode: 'http500', count: 2 });
    expect((await issue()).kind).toBe('ambiguous');
    expect((await issue()).kind).toBe('ambiguous');
    expect((await issue()).kind).toBe('success');
  });

  it('4001 and 5xxx refusals are permanent, keeping the vendor code', async () => {
    const ambiguousRoom = await attempt(() => client.getLink({ mobile: '13800000001', communityNo: COMMUNITY, roomNo: '101' }));
    expect(ambiguousRoom).toMatchObject({ kind: 'permanent', error: { code: 'uclbrt.4001' } });
    const unknownRoom = await attempt(() =>
      client.getLink({ mobile: '13800000001', communityNo: COMMUNITY, buildNo: '1', floorNo: '1', roomNo: '999' }),
    );
    expect(unknownRoom).toMatchObject({ kind: 'permanent', error: { code: 'uclbrt.5007', serverText: 'room No not exist' } });
    const wrongSig = await attempt(() =>
      new UclbrtClient({ baseUrl: sandbox.url, accountSid: ACCOUNT.accountSid, authToken: 'nope' })
        .getMacList({ communityNo: COMMUNITY })
        .then(() => ({})),
    );
    expect(wrongSig).toMatchObject({ kind: 'permanent', error: { code: 'uclbrt.4008' } });
  });

  it('input that breaks a parameter rule is permanent before anything is sent', async () => {
    const before = sandbox.state.requests.length;
    const outcome = await attempt(() => client.getLink({ mobile: 'x', communityNo: COMMUNITY, roomNo: '101' }));
    expect(outcome).toMatchObject({ kind: 'permanent', error: { code: 'station.validation', field: 'mobile' } });
    expect(sandbox.state.requests.length).toBe(before);
  });
});

describe('transport failures outside the sandbox', () => {
  it('a connection reset after the request was sent is ambiguous', async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const outcome = await issue(new UclbrtClient({ baseUrl: `http://127.0.0.1:${port}`, ...ACCOUNT }));
      expect(outcome).toMatchObject({ kind: 'ambiguous', error: { code: 'cloud.no-answer' } });
    } finally {
      server.close();
    }
  });

  it('a TLS handshake that fails (nothing was sent yet) is retryable', async () => {
    // Speaks plain text where TLS is expected: the handshake fails before any request byte leaves.
    const server = net.createServer((socket) => socket.end('HTTP/1.1 400 plain text here\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const outcome = await issue(new UclbrtClient({ baseUrl: `https://127.0.0.1:${port}`, ...ACCOUNT }));
      expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'cloud.unreachable' } });
    } finally {
      server.close();
    }
  });

  it('a TLS connection reset during the handshake is retryable', async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const outcome = await issue(new UclbrtClient({ baseUrl: `https://127.0.0.1:${port}`, ...ACCOUNT }));
      expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'cloud.unreachable', params: { detail: 'ECONNRESET' } } });
    } finally {
      server.close();
    }
  });

  const noPython = needs('a connect timeout (python3 holds a full accept queue)', PYTHON3);
  it.skipIf(noPython)(`a connect timeout (nothing sent) is retryable${noPython ? ` (SKIPPED: ${noPython})` : ''}`, async () => {
    // A listener that never accepts, its queue already full: the next SYN gets no answer.
    const script = [
      'import socket,time',
      "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(0)",
      'port=s.getsockname()[1]',
      'fill=[]',
      'for i in range(4):',
      '  c=socket.socket(); c.setblocking(False)',
      '  try: c.connect(("127.0.0.1",port))',
      '  except BlockingIOError: pass',
      '  fill.append(c)',
      'print(port, flush=True)',
      'time.sleep(60)',
    ].join('\n');
    const child: ChildProcess = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
        child.once('error', reject);
      });
      const slow = new UclbrtClient({ baseUrl: `http://127.0.0.1:${port}`, ...ACCOUNT, connectTimeoutMs: 700, responseTimeoutMs: 10_000 });
      const outcome = await issue(slow);
      expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'cloud.unreachable', params: { detail: 'ECONNECT_TIMEOUT' } } });
    } finally {
      child.kill();
    }
  });

  it('nobody listening is retryable', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const outcome = await issue(new UclbrtClient({ baseUrl: `http://127.0.0.1:${port}`, ...ACCOUNT }));
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'cloud.unreachable', params: { detail: 'ECONNREFUSED' } } });
  });
});

describe('classifyFailure for Tuya errors', () => {
  it('uses the Tuya catalogue: busy/rate codes retry, a system error may have happened, others are permanent', () => {
    const busy = classifyFailure(new CloudCallError({ provider: 'tuya', phase: 'vendor', vendorCode: '1111', message: 'busy' }));
    expect(busy.kind).toBe('retryable');
    const systemError = classifyFailure(
      new CloudCallError({ provider: 'tuya', phase: 'vendor', vendorCode: '500', message: 'system error' }),
    );
    expect(systemError.kind).toBe('ambiguous');
    const denied = classifyFailure(
      new CloudCallError({ provider: 'tuya', phase: 'vendor', vendorCode: '1106', message: 'permission deny' }),
    );
    expect(denied.kind).toBe('permanent');
  });
});

describe('classifyFailure: resent only when the cloud provably did not do it', () => {
  const response = (httpStatus: number, retryAfterMs?: number) =>
    classifyFailure(new CloudCallError({ provider: 'uclbrt', phase: 'response', httpStatus, retryAfterMs, message: `HTTP ${httpStatus}` }));
  it('429 and 503 with Retry-After are retryable; 500, 502, 504 and a 503 without Retry-After are ambiguous', () => {
    expect(response(503, 2000)).toMatchObject({ kind: 'retryable', retryAfterMs: 2000 });
    expect(
      classifyFailure(
        new CloudCallError({
          provider: 'tuya',
          phase: 'vendor',
          httpStatus: 429,
          vendorCode: 'http.429',
          retryAfterMs: 5000,
          message: '429',
        }),
      ).kind,
    ).toBe('retryable');
    for (const status of [500, 502, 504]) expect(response(status).kind, `HTTP ${status}`).toBe('ambiguous');
    expect(response(503).kind).toBe('ambiguous');
  });
  it('UCLBRT 4005 in the body is retryable; its 403 (network error) and 500 (server error) may have happened', () => {
    const vendor = (vendorCode: string) =>
      classifyFailure(new CloudCallError({ provider: 'uclbrt', phase: 'vendor', vendorCode, message: vendorCode })).kind;
    expect(vendor('4005')).toBe('retryable');
    expect(vendor('403')).toBe('ambiguous');
    expect(vendor('500')).toBe('ambiguous');
  });
});
