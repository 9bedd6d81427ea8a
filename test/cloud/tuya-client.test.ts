import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudCallError } from '../../electron/services/cloud/call-error';
import { TuyaClient } from '../../electron/services/cloud/tuya/client';
import { StationFailure } from '../../electron/services/failure';
import { PROJECT, startTuyaFront, tuyaFixture, tuyaState, type Clock, type TuyaFront } from './tuya-helpers';

const P = PROJECT.projectId;
const BEGIN = 1_750_226_997_548;
const END = 1_750_227_997_548;

let clock: Clock;
let front: TuyaFront;

function client(overrides: Partial<ConstructorParameters<typeof TuyaClient>[0]> = {}): TuyaClient {
  return new TuyaClient({
    baseUrl: front.baseUrl,
    clientId: PROJECT.clientId,
    secret: PROJECT.secret,
    timeoutMs: { connect: 2_000, response: 3_000 },
    now: () => clock.now,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<CloudCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudCallError);
  return err as CloudCallError;
}

const businessCalls = () => front.seen.filter((r) => !r.path.startsWith('/v1.0/token'));
const tokenCalls = () => front.seen.filter((r) => r.path.startsWith('/v1.0/token'));

beforeEach(async () => {
  clock = { now: Date.now() };
  front = await startTuyaFront(tuyaState(tuyaFixture(600), clock));
});

afterEach(async () => {
  await front.close();
});

describe('TuyaClient against the sandbox (loopback HTTP)', () => {
  it('issues, modifies, queries, freezes, unfreezes and deletes a card', async () => {
    const c = client();
    const issued = await c.issueCard(P, 'lock-101', 'A1B2C3D4');
    expect(issued.lockCardId).toMatch(/^\d+$/);
    expect(issued.operateId).not.toBe('');
    expect(front.state.tuya.cards.get(issued.lockCardId)).toMatchObject({ cardId: 'A1B2C3D4', deviceId: 'lock-101' });

    expect(await c.queryCard(P, 'lock-101', issued.lockCardId)).toEqual({
      lockCardId: issued.lockCardId,
      beginMs: undefined,
      endMs: undefined,
    });
    await c.modifyCard(P, 'lock-101', issued.lockCardId, BEGIN, END);
    expect(await c.queryCard(P, 'lock-101', issued.lockCardId)).toEqual({ lockCardId: issued.lockCardId, beginMs: BEGIN, endMs: END });

    await c.setFreeze(P, 'lock-101', issued.lockCardId, true);
    expect(front.state.tuya.cards.get(issued.lockCardId)?.frozen).toBe(true);
    await c.setFreeze(P, 'lock-101', issued.lockCardId, false);
    expect(front.state.tuya.cards.get(issued.lockCardId)?.frozen).toBe(false);

    await c.deleteCard(P, 'lock-101', issued.lockCardId);
    expect(front.state.tuya.cards.get(issued.lockCardId)?.deleted).toBe(true);
    const gone = await failure(c.queryCard(P, 'lock-101', issued.lockCardId));
    expect(gone).toMatchObject({ provider: 'tuya', phase: 'vendor', vendorCode: '1000', serverText: 'data not exist' });

    // One token served every call.
    expect(tokenCalls().map((r) => r.path)).toEqual(['/v1.0/token']);
  });

  it('issues with a validity in one client call', async () => {
    const c = client();
    const issued = await c.issueCard(P, 'lock-102', 'CAFE0001', BEGIN, END);
    expect(await c.queryCard(P, 'lock-102', issued.lockCardId)).toMatchObject({ beginMs: BEGIN, endMs: END });
    expect(businessCalls().map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`)).toEqual([
      'POST cards',
      `PUT ${issued.lockCardId}`,
      `GET ${issued.lockCardId}`,
    ]);
  });

  it('if the validity step of an issue is refused, the error says the card was issued and under which id', async () => {
    const c = client();
    front.intercept = (r) =>
      r.method === 'PUT' ? { status: 200, body: { success: false, code: 1101, msg: 'params range invalid' } } : undefined;
    const err = await failure(c.issueCard(P, 'lock-101', 'CAFE0002', BEGIN, END));
    const [card] = [...front.state.tuya.cards.values()];
    expect(card.cardId).toBe('CAFE0002');
    expect(err).toMatchObject({ phase: 'vendor', vendorCode: '1101' });
    expect(err.message).toContain(`card issued as lock card ${card.lockCardId}`);
  });

  it('if the validity step cannot reach the cloud, the issue is not reported as unsent', async () => {
    const c = client();
    front.intercept = (r) => (r.method === 'PUT' ? 'drop' : undefined);
    const err = await failure(c.issueCard(P, 'lock-101', 'CAFE0003', BEGIN, END));
    expect(err.phase).toBe('response');
    expect(front.state.tuya.cards.size).toBe(1);
  });

  it('sends the documented headers and 13-digit times, and signs with a fresh nonce each call', async () => {
    const c = client();
    const issued = await c.issueCard(P, 'lock-101', 'A1B2C3D4');
    await c.modifyCard(P, 'lock-101', issued.lockCardId, BEGIN, END);
    const [issue, modify] = businessCalls();
    for (const r of [issue, modify]) {
      expect(r.headers).toMatchObject({ client_id: PROJECT.clientId, sign_method: 'HMAC-SHA256' });
      expect(r.headers.t).toMatch(/^\d{13}$/);
      expect(r.headers.sign).toMatch(/^[0-9A-F]{64}$/);
      expect(r.headers.access_token).toMatch(/^[0-9a-f]{32}$/);
      expect(r.headers['content-type']).toContain('application/json');
    }
    expect(issue.headers.nonce).not.toBe(modify.headers.nonce);
    expect(JSON.parse(issue.rawBody)).toEqual({ card_id: 'A1B2C3D4' });
    expect(JSON.parse(modify.rawBody)).toEqual({ begin_time: BEGIN, end_time: END });
    expect(tokenCalls()[0].headers.access_token).toBeUndefined();
  });

  it('concurrent first calls share one token fetch', async () => {
    const c = client();
    await Promise.all([c.issueCard(P, 'lock-101', 'AA01'), c.issueCard(P, 'lock-101', 'AA02'), c.issueCard(P, 'lock-102', 'AA03')]);
    expect(tokenCalls()).toHaveLength(1);
    expect(businessCalls()).toHaveLength(3);
  });

  it('refreshes the token before it expires (by the refresh token)', async () => {
    const c = client();
    await c.issueCard(P, 'lock-101', 'AA01');
    clock.now += 590_000; // 10 s left of a 600 s token: inside the renewal margin
    await c.issueCard(P, 'lock-101', 'AA02');
    expect(tokenCalls().map((r) => r.path)).toEqual(['/v1.0/token', expect.stringMatching(/^\/v1\.0\/token\/[0-9a-f]{32}$/)]);
    expect(businessCalls().every((r) => r.headers.access_token)).toBe(true);
  });

  it('on 1010 (token expired) refreshes and retries the call once', async () => {
    const c = client();
    await c.issueCard(P, 'lock-101', 'AA01');
    // The cloud ends the token early (the station still thinks it has minutes left).
    for (const token of front.state.tuya.tokens.values()) token.expiresAt = clock.now - 1;
    const second = await c.issueCard(P, 'lock-101', 'AA02');
    expect(front.state.tuya.cards.get(second.lockCardId)?.cardId).toBe('AA02');
    const answers = businessCalls().map((r) => r.headers.access_token);
    expect(answers).toHaveLength(3); // first issue, refused issue, retried issue
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).not.toBe(answers[1]);
    expect(tokenCalls()[1].path).toMatch(/^\/v1\.0\/token\/[0-9a-f]{32}$/);
  });

  it('on 1011 (token unknown to the cloud) gets a new token and retries once', async () => {
    const c = client();
    await c.issueCard(P, 'lock-101', 'AA01');
    front.state.tuya.tokens.clear();
    front.state.tuya.refreshTokens.clear();
    await c.issueCard(P, 'lock-101', 'AA02');
    expect(tokenCalls().map((r) => r.path)).toEqual(['/v1.0/token', '/v1.0/token']);
  });

  it('retries only once: a second stale-token answer is reported', async () => {
    const c = client();
    await c.probe();
    front.intercept = (r) =>
      r.path.startsWith('/v1.0/osaas') ? { status: 200, body: { success: false, code: 1010, msg: 'token is expired' } } : undefined;
    const err = await failure(c.issueCard(P, 'lock-101', 'AA01'));
    expect(err).toMatchObject({ phase: 'vendor', vendorCode: '1010' });
    expect(businessCalls()).toHaveLength(2);
  });

  it('reports Tuya refusals with their code and text', async () => {
    const c = client();
    expect(await failure(c.issueCard(P, 'lock-999', 'AA01'))).toMatchObject({
      phase: 'vendor',
      vendorCode: '2010',
      serverText: 'device not exist',
    });
    expect(await failure(c.issueCard('proj-2002', 'lock-901', 'AA01'))).toMatchObject({ phase: 'vendor', vendorCode: '1106' });
    expect(await failure(c.deleteCard(P, 'lock-101', '424242'))).toMatchObject({ phase: 'vendor', vendorCode: '1000' });
  });

  it('checks seed 003 rules before sending, naming the field', async () => {
    const c = client();
    const rejected = async (call: Promise<unknown>) => {
      const err = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StationFailure);
      return (err as StationFailure).error;
    };
    expect(await rejected(c.modifyCard(P, 'lock-101', '3245001', END, BEGIN))).toMatchObject({ code: 'station.validation', field: 'end' });
    // Seconds instead of milliseconds.
    expect(await rejected(c.modifyCard(P, 'lock-101', '3245001', 1_750_226_997, 1_750_227_997))).toMatchObject({ field: 'start' });
    expect(await rejected(c.modifyCard(P, 'lock-101', '3245001'))).toMatchObject({ field: 'end' });
    expect(await rejected(c.issueCard(P, 'lock 101', 'AA01'))).toMatchObject({ field: 'deviceId' });
    expect(await rejected(c.issueCard(P, 'lock-101', ''))).toMatchObject({ field: 'cardId' });
    expect(await rejected(c.setFreeze(P, 'lock-101', '../x', true))).toMatchObject({ field: 'lockCardId' });
    expect(await rejected(c.queryCard('a/b', 'lock-101', '1'))).toMatchObject({ field: 'projectId' });
    expect(front.seen).toHaveLength(0);
  });

  it('wrong credentials fail on the token call with the vendor code, and nothing is sent', async () => {
    const bad = client({ secret: 'not-the-secret' });
    expect(await failure(bad.issueCard(P, 'lock-101', 'AA01'))).toMatchObject({ phase: 'vendor', vendorCode: '1004' });
    const unknown = client({ clientId: 'nobody' });
    expect(await failure(unknown.deleteCard(P, 'lock-101', '1'))).toMatchObject({ phase: 'vendor', vendorCode: '1005' });
    expect(businessCalls()).toHaveLength(0);
  });

  it('a station clock far off is refused with 1013', async () => {
    const skewed = client({ now: () => clock.now - 3_600_000 });
    expect(await failure(skewed.probe())).toMatchObject({ phase: 'vendor', vendorCode: '1013' });
  });

  it('operate_result false is a vendor failure (the lock did not do it)', async () => {
    const c = client();
    await c.probe();
    front.intercept = (r) =>
      r.path.startsWith('/v1.0/osaas')
        ? { status: 200, body: { success: true, result: { lock_card_id: '1', operate_id: '2', operate_result: false } } }
        : undefined;
    expect(await failure(c.setFreeze(P, 'lock-101', '1', true))).toMatchObject({ phase: 'vendor', vendorCode: 'operate-failed' });
  });
});

describe('TuyaClient transport failures', () => {
  it('connection refused: phase connect', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const c = client({ baseUrl: `http://127.0.0.1:${port}` });
    expect(await failure(c.issueCard(P, 'lock-101', 'AA01'))).toMatchObject({ phase: 'connect', provider: 'tuya' });
  });

  it('no answer after the card request was sent: phase response (may have happened)', async () => {
    const c = client({ timeoutMs: { connect: 2_000, response: 500 } });
    await c.probe();
    front.intercept = (r) => (r.path.startsWith('/v1.0/osaas') ? 'hang' : undefined);
    const err = await failure(c.issueCard(P, 'lock-101', 'AA01'));
    expect(err.phase).toBe('response');
    expect(['ERESPONSE_TIMEOUT', 'ECONNABORTED', 'ETIMEDOUT']).toContain(err.causeCode);
  });

  it('connection dropped after the request: phase response', async () => {
    const c = client();
    await c.probe();
    front.intercept = (r) => (r.path.startsWith('/v1.0/osaas') ? 'drop' : undefined);
    expect(await failure(c.deleteCard(P, 'lock-101', '1'))).toMatchObject({ phase: 'response' });
  });

  it('HTTP 500 and garbage: phase response, with the HTTP status', async () => {
    const c = client();
    await c.probe();
    front.intercept = (r) => (r.path.startsWith('/v1.0/osaas') ? { status: 500, body: 'upstream exploded' } : undefined);
    expect(await failure(c.issueCard(P, 'lock-101', 'AA01'))).toMatchObject({ phase: 'response', httpStatus: 500 });
    front.intercept = (r) => (r.path.startsWith('/v1.0/osaas') ? { status: 200, body: '<html>proxy error</html>' } : undefined);
    expect(await failure(c.issueCard(P, 'lock-101', 'AA01'))).toMatchObject({ phase: 'response', causeCode: 'EBADBODY' });
  });

  it('a token call that times out means the card request never left: phase connect', async () => {
    const c = client({ timeoutMs: { connect: 2_000, response: 500 } });
    front.intercept = (r) => (r.path.startsWith('/v1.0/token') ? 'hang' : undefined);
    const err = await failure(c.issueCard(P, 'lock-101', 'AA01'));
    expect(err.phase).toBe('connect');
    expect(err.causeCode).toMatch(/^TOKEN_E/);
    expect(businessCalls()).toHaveLength(0);
  });

  it('Tuya rate-limit codes carry a wait hint', async () => {
    const c = client();
    await c.probe();
    front.intercept = (r) =>
      r.path.startsWith('/v1.0/osaas')
        ? { status: 200, body: { success: false, code: 1199, msg: 'your requests are too frequent' } }
        : undefined;
    const err = await failure(c.issueCard(P, 'lock-101', 'AA01'));
    expect(err.vendorCode).toBe('1199');
    expect(err.retryAfterMs).toBeGreaterThan(0);
  });
});
