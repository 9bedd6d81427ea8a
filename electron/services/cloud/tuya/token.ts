import { isCloudCallError } from '../call-error';

/** What `GET /v1.0/token?grant_type=1` and `GET /v1.0/token/{refresh_token}` return. */
export interface TuyaTokenGrant {
  accessToken: string;
  refreshToken: string;
  /** Lifetime in seconds, as Tuya's `expire_time`. */
  expireTimeSeconds: number;
}

/** The two token calls, signed and sent by the client; injected so the cache is testable alone. */
export interface TuyaTokenSource {
  grant(): Promise<TuyaTokenGrant>;
  refresh(refreshToken: string): Promise<TuyaTokenGrant>;
}

export interface TuyaTokenCacheOptions {
  now?: () => number;
  /** Renew this long before expiry; capped at a fifth of the token's lifetime. Default 5 minutes. */
  renewBeforeMs?: number;
}

interface HeldToken {
  grant: TuyaTokenGrant;
  expiresAt: number;
  renewAt: number;
}

/**
 * Holds one Tuya access token: fetched on first use, renewed with the refresh token shortly
 * before it expires or when the cloud calls it expired (1010), and shared by concurrent
 * callers (one fetch in flight at a time). A refused refresh falls back to a new grant.
 */
export class TuyaTokenCache {
  private held: HeldToken | undefined;
  private inFlight: Promise<HeldToken> | undefined;
  private readonly now: () => number;
  private readonly renewBeforeMs: number;

  constructor(
    private readonly source: TuyaTokenSource,
    options: TuyaTokenCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
  }

  /** A token good for the next call. */
  async accessToken(): Promise<string> {
    if (this.inFlight) return (await this.inFlight).grant.accessToken;
    const held = this.held;
    if (held && this.now() < held.renewAt) return held.grant.accessToken;
    return (await this.renew(held)).grant.accessToken;
  }

  /**
   * The cloud refused `staleToken` (expired or invalid): get another one. If someone else
   * already replaced it, that token is returned without a new fetch.
   */
  async replace(staleToken: string, how: 'refresh' | 'grant' = 'refresh'): Promise<string> {
    if (this.inFlight) return (await this.inFlight).grant.accessToken;
    const held = this.held;
    if (held && held.grant.accessToken !== staleToken) return held.grant.accessToken;
    return (await this.renew(how === 'refresh' ? held : undefined)).grant.accessToken;
  }

  /** Forget the token (credentials changed). */
  clear(): void {
    this.held = undefined;
  }

  private renew(from: HeldToken | undefined): Promise<HeldToken> {
    const fetching = this.fetch(from).then((next) => {
      this.held = next;
      return next;
    });
    const shared = fetching.finally(() => {
      if (this.inFlight === shared) this.inFlight = undefined;
    });
    this.inFlight = shared;
    return shared;
  }

  private async fetch(from: HeldToken | undefined): Promise<HeldToken> {
    if (from) {
      try {
        return this.hold(await this.source.refresh(from.grant.refreshToken));
      } catch (err) {
        // The cloud refused the refresh token (expired, revoked): start over with a grant.
        // A network failure is not retried here: a grant would fail the same way.
        if (!(isCloudCallError(err) && err.phase === 'vendor')) throw err;
      }
    }
    return this.hold(await this.source.grant());
  }

  private hold(grant: TuyaTokenGrant): HeldToken {
    const obtainedAt = this.now();
    const lifetimeMs = Math.max(0, grant.expireTimeSeconds * 1000);
    const expiresAt = obtainedAt + lifetimeMs;
    return { grant, expiresAt, renewAt: expiresAt - Math.min(this.renewBeforeMs, lifetimeMs / 5) };
  }
}
