import { IDEMPOTENT_KINDS, type Operation, type OperationKind, type OperationState } from '../../../shared/domain/operations';
import type { StationError } from '../../../shared/errors';
import type { CloudOutcome } from '../cloud/executor';
import { isRateLimited } from '../cloud/outcome';
import { backoffDelay, type BackoffPolicy } from './backoff';

export interface Decision {
  state: Extract<OperationState, 'done' | 'failed' | 'queued' | 'uncertain'>;
  /** Audit action recorded for this outcome. */
  action: 'operation.done' | 'operation.failed' | 'operation.deferred' | 'operation.uncertain';
  result?: Record<string, unknown>;
  lastError?: StationError;
  /** ms since epoch; only for `queued`. */
  nextAttemptAt?: number;
}

/**
 * Refusals that mean "already so" for an idempotent kind. After an earlier attempt that may have
 * reached the cloud, such an answer proves that attempt worked: the operation is done.
 * - UCLBRT cancel: 5301 "already cancelled" (the executor also reads 5301/5308 that way).
 * - Tuya delete: 1000 "data not exist" — the card the first attempt deleted is gone.
 * Tuya freeze, unfreeze and modify set a value: sent again they succeed (Tuya and the sandbox
 * answer success when the card is already so), and a 1000 for them means the card is gone, which
 * they did not cause: that stays a failure a person must see.
 */
const ALREADY_DONE: Partial<Record<OperationKind, ReadonlySet<string>>> = {
  'uclbrt.qr.cancel': new Set(['uclbrt.5301']),
  'uclbrt.prox.cancel': new Set(['uclbrt.5301']),
  'tuya.delete': new Set(['tuya.1000']),
};

/**
 * What one attempt's outcome means for the operation. Ambiguous outcomes are retried only for
 * kinds that are safe to repeat; the others wait for a person, because resending could issue a
 * second card.
 */
export function decide(
  op: Pick<Operation, 'kind' | 'attempts' | 'mayHaveReachedCloud'>,
  outcome: CloudOutcome,
  nowMs: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): Decision {
  if (outcome.kind === 'success') return { state: 'done', action: 'operation.done', result: outcome.result };
  if (outcome.kind === 'permanent' && op.mayHaveReachedCloud && ALREADY_DONE[op.kind]?.has(outcome.error.code)) {
    return { state: 'done', action: 'operation.done', result: { alreadyDone: outcome.error.code } };
  }
  if (outcome.kind === 'permanent') return { state: 'failed', action: 'operation.failed', lastError: outcome.error };
  if (outcome.kind === 'ambiguous' && !IDEMPOTENT_KINDS.has(op.kind)) {
    return { state: 'uncertain', action: 'operation.uncertain', lastError: outcome.error };
  }
  const rateLimited = isRateLimited(outcome) ? { retryAfterMs: outcome.retryAfterMs } : undefined;
  const delay = backoffDelay(Math.max(1, op.attempts), policy, rateLimited, random);
  return { state: 'queued', action: 'operation.deferred', lastError: outcome.error, nextAttemptAt: nowMs + delay };
}
