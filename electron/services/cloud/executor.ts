import type { StationError } from '../../../shared/errors/types';
import type { ProviderId } from '../../../shared/domain/cloud';
import type { Operation } from '../../../shared/domain/operations';
import type { CloudHealth } from './health';

/**
 * What became of one attempt to send an operation:
 * - success: the cloud did it (result holds what it answered: cardNo, lock_card_id, ...);
 * - permanent: the cloud refused (4001, 5xxx, ...): a person must act;
 * - retryable: it certainly did not reach the cloud, or the cloud asked us to come back (down,
 *   connect timeout, 5xx, 4005 rate limit; retryAfterMs hints how long to wait);
 * - ambiguous: the request may have reached the cloud (response lost, timeout after sending).
 */
export type CloudOutcome =
  | { kind: 'success'; result: Record<string, unknown> }
  | { kind: 'permanent' | 'retryable' | 'ambiguous'; error: StationError; retryAfterMs?: number };

/** Sends queued operations; the outbox worker's only view of the clouds. */
export interface CloudExecutor {
  execute(operation: Pick<Operation, 'id' | 'kind' | 'input'>): Promise<CloudOutcome>;
  /** A light reachability check while a provider is offline. */
  probe(provider: ProviderId): Promise<boolean>;
  /** Where this executor records every attempt (the cloud service's); absent for a bare one, which the outbox records itself. */
  readonly health?: CloudHealth;
}
