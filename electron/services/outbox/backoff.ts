/** When to try again after an attempt that did not get through. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt; it doubles with each further one. */
  baseMs: number;
  /** The longest wait between two attempts. */
  capMs: number;
  /** Wait after a rate-limit answer (4005) when the cloud gives no hint. */
  rateLimitMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000, rateLimitMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": between half and all of the capped exponential delay,
 * so many stations coming back online do not hammer the cloud in step. A rate-limit answer waits
 * at least as long as the cloud asked (or `rateLimitMs`).
 */
export function backoffDelay(
  attempts: number,
  policy: BackoffPolicy,
  rateLimited: { retryAfterMs?: number } | undefined,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  if (!rateLimited) return jittered;
  const asked = rateLimited.retryAfterMs ?? policy.rateLimitMs;
  return Math.max(jittered, asked + Math.round(random() * asked * 0.2));
}
