/**
 * The independent client: Tuya's official Node SDK (@tuya/tuya-connector-nodejs, its own signer and
 * token handling on axios 0.21) talks to the sandbox over loopback and must be accepted, so the
 * sandbox (and with it our signer, which the sandbox uses to verify) follows Tuya's real scheme.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TuyaContext } from '@tuya/tuya-connector-nodejs';
import { PROJECT, startTuyaFront, tuyaFixture, tuyaState, type TuyaFront } from './tuya-helpers';

const LOCK = `/v1.0/osaas/projects/${PROJECT.projectId}/card-issue-devices/lock-devices/lock-101/cards`;
const QUERY = (id: string) => `/v1.0/cloud/osaas/projects/${PROJECT.projectId}/card-issue-devices/lock-devices/lock-101/cards/${id}`;

interface Answer {
  success: boolean;
  code?: number;
  msg?: string;
  result?: Record<string, unknown>;
}

let front: TuyaFront;

function sdk(secret = PROJECT.secret): TuyaContext {
  return new TuyaContext({ baseUrl: front.baseUrl, accessKey: PROJECT.clientId, secretKey: secret });
}

beforeEach(async () => {
  front = await startTuyaFront(tuyaState(tuyaFixture(), { now: Date.now() }));
  // The sandbox clock follows real time here: the SDK stamps requests with Date.now().
  front.state.now = Date.now;
});

afterEach(async () => {
  await front.close();
});

describe('official Tuya SDK against the sandbox', () => {
  it('gets a token and runs every card operation, all accepted', async () => {
    const ctx = sdk();
    const issued = (await ctx.request({ method: 'POST', path: LOCK, body: { card_id: 'A1B2C3D4' } })) as unknown as Answer;
    expect(issued, JSON.stringify(issued)).toMatchObject({ success: true, result: { operate_result: true } });
    const lockCardId = String(issued.result?.lock_card_id);

    const modified = (await ctx.request({
      method: 'PUT',
      path: `${LOCK}/${lockCardId}`,
      body: { begin_time: 1750226997548, end_time: 1750227997548 },
    })) as unknown as Answer;
    expect(modified.success).toBe(true);

    const queried = (await ctx.request({ method: 'GET', path: QUERY(lockCardId) })) as unknown as Answer;
    expect(queried).toMatchObject({
      success: true,
      result: { lock_card_id: lockCardId, begin_time: 1750226997548, end_time: 1750227997548 },
    });

    expect(
      ((await ctx.request({ method: 'PUT', path: `${LOCK}/${lockCardId}/freeze-status`, body: { freeze_status: 1 } })) as unknown as Answer)
        .success,
    ).toBe(true);
    expect(front.state.tuya.cards.get(lockCardId)?.frozen).toBe(true);
    expect(
      ((await ctx.request({ method: 'PUT', path: `${LOCK}/${lockCardId}/freeze-status`, body: { freeze_status: 0 } })) as unknown as Answer)
        .success,
    ).toBe(true);
    expect(front.state.tuya.cards.get(lockCardId)?.frozen).toBe(false);

    expect(((await ctx.request({ method: 'DELETE', path: `${LOCK}/${lockCardId}` })) as unknown as Answer).success).toBe(true);
    expect(front.state.tuya.cards.get(lockCardId)?.deleted).toBe(true);

    // Every request the SDK made was verified and accepted: one token grant, six card calls.
    expect(front.seen.map((r) => `${r.method} ${r.path.startsWith('/v1.0/token') ? 'token' : 'card'}`)).toEqual([
      'GET token',
      'POST card',
      'PUT card',
      'GET card',
      'PUT card',
      'PUT card',
      'DELETE card',
    ]);
  });

  it('recovers from an expired token (1010) through its own retry', async () => {
    const ctx = sdk();
    await ctx.request({ method: 'POST', path: LOCK, body: { card_id: 'AA01' } });
    for (const token of front.state.tuya.tokens.values()) token.expiresAt = Date.now() - 1;
    const again = (await ctx.request({ method: 'POST', path: LOCK, body: { card_id: 'AA02' } })) as unknown as Answer;
    expect(again, JSON.stringify(again)).toMatchObject({ success: true });
    // The SDK signs its refresh call with the pre-2021 scheme, which the sandbox (like Tuya for
    // projects created since mid-2021) refuses; the SDK then falls back to a new grant.
    expect(
      front.seen.slice(2).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}$/, '{refresh_token}').replace(LOCK, 'cards')}`),
    ).toEqual(['POST cards', 'GET /v1.0/token/{refresh_token}', 'GET /v1.0/token', 'POST cards']);
  });

  it('is refused with 1004 when its secret is wrong', async () => {
    await expect(sdk('wrong-secret').request({ method: 'POST', path: LOCK, body: { card_id: 'AA01' } })).rejects.toThrow(
      /GET_TOKEN_FAILED 1004/,
    );
    expect(front.state.tuya.cards.size).toBe(0);
  });

  it('its token cannot be replayed with a tampered body', async () => {
    const ctx = sdk();
    front.intercept = (r) => {
      if (r.method === 'POST') r.rawBody = JSON.stringify({ card_id: 'EVIL' });
      return undefined;
    };
    const answer = (await ctx.request({ method: 'POST', path: LOCK, body: { card_id: 'AA01' }, retry: false })) as unknown as Answer;
    expect(answer).toMatchObject({ success: false, code: 1004 });
    expect(front.state.tuya.cards.size).toBe(0);
  });
});
