/**
 * What the outbox should do after one attempt: success, permanent (a person must act),
 * retryable (it certainly did not happen, or the cloud asked us to come back later), or
 * ambiguous (it may have happened). The rules live here and nowhere else.
 */
import type { ProviderId } from '../../../shared/domain/cloud';
import { findErrorEntry, stationError, type StationError } from '../../../shared/errors';
import { StationFailure, toStationError } from '../failure';
import type { Redactor } from '../logging/redact';
import { CloudCallError } from './call-error';
import type { CloudOutcome } from './executor';

export const PROVIDER_NAMES: Record<ProviderId, string> = { uclbrt: 'UCLBRT', tuya: 'Tuya' };

/** UCLBRT answers that mean "come back later" (4005 rate limit; 403/500 in the body are its network/server errors). */
const UCLBRT_RETRYABLE = new Set(['4005', '403', '500']);
/** Default waits when the cloud gives no hint. */
export const RATE_LIMITED_WAIT_MS = 60_000;
export const SERVER_ERROR_WAIT_MS = 30_000;

/** The StationError for a vendor code: catalogued text, or the server's own words for unknown codes. */
export function vendorError(provider: ProviderId, vendorCode: string, serverText: string | undefined): StationError {
  const code = `${provider}.${vendorCode}`;
  if (findErrorEntry(code)) return stationError(code, undefined, serverText ? { serverText } : undefined);
  const text = serverText ?? `code ${vendorCode}`;
  return { code, message: `${PROVIDER_NAMES[provider]}: ${text}`, serverText: text };
}

function vendorRetryable(err: CloudCallError): boolean {
  if (err.httpStatus === 429) return true;
  if (!err.vendorCode) return false;
  if (err.provider === 'uclbrt') return UCLBRT_RETRYABLE.has(err.vendorCode);
  // Tuya: its catalogue says which codes are transient (busy, rate limits, stale tokens).
  return findErrorEntry(`tuya.${err.vendorCode}`)?.category === 'retry-later';
}

/** Classifies a failed attempt (anything a client threw). */
export function classifyFailure(err: unknown): Exclude<CloudOutcome, { kind: 'success' }> {
  if (err instanceof StationFailure) return { kind: 'permanent', error: err.error };
  if (!(err instanceof CloudCallError)) return { kind: 'permanent', error: toStationError(err) };

  const provider = PROVIDER_NAMES[err.provider];
  const detail = err.causeCode ?? err.message;
  switch (err.phase) {
    case 'connect':
      return { kind: 'retryable', error: stationError('cloud.unreachable', { provider, detail }), retryAfterMs: err.retryAfterMs };
    case 'response':
      if (err.httpStatus !== undefined && err.httpStatus >= 500) {
        return {
          kind: 'retryable',
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
      if (vendorRetryable(err)) return { kind: 'retryable', error, retryAfterMs: err.retryAfterMs ?? RATE_LIMITED_WAIT_MS };
      return { kind: 'permanent', error };
    }
  }
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
