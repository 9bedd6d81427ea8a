import { afterEach, describe, expect, it, vi } from 'vitest';
import { TuyaOpenApiClient } from '@tuya/tuya-connector-nodejs';
import {
  EMPTY_BODY_SHA256,
  buildStringToSign,
  businessSign,
  canonicalUrl,
  sha256Hex,
  signedHeadersBlock,
  tokenSign,
} from '../../electron/services/cloud/tuya/sign';

// Parameters of Tuya's public signing example. The expected signs below were computed outside the
// code under test, with `printf ... | openssl dgst -sha256 -hmac SECRET` on the shell.
const CLIENT_ID = '1KAD46OrT9HafiKdsXeg';
const SECRET = '4OHBOnWOqaEC1mWXOpVL3yV50s0qGSRC';
const T = '1588925778000';
const NONCE = '5138cc3a9033d69856923fd07b491173';
const ACCESS_TOKEN = '3f4eda2bdec17232f67c0b188af3eec1';

describe('Tuya stringToSign', () => {
  it('hashes an empty body to the documented constant', () => {
    expect(EMPTY_BODY_SHA256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('')).toBe(EMPTY_BODY_SHA256);
    expect(buildStringToSign({ method: 'get', url: '/v1.0/token?grant_type=1' })).toBe(
      `GET\n${EMPTY_BODY_SHA256}\n\n/v1.0/token?grant_type=1`,
    );
  });

  it('hashes the exact body bytes', () => {
    expect(sha256Hex('{"card_id":"A1B2C3D4"}')).toBe('af9bacf0102869b0f4e06367b695906f46d76d88a47d8eff63a93da74fdadc2b');
  });

  it('sorts the query by key, merging inline and separate parameters, without URL-encoding', () => {
    expect(canonicalUrl('/v2.0/apps/schema/users?page_size=50&page_no=1')).toBe('/v2.0/apps/schema/users?page_no=1&page_size=50');
    expect(canonicalUrl('/v1.0/x', { b: 2, a: 'x y', c: undefined })).toBe('/v1.0/x?a=x y&b=2');
    expect(canonicalUrl('/v1.0/devices')).toBe('/v1.0/devices');
  });

  it('lists signed headers as name:value lines in the Signature-Headers order', () => {
    const headers: Record<string, string> = { area_id: '29a33e8796834b1efa6', call_id: '8afdb70ab2ed11eb85290242ac130003' };
    expect(signedHeadersBlock(['area_id', 'call_id'], (n) => headers[n])).toBe(
      'area_id:29a33e8796834b1efa6\ncall_id:8afdb70ab2ed11eb85290242ac130003\n',
    );
    expect(signedHeadersBlock([''], () => 'x')).toBe('');
  });
});

describe('Tuya signatures against fixed vectors (openssl)', () => {
  it('token call with a nonce', () => {
    const stringToSign = buildStringToSign({ method: 'GET', url: '/v1.0/token?grant_type=1' });
    expect(tokenSign({ clientId: CLIENT_ID, secret: SECRET, t: T, nonce: NONCE, stringToSign })).toBe(
      '3206F74CBFC2869794FD3013C44F18166BE22AB1FB5FF66F513212264F67F681',
    );
  });

  it('token call without a nonce (nonce is optional)', () => {
    const stringToSign = buildStringToSign({ method: 'GET', url: '/v1.0/token?grant_type=1' });
    expect(tokenSign({ clientId: CLIENT_ID, secret: SECRET, t: T, stringToSign })).toBe(
      '7BA26C076E5ECB1E959BE274A0FFB397B2B1865FC7BCED8F1C78AC5653C20CAA',
    );
  });

  it('business call: POST issue card with a JSON body', () => {
    const stringToSign = buildStringToSign({
      method: 'POST',
      body: '{"card_id":"A1B2C3D4"}',
      url: '/v1.0/osaas/projects/P1/card-issue-devices/lock-devices/D1/cards',
    });
    expect(businessSign({ clientId: CLIENT_ID, secret: SECRET, accessToken: ACCESS_TOKEN, t: T, nonce: NONCE, stringToSign })).toBe(
      'B2CB3377209A75EEC53219F45F7C18B58672DEEC07571E7BD2E2129B4422BD85',
    );
  });

  it('business call: GET with signed headers and an unsorted query', () => {
    const headers: Record<string, string> = { area_id: '29a33e8796834b1efa6', call_id: '8afdb70ab2ed11eb85290242ac130003' };
    const stringToSign = buildStringToSign({
      method: 'GET',
      signedHeaders: signedHeadersBlock(['area_id', 'call_id'], (n) => headers[n]),
      url: canonicalUrl('/v2.0/apps/schema/users?page_size=50&page_no=1'),
    });
    expect(businessSign({ clientId: CLIENT_ID, secret: SECRET, accessToken: ACCESS_TOKEN, t: T, nonce: NONCE, stringToSign })).toBe(
      'AE4481C692AA80B25F3A7E12C3A5FD9BBF6251539DD78E565A1A72A508A88784',
    );
  });

  it('a different secret, token or body gives a different sign', () => {
    const stringToSign = buildStringToSign({ method: 'POST', body: '{"card_id":"A1B2C3D4"}', url: '/v1.0/x' });
    const base = { clientId: CLIENT_ID, secret: SECRET, accessToken: ACCESS_TOKEN, t: T, nonce: NONCE, stringToSign };
    const sign = businessSign(base);
    expect(businessSign({ ...base, secret: `${SECRET}x` })).not.toBe(sign);
    expect(businessSign({ ...base, accessToken: 'other' })).not.toBe(sign);
    expect(
      businessSign({ ...base, stringToSign: buildStringToSign({ method: 'POST', body: '{"card_id":"A1B2C3D5"}', url: '/v1.0/x' }) }),
    ).not.toBe(sign);
  });
});

describe('Tuya signatures agree with the official SDK signer (@tuya/tuya-connector-nodejs)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function sdkSign(method: string, path: string, body: object): Promise<{ t: string; sign: string; path: string }> {
    const store = {
      setTokens: async () => true,
      getAccessToken: async () => ACCESS_TOKEN,
      getRefreshToken: async () => 'refresh',
    };
    const sdk = new TuyaOpenApiClient({ baseUrl: 'http://unused.invalid', accessKey: CLIENT_ID, secretKey: SECRET, store });
    vi.useFakeTimers({ now: Number(T) });
    // getSignHeaders is the SDK's own business signer (no nonce; body always JSON.stringify'd).
    const headers = (await (
      sdk as unknown as { getSignHeaders: (p: string, m: string, q: object, b: object) => Promise<Record<string, string>> }
    ).getSignHeaders(path, method, {}, body)) as { t: string; sign: string; path: string };
    vi.useRealTimers();
    return headers;
  }

  it.each([
    ['POST', '/v1.0/osaas/projects/P1/card-issue-devices/lock-devices/D1/cards', { card_id: 'A1B2C3D4' }],
    [
      'PUT',
      '/v1.0/osaas/projects/P1/card-issue-devices/lock-devices/D1/cards/3245001',
      { begin_time: 1750226997548, end_time: 1750227997548 },
    ],
    ['PUT', '/v1.0/osaas/projects/P1/card-issue-devices/lock-devices/D1/cards/3245001/freeze-status', { freeze_status: 1 }],
  ] as const)('%s %s', async (method, path, body) => {
    const sdk = await sdkSign(method, path, body);
    expect(sdk.t).toBe(T);
    const stringToSign = buildStringToSign({ method, body: JSON.stringify(body), url: canonicalUrl(path) });
    expect(businessSign({ clientId: CLIENT_ID, secret: SECRET, accessToken: ACCESS_TOKEN, t: T, stringToSign })).toBe(sdk.sign);
  });

  it('sorted query, as the SDK builds it', async () => {
    const sdk = await sdkSign('GET', '/v1.0/x?b=2&a=1', {});
    expect(sdk.path).toBe('/v1.0/x?a=1&b=2');
  });
});
