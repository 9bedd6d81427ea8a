/**
 * What the outbox should do after one attempt: success, permanent (a person must act),
 * retryable (it certainly did not happen, or the cloud asked us to come back later), or
 * ambiguous (it may have happened). The rules live here and nowhere else.
 */
import type { ProviderId } from '../../../shared/domain/cloud';
import { findErrorEntry, isErrorCode, stationError, type StationError } from '../../../shared/errors';
import { StationFailure, toStationError } from '../failure';
import type { Redactor } from '../logging/redact';
import { CloudCallError } from './call-error';
import type { CloudOutcome } from './executor';

export const PROVIDER_NAMES: Record<ProviderId, string> = { uclbrt: 'UCLBRT', tuya: 'Tuya' };

/** UCLBRT answers that turn the request away unprocessed: 4005 rate limit. */
const UCLBRT_NOT_DONE = new Set(['4005']);
/** UCLBRT "come back later" answers that may follow processing: 403 network error, 500 server error. */
const UCLBRT_MAYBE_DONE = new Set(['403', '500']);
/** Tuya's "retry later" codes that may follow processing (500 system error, 1103 command not delivered); its other ones turn the request away. */
const TUYA_MAYBE_DONE = new Set(['500', '1103']);
/** Default waits when the cloud gives no hint. */
export const RATE_LIMITED_WAIT_MS = 60_000;
export const SERVER_ERROR_WAIT_MS = 30_000;

/** The StationError for a vendor code: catalogued text, or the server's own words for unknown codes. */
export function vendorError(provider: ProviderId, vendorCode: string, serverText: string | undefined): StationError {
  const code = `${provider}.${vendorCode}`;
  if (isErrorCode(code)) return stationError(code, undefined, serverText ? { serverText } : undefined);
  const text = serverText ?? `code ${vendorCode}`;
  return { code, message: `${PROVIDER_NAMES[provider]}: ${text}`, serverText: text };
}

/**
 * What a vendor's own error answer says about the request:
 * - `not-done`: it was turned away before anything happened (rate limits, stale tokens, busy,
 *   lock offline): safe to send again, whatever the kind;
 * - `maybe-done`: a server-side failure that may come after the request was processed: sent
 *   again only for kinds that are safe to repeat;
 * - `refused`: a definite refusal a person must act on.
 */
function vendorVerdict(err: CloudCallError): 'not-done' | 'maybe-done' | 'refused' {
  if (err.httpStatus === 429) return 'not-done';
  if (!err.vendorCode) return 'refused';
  if (err.provider === 'uclbrt') {
    if (UCLBRT_NOT_DONE.has(err.vendorCode)) return 'not-done';
    return UCLBRT_MAYBE_DONE.has(err.vendorCode) ? 'maybe-done' : 'refused';
  }
  // Tuya: its catalogue says which codes are transient (busy, rate limits, stale tokens).
  if (findErrorEntry(`tuya.${err.vendorCode}`)?.category !== 'retry-later') return 'refused';
  return TUYA_MAYBE_DONE.has(err.vendorCode) ? 'maybe-done' : 'not-done';
}

/**
 * Classifies a failed attempt (anything a client threw). Only a request the cloud provably did
 * not carry out is `retryable`: never connected (refused, DNS, TLS or connect timeout), turned
 * away with 429 or 503 + Retry-After, or a vendor answer that means "not done". Anything else
 * that is not a clear refusal (500/502/504, lost or garbled answers) is `ambiguous`: the outbox
 * sends it again only for kinds that are safe to repeat.
 */
export function classifyFailure(err: unknown): Exclude<CloudOutcome, { kind: 'success' }> {
  if (err instanceof StationFailure) return { kind: 'permanent', error: err.error };
  if (!(err instanceof CloudCallError)) return { kind: 'permanent', error: toStationError(err) };

  const provider = PROVIDER_NAMES[err.provider];
  const detail = err.causeCode ?? err.message;
  switch (err.phase) {
    case 'connect':
      return { kind: 'retryable', error: stationError('cloud.unreachable', { provider, detail }), retryAfterMs: err.retryAfterMs };
    case 'response':
      if (err.httpStatus === 503 && err.retryAfterMs !== undefined) {
        return {
          kind: 'retryable',
          error: stationError('cloud.busy', { provider, httpStatus: err.httpStatus }),
          retryAfterMs: err.retryAfterMs,
        };
      }
      if (err.httpStatus !== undefined && err.httpStatus >= 500) {
        return {
          kind: 'ambiguous',
          error: stationError('cloud.server-error', { provider, httpStatus: err.httpStatus }),
          retryAfterMs: err.retryAfterMs ?? SERVER_ERROR_WAIT_MS,
        };
      }
      return {
        kind: 'ambiguous',
        error: stationError(err.causeCode === 'EBADBODY' ? 'cloud.bad-answer' : 'cloud.no-answer', { provider, detail }),
      };
    case 'vendor': {
      const error = vendorError(err.provider, err.vendorCode ?? 'unknown', err.serverText);
      switch (vendorVerdict(err)) {
        case 'not-done':
          return { kind: 'retryable', error, retryAfterMs: err.retryAfterMs ?? RATE_LIMITED_WAIT_MS };
        case 'maybe-done':
          return { kind: 'ambiguous', error, retryAfterMs: err.retryAfterMs ?? SERVER_ERROR_WAIT_MS };
        case 'refused':
          return { kind: 'permanent', error };
      }
    }
  }
}

const RATE_LIMIT_CODES = new Set(['uclbrt.4005']);

/** The cloud asked us to come back later (a rate limit, or a wait it named). */
export function isRateLimited(outcome: CloudOutcome): boolean {
  return outcome.kind !== 'success' && (outcome.retryAfterMs !== undefined || RATE_LIMIT_CODES.has(outcome.error.code));
}

/** Runs one cloud call and classifies what became of it. */
export async function attempt(call: () => Promise<Record<string, unknown>>): Promise<CloudOutcome> {
  try {
    return { kind: 'success', result: await call() };
  } catch (err) {
    return classifyFailure(err);
  }
}

/**
 * An outcome as it may be stored, answered and exported: the server's words (and any detail) pass
 * through the log's redactor, so a vendor error that echoes the request cannot carry a token or the
 * password MD5 into the outbox, the activity log, IPC answers or the CSV.
 */
export function maskOutcome<O extends CloudOutcome>(outcome: O, redactor: Redactor): O {
  if (!('error' in outcome)) return outcome;
  return { ...outcome, error: redactor.error(outcome.error) };
}
