import { describe, expect, it } from 'vitest';
import { CloudCallError } from '../../electron/services/cloud/call-error';
import { TuyaTokenCache, type TuyaTokenGrant, type TuyaTokenSource } from '../../electron/services/cloud/tuya/token';

/** A token source that counts its calls and can be told to fail; each answer is a new token. */
function fakeSource(lifetimeSeconds = 7200) {
  let seq = 0;
  const calls: string[] = [];
  const failures: { grant: Error[]; refresh: Error[] } = { grant: [], refresh: [] };
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const answer = (kind: 'grant' | 'refresh'): Promise<TuyaTokenGrant> => {
    calls.push(kind);
    const failure = failures[kind].shift();
    const n = ++seq;
    const result = async () => {
      if (gate) await gate;
      if (failure) throw failure;
      return { accessToken: `at-${n}`, refreshToken: `rt-${n}`, expireTimeSeconds: lifetimeSeconds };
    };
    return result();
  };
  const source: TuyaTokenSource & { refreshedWith: string[] } = {
    refreshedWith: [],
    grant: () => answer('grant'),
    refresh: (rt) => {
      source.refreshedWith.push(rt);
      return answer('refresh');
    },
  };
  return {
    source,
    calls,
    failures,
    hold() {
      gate = new Promise<void>((r) => (release = r));
    },
    open() {
      gate = undefined;
      release?.();
    },
  };
}

const vendorRefusal = () => new CloudCallError({ provider: 'tuya', phase: 'vendor', vendorCode: '1012', message: 'tuya: 1012' });
const networkDown = () => new CloudCallError({ provider: 'tuya', phase: 'connect', causeCode: 'ECONNREFUSED', message: 'tuya: down' });

describe('TuyaTokenCache', () => {
  it('fetches once and reuses the token while it is fresh', async () => {
    const clock = { now: 1_000_000 };
    const f = fakeSource();
    const cache = new TuyaTokenCache(f.source, { now: () => clock.now });
    expect(await cache.accessToken()).toBe('at-1');
    clock.now += 60 * 60_000;
    expect(await cache.accessToken()).toBe('at-1');
    expect(f.calls).toEqual(['grant']);
  });

  it('concurrent callers share one fetch', async () => {
    const f = fakeSource();
    f.hold();
    const cache = new TuyaTokenCache(f.source);
    const waiting = Promise.all([cache.accessToken(), cache.accessToken(), cache.accessToken()]);
    f.open();
    expect(await waiting).toEqual(['at-1', 'at-1', 'at-1']);
    expect(f.calls).toEqual(['grant']);
  });

  it('refreshes with the refresh token shortly before expiry', async () => {
    const clock = { now: 1_000_000 };
    const f = fakeSource(7200);
    const cache = new TuyaTokenCache(f.source, { now: () => clock.now, renewBeforeMs: 5 * 60_000 });
    await cache.accessToken();
    clock.now += 7200_000 - 6 * 60_000; // 6 minutes left: still fresh
    expect(await cache.accessToken()).toBe('at-1');
    clock.now += 2 * 60_000; // 4 minutes left: renew
    expect(await cache.accessToken()).toBe('at-2');
    expect(f.calls).toEqual(['grant', 'refresh']);
    expect(f.source.refreshedWith).toEqual(['rt-1']);
  });

  it('renews short-lived tokens before they run out (margin capped at a fifth of the lifetime)', async () => {
    const clock = { now: 0 };
    const f = fakeSource(10);
    const cache = new TuyaTokenCache(f.source, { now: () => clock.now });
    await cache.accessToken();
    clock.now = 7_000;
    expect(await cache.accessToken()).toBe('at-1');
    clock.now = 8_500;
    expect(await cache.accessToken()).toBe('at-2');
  });

  it('replace(stale) after a 1010 refreshes once, however many callers saw the stale token', async () => {
    const f = fakeSource();
    const cache = new TuyaTokenCache(f.source);
    const stale = await cache.accessToken();
    f.hold();
    const replaced = Promise.all([cache.replace(stale), cache.replace(stale)]);
    f.open();
    expect(await replaced).toEqual(['at-2', 'at-2']);
    // A late caller still holding the stale token gets the new one without another fetch.
    expect(await cache.replace(stale)).toBe('at-2');
    expect(f.calls).toEqual(['grant', 'refresh']);
  });

  it("replace(stale, 'grant') starts over without the refresh token", async () => {
    const f = fakeSource();
    const cache = new TuyaTokenCache(f.source);
    const stale = await cache.accessToken();
    expect(await cache.replace(stale, 'grant')).toBe('at-2');
    expect(f.calls).toEqual(['grant', 'grant']);
  });

  it('falls back to a new grant when the cloud refuses the refresh token', async () => {
    const f = fakeSource();
    const cache = new TuyaTokenCache(f.source);
    const stale = await cache.accessToken();
    f.failures.refresh.push(vendorRefusal());
    expect(await cache.replace(stale)).toBe('at-3');
    expect(f.calls).toEqual(['grant', 'refresh', 'grant']);
  });

  it('does not hammer the cloud when the network is down, and recovers on the next call', async () => {
    const f = fakeSource();
    const cache = new TuyaTokenCache(f.source);
    const stale = await cache.accessToken();
    f.failures.refresh.push(networkDown());
    await expect(cache.replace(stale)).rejects.toMatchObject({ phase: 'connect' });
    expect(f.calls).toEqual(['grant', 'refresh']);
    expect(await cache.replace(stale)).toBe('at-3');
  });

  it('a failed first grant is reported to every waiting caller and retried later', async () => {
    const f = fakeSource();
    f.failures.grant.push(vendorRefusal());
    const cache = new TuyaTokenCache(f.source);
    const results = await Promise.allSettled([cache.accessToken(), cache.accessToken()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await cache.accessToken()).toBe('at-2');
    expect(f.calls).toEqual(['grant', 'grant']);
  });
});
