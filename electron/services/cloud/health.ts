/**
 * The one record of how each cloud is doing, fed by every call made to it: the outbox's operations,
 * lookups, connection tests and reachability probes. The status bar, the PMS and the outbox's
 * offline probing all read it.
 */
import { PROVIDERS, type CloudState, type CloudStatus, type ProviderId } from '../../../shared/domain/cloud';
import { providerOf } from '../../../shared/domain/operations';
import type { StationError } from '../../../shared/errors';
import type { CloudExecutor, CloudOutcome } from './executor';
import { isRateLimited } from './outcome';

export type TrackedState = Extract<CloudState, 'online' | 'degraded' | 'offline' | 'unconfigured'>;

/** Failed attempts in a row after which a provider counts as offline (before that: degraded). */
export const OFFLINE_AFTER_FAILURES = 3;

/** A call that could not be made for want of settings says nothing about the cloud itself. */
const NOT_CONFIGURED = new Set(['uclbrt.not-configured', 'station.not-available']);

interface Tracked {
  state: TrackedState;
  since: string;
  failures: number;
  lastError?: StationError;
}

function nextState(outcome: CloudOutcome, failures: number): TrackedState {
  if (outcome.kind === 'success') return 'online';
  if (NOT_CONFIGURED.has(outcome.error.code)) return 'unconfigured';
  // Any answer from the cloud, even a refusal of this one request, means it is there.
  if (outcome.kind === 'permanent') return 'online';
  // No connection could be made at all (refused, DNS, connect timeout): certain, no need to wait for more.
  if (outcome.error.code === 'cloud.unreachable') return 'offline';
  // The cloud is there and wants us to slow down.
  if (isRateLimited(outcome)) return 'degraded';
  // A timeout or a server error may be a blip: offline only when it keeps happening.
  return failures < OFFLINE_AFTER_FAILURES ? 'degraded' : 'offline';
}

/** Per-provider state from the outcomes of real calls; a provider nothing happened to yet has none. */
export class CloudHealth {
  private readonly tracked = new Map<ProviderId, Tracked>();

  constructor(
    private readonly onChange: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** One call's outcome. */
  record(provider: ProviderId, outcome: CloudOutcome): void {
    const failed = outcome.kind === 'retryable' || outcome.kind === 'ambiguous';
    const failures = failed ? (this.tracked.get(provider)?.failures ?? 0) + 1 : 0;
    const state = nextState(outcome, failures);
    this.set(provider, state, failures, outcome.kind === 'success' ? undefined : outcome.error);
  }

  /** A reachability probe got an answer. */
  reachable(provider: ProviderId): void {
    this.set(provider, 'online', 0);
  }

  status(provider: ProviderId): Omit<CloudStatus, 'provider'> | undefined {
    const t = this.tracked.get(provider);
    if (!t) return undefined;
    // A refused request is that request's error, not the cloud's: an online cloud shows none.
    return { state: t.state, since: t.since, ...(t.lastError && t.state !== 'online' ? { lastError: t.lastError } : {}) };
  }

  /** Only the providers something happened to, in PROVIDERS order. */
  statuses(): CloudStatus[] {
    return PROVIDERS.flatMap((provider) => {
      const s = this.status(provider);
      return s ? [{ provider, ...s }] : [];
    });
  }

  offlineProviders(): ProviderId[] {
    return PROVIDERS.filter((p) => this.tracked.get(p)?.state === 'offline');
  }

  private set(provider: ProviderId, state: TrackedState, failures: number, lastError?: StationError): void {
    const prev = this.tracked.get(provider);
    const changed = prev?.state !== state;
    this.tracked.set(provider, { state, since: changed || !prev ? new Date(this.now()).toISOString() : prev.since, failures, lastError });
    if (changed) this.onChange();
  }
}

/** An executor that records each attempt's outcome in a CloudHealth. */
export interface TrackedExecutor extends CloudExecutor {
  readonly health: CloudHealth;
}

/**
 * The executor with the tracker its attempts are recorded in. The cloud service's executor records
 * its own (in the tracker lookups feed too); a bare one (a tool's, a test's) gets `fallback()`'s
 * and is recorded here.
 */
export function trackedExecutor(executor: CloudExecutor, fallback: () => CloudHealth): TrackedExecutor {
  if (executor.health) return executor as TrackedExecutor;
  const health = fallback();
  return {
    health,
    async execute(operation) {
      const outcome = await executor.execute(operation);
      health.record(providerOf(operation.kind), outcome);
      return outcome;
    },
    probe: (provider) => executor.probe(provider),
  };
}
