import { beforeEach, describe, expect, it } from 'vitest';
import { buildStringToSign, businessSign, canonicalUrl, tokenSign } from '../../electron/services/cloud/tuya/sign';
import { handleTuyaRequest } from '../../electron/services/sandbox/tuya/routes';
import type { SandboxRequest, SandboxState } from '../../electron/services/sandbox/types';
import { OTHER_PROJECT, PROJECT, tuyaFixture, tuyaState, type Clock } from './tuya-helpers';

const LOCK = `/v1.0/osaas/projects/${PROJECT.projectId}/card-issue-devices/lock-devices/lock-101/cards`;
const QUERY = (lockCardId: string, device = 'lock-101', project = PROJECT.projectId) =>
  `/v1.0/cloud/osaas/projects/${project}/card-issue-devices/lock-devices/${device}/cards/${lockCardId}`;

interface Build {
  method?: string;
  path: string;
  rawQuery?: string;
  body?: unknown;
  token?: string;
  clientId?: string;
  secret?: string;
  t?: number;
  nonce?: string;
  headers?: Record<string, string>;
}

let clock: Clock;
let state: SandboxState;

/** A request as a well-behaved client would send it (tests then spoil one part). */
function request(b: Build): SandboxRequest {
  const method = b.method ?? 'GET';
  const rawBody = b.body === undefined ? '' : typeof b.body === 'string' ? b.body : JSON.stringify(b.body);
  const rawQuery = b.rawQuery ?? '';
  const t = String(b.t ?? clock.now);
  const nonce = b.nonce ?? 'n-1';
  const clientId = b.clientId ?? PROJECT.clientId;
  const secret = b.secret ?? PROJECT.secret;
  const url = canonicalUrl(rawQuery ? `${b.path}?${rawQuery}` : b.path);
  const stringToSign = buildStringToSign({ method, body: rawBody, url });
  const sign =
    b.token === undefined
      ? tokenSign({ clientId, secret, t, nonce, stringToSign })
      : businessSign({ clientId, secret, accessToken: b.token, t, nonce, stringToSign });
  const headers: Record<string, string> = { client_id: clientId, sign, sign_method: 'HMAC-SHA256', t, nonce };
  if (b.token !== undefined) headers.access_token = b.token;
  if (rawBody) headers['content-type'] = 'application/json';
  return {
    method,
    path: b.path,
    query: Object.fromEntries(new URLSearchParams(rawQuery)),
    rawQuery,
    headers: { ...headers, ...b.headers },
    rawBody,
    receivedAt: clock.now,
  };
}

function send(req: SandboxRequest): Record<string, unknown> {
  const res = handleTuyaRequest(req, state);
  expect(res, `${req.method} ${req.path} is a Tuya path`).toBeDefined();
  expect(res!.status).toBe(200);
  return res!.body as Record<string, unknown>;
}

function ok(req: SandboxRequest): Record<string, unknown> {
  const body = send(req);
  expect(body, JSON.stringify(body)).toMatchObject({ success: true });
  return body.result as Record<string, unknown>;
}

function refusedWith(req: SandboxRequest, code: number): void {
  const body = send(req);
  expect(body).toMatchObject({ success: false, code });
  expect(typeof body.msg).toBe('string');
}

function grant(): { access_token: string; refresh_token: string; expire_time: number } {
  return ok(request({ path: '/v1.0/token', rawQuery: 'grant_type=1' })) as never;
}

beforeEach(() => {
  clock = { now: Date.UTC(2026, 10, 23, 12, 0, 0) };
  state = tuyaState(tuyaFixture(), clock);
});

describe('sandbox Tuya token calls', () => {
  it('grants a token with the project lifetime', () => {
    const token = grant();
    expect(token.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(token.refresh_token).toMatch(/^[0-9a-f]{32}$/);
    expect(token.expire_time).toBe(7200);
  });

  it('refuses unknown client ids, bad signs, stale t, missing headers and bad grant types', () => {
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', clientId: 'nobody' }), 1005);
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', secret: 'wrong-secret' }), 1004);
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', t: clock.now - 6 * 60_000 }), 1013);
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', t: clock.now + 6 * 60_000 }), 1013);
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', headers: { t: '1588925778' } }), 1013);
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=2' }), 1003);
    const unsigned = request({ path: '/v1.0/token', rawQuery: 'grant_type=1' });
    delete unsigned.headers.sign;
    refusedWith(unsigned, 1105);
    const noMethod = request({ path: '/v1.0/token', rawQuery: 'grant_type=1' });
    delete noMethod.headers.sign_method;
    refusedWith(noMethod, 1105);
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', headers: { sign_method: 'MD5' } }), 1004);
    // The sign covers the nonce that was sent.
    refusedWith(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', headers: { nonce: 'n-2' } }), 1004);
    // The old (pre-2021) token sign, HMAC(client_id + t), is not accepted.
    const old = request({ path: '/v1.0/token', rawQuery: 'grant_type=1' });
    old.headers.sign = 'A'.repeat(64);
    refusedWith(old, 1004);
  });

  it('accepts a t just inside the window', () => {
    expect(ok(request({ path: '/v1.0/token', rawQuery: 'grant_type=1', t: clock.now - 4 * 60_000 }))).toHaveProperty('access_token');
  });

  it('refresh replaces the pair: the old access and refresh tokens stop working', () => {
    const first = grant();
    const second = ok(request({ path: `/v1.0/token/${first.refresh_token}` })) as { access_token: string; refresh_token: string };
    expect(second.access_token).not.toBe(first.access_token);
    refusedWith(request({ path: `/v1.0/token/${first.refresh_token}` }), 1012);
    refusedWith(request({ method: 'GET', path: QUERY('1'), token: first.access_token }), 1011);
    refusedWith(request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: second.access_token, secret: 'x' }), 1004);
    expect(ok(request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: second.access_token }))).toHaveProperty(
      'lock_card_id',
    );
  });

  it('another project cannot refresh this project token', () => {
    const first = grant();
    refusedWith(
      request({ path: `/v1.0/token/${first.refresh_token}`, clientId: OTHER_PROJECT.clientId, secret: OTHER_PROJECT.secret }),
      1012,
    );
  });
});

describe('sandbox Tuya business-call checks', () => {
  it('expired tokens get 1010, unknown tokens 1011, missing tokens 1002', () => {
    const { access_token } = grant();
    clock.now += 7200_000;
    refusedWith(request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: access_token }), 1010);
    refusedWith(request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: 'f'.repeat(32) }), 1011);
    const noToken = request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: '' });
    refusedWith(noToken, 1002);
  });

  it('the signature covers method, body and path', () => {
    const { access_token } = grant();
    const tampered = request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: access_token });
    tampered.rawBody = JSON.stringify({ card_id: 'AB13' });
    refusedWith(tampered, 1004);
    const moved = request({ method: 'POST', path: LOCK, body: { card_id: 'AB12' }, token: access_token });
    moved.path = LOCK.replace('lock-101', 'lock-102');
    refusedWith(moved, 1004);
  });

  it('a token of one project cannot be used with another project id or its locks', () => {
    const { access_token } = grant();
    const foreignLock = `/v1.0/osaas/projects/${PROJECT.projectId}/card-issue-devices/lock-devices/lock-901/cards`;
    refusedWith(request({ method: 'POST', path: foreignLock, body: { card_id: 'AB12' }, token: access_token }), 1106);
    const foreignProject = `/v1.0/osaas/projects/${OTHER_PROJECT.projectId}/card-issue-devices/lock-devices/lock-901/cards`;
    refusedWith(request({ method: 'POST', path: foreignProject, body: { card_id: 'AB12' }, token: access_token }), 1106);
    const unknownLock = `/v1.0/osaas/projects/${PROJECT.projectId}/card-issue-devices/lock-devices/lock-999/cards`;
    refusedWith(request({ method: 'POST', path: unknownLock, body: { card_id: 'AB12' }, token: access_token }), 2010);
  });

  it('unknown Tuya paths answer 1108 and non-Tuya paths are left to the server', () => {
    const { access_token } = grant();
    refusedWith(request({ method: 'GET', path: '/v1.0/devices/lock-101', token: access_token }), 1108);
    refusedWith(request({ method: 'PATCH', path: `${LOCK}/1`, token: access_token }), 1108);
    expect(handleTuyaRequest(request({ path: '/Home/Qrm/getLink' }), state)).toBeUndefined();
    expect(handleTuyaRequest(request({ path: '/__sandbox/cards' }), state)).toBeUndefined();
  });
});

describe('sandbox Tuya card state', () => {
  let token: string;
  const call = (method: string, path: string, body?: unknown) => request({ method, path, body, token });

  beforeEach(() => {
    token = grant().access_token;
  });

  it('issue, modify, query, freeze, unfreeze, delete', () => {
    const issued = ok(call('POST', LOCK, { card_id: 'A1B2C3D4' }));
    expect(issued).toMatchObject({ operate_result: true });
    const lockCardId = String(issued.lock_card_id);
    expect(state.tuya.cards.get(lockCardId)).toMatchObject({ cardId: 'A1B2C3D4', deviceId: 'lock-101', frozen: false, deleted: false });

    expect(ok(call('GET', QUERY(lockCardId)))).toEqual({ lock_card_id: lockCardId, begin_time: null, end_time: null });
    ok(call('PUT', `${LOCK}/${lockCardId}`, { begin_time: 1750226997548, end_time: 1750227997548 }));
    expect(ok(call('GET', QUERY(lockCardId)))).toEqual({ lock_card_id: lockCardId, begin_time: 1750226997548, end_time: 1750227997548 });

    ok(call('PUT', `${LOCK}/${lockCardId}/freeze-status`, { freeze_status: 1 }));
    expect(state.tuya.cards.get(lockCardId)?.frozen).toBe(true);
    ok(call('PUT', `${LOCK}/${lockCardId}/freeze-status`, { freeze_status: 0 }));
    expect(state.tuya.cards.get(lockCardId)?.frozen).toBe(false);

    ok(call('DELETE', `${LOCK}/${lockCardId}`));
    expect(state.tuya.cards.get(lockCardId)?.deleted).toBe(true);
    refusedWith(call('GET', QUERY(lockCardId)), 1000);
    refusedWith(call('DELETE', `${LOCK}/${lockCardId}`), 1000);
    refusedWith(call('PUT', `${LOCK}/${lockCardId}/freeze-status`, { freeze_status: 1 }), 1000);
  });

  it('the same card issued twice to one lock keeps its lock card id; another lock gets its own', () => {
    const a = ok(call('POST', LOCK, { card_id: 'A1B2C3D4' }));
    const b = ok(call('POST', LOCK, { card_id: 'A1B2C3D4' }));
    expect(b.lock_card_id).toBe(a.lock_card_id);
    const other = ok(call('POST', LOCK.replace('lock-101', 'lock-102'), { card_id: 'A1B2C3D4' }));
    expect(other.lock_card_id).not.toBe(a.lock_card_id);
    // A card of lock-101 is not found through lock-102.
    refusedWith(call('GET', QUERY(String(a.lock_card_id), 'lock-102')), 1000);
  });

  it('rejects bad card parameters with Tuya codes', () => {
    refusedWith(call('POST', LOCK, {}), 1102);
    refusedWith(call('POST', LOCK, { card_id: '' }), 1100);
    refusedWith(call('POST', LOCK, { card_id: 12345 }), 1104);
    refusedWith(call('POST', LOCK, 'not json'), 1109);
    const noType = call('POST', LOCK, { card_id: 'AB12' });
    delete noType.headers['content-type'];
    refusedWith(noType, 1006);

    const lockCardId = String(ok(call('POST', LOCK, { card_id: 'A1B2C3D4' })).lock_card_id);
    const card = `${LOCK}/${lockCardId}`;
    refusedWith(call('PUT', card, {}), 1100);
    refusedWith(call('PUT', card, { begin_time: 1750227997548, end_time: 1750226997548 }), 1101);
    refusedWith(call('PUT', card, { begin_time: 1750226997, end_time: 1750227997 }), 1101);
    refusedWith(call('PUT', card, { begin_time: 'soon' }), 1104);
    refusedWith(call('PUT', `${card}/freeze-status`, { freeze_status: 2 }), 1109);
    refusedWith(call('PUT', `${card}/freeze-status`, {}), 1102);
    refusedWith(call('PUT', `${LOCK}/9999999`, { end_time: 1750227997548 }), 1000);
    // Nothing of the refused changes stuck.
    const stored = state.tuya.cards.get(lockCardId);
    expect([stored?.beginTime, stored?.endTime, stored?.frozen]).toEqual([undefined, undefined, false]);
  });

  it('a modify that only moves the end keeps the start, and must stay after it', () => {
    const lockCardId = String(ok(call('POST', LOCK, { card_id: 'A1B2C3D4' })).lock_card_id);
    const card = `${LOCK}/${lockCardId}`;
    ok(call('PUT', card, { begin_time: 1750226997548, end_time: 1750227997548 }));
    ok(call('PUT', card, { end_time: '1750228997548' }));
    expect(ok(call('GET', QUERY(lockCardId)))).toMatchObject({ begin_time: 1750226997548, end_time: 1750228997548 });
    refusedWith(call('PUT', card, { end_time: 1750226997000 }), 1101);
  });
});
