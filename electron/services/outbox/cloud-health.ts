import { PROVIDERS, type CloudState, type CloudStatus, type ProviderId } from '../../../shared/domain/cloud';
import type { StationError } from '../../../shared/errors';
import type { CloudOutcome } from '../cloud/executor';

/** How the clouds look from the outbox: observed, not configured. */
export type ObservedState = Extract<CloudState, 'online' | 'degraded' | 'offline'>;

interface Observation {
  state: ObservedState;
  since: string;
  failures: number;
  lastError?: StationError;
}

/** Consecutive failed attempts after which a provider counts as offline (before that: degraded). */
export const OFFLINE_AFTER_FAILURES = 3;

/**
 * Per-provider cloud status derived from what happened to real attempts and probes: any answer
 * from the cloud means online, one or two failures in a row degraded, more offline. A rate-limit
 * answer is degraded (the cloud is there, it wants us to slow down).
 */
export class CloudHealth {
  private readonly observed = new Map<ProviderId, Observation>();

  constructor(
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  observe(provider: ProviderId, outcome: CloudOutcome, rateLimited: boolean): void {
    if (outcome.kind === 'success' || outcome.kind === 'permanent') {
      this.set(provider, 'online', 0);
      return;
    }
    const failures = (this.observed.get(provider)?.failures ?? 0) + 1;
    const state: ObservedState = rateLimited || failures < OFFLINE_AFTER_FAILURES ? 'degraded' : 'offline';
    this.set(provider, state, failures, outcome.error);
  }

  /** A probe got an answer while the provider was offline. */
  reachable(provider: ProviderId): void {
    this.set(provider, 'online', 0);
  }

  state(provider: ProviderId): ObservedState | undefined {
    return this.observed.get(provider)?.state;
  }

  offlineProviders(): ProviderId[] {
    return PROVIDERS.filter((p) => this.observed.get(p)?.state === 'offline');
  }

  /** Only providers something was observed for; the rest are whatever the cloud config says. */
  statuses(): CloudStatus[] {
    return [...this.observed.entries()].map(([provider, o]) => ({
      provider,
      state: o.state,
      since: o.since,
      ...(o.lastError && o.state !== 'online' ? { lastError: o.lastError } : {}),
    }));
  }

  private set(provider: ProviderId, state: ObservedState, failures: number, lastError?: StationError): void {
    const prev = this.observed.get(provider);
    const changed = prev?.state !== state;
    this.observed.set(provider, {
      state,
      since: changed || !prev ? new Date(this.now()).toISOString() : prev.since,
      failures,
      lastError,
    });
    if (changed) this.onChange();
  }
}

/**
 * Merges the configured view (CloudService: unconfigured / unavailable / configured) with what
 * the outbox observed: observation wins wherever the provider is actually usable.
 */
export function mergeCloudStatus(configured: CloudStatus[], observed: CloudStatus[]): CloudStatus[] {
  return configured.map((c) => {
    if (c.state === 'unconfigured' || c.state === 'unavailable') return c;
    const o = observed.find((x) => x.provider === c.provider);
    return o ? { ...c, state: o.state, since: o.since, ...(o.lastError ? { lastError: o.lastError } : {}) } : c;
  });
}
