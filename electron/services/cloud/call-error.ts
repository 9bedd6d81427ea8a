import type { ProviderId } from '../../../shared/domain/cloud';

/**
 * Where a cloud call failed, which decides whether it may have had an effect:
 * - `connect`: the request never left the station (refused, unreachable, DNS, connect timeout);
 * - `response`: the request was (or may have been) sent but no usable answer came back
 *   (response timeout, connection reset, garbage body, HTTP 5xx with `httpStatus`);
 * - `vendor`: the cloud answered with its own error code (`vendorCode`, `serverText`).
 */
export type CloudCallPhase = 'connect' | 'response' | 'vendor';

export interface CloudCallErrorInit {
  provider: ProviderId;
  phase: CloudCallPhase;
  message: string;
  /** The vendor's code as a string: UCLBRT `status` (`'5217'`), Tuya `code` (`'1010'`). */
  vendorCode?: string;
  /** The vendor's own message (`info` / `msg`), shown when the code is unknown. */
  serverText?: string;
  httpStatus?: number;
  /** Low-level cause: `ECONNREFUSED`, `ECONNECT_TIMEOUT`, `ERESPONSE_TIMEOUT`, `EBADBODY`, ... */
  causeCode?: string;
  /** A hint from the cloud (Retry-After, rate limit) of how long to wait. */
  retryAfterMs?: number;
  /** Fields that were rejected before sending (never set for a network error). */
  field?: string;
}

/** Thrown by every cloud client (UCLBRT and Tuya); outcome.ts classifies it for the outbox. */
export class CloudCallError extends Error {
  readonly provider: ProviderId;
  readonly phase: CloudCallPhase;
  readonly vendorCode?: string;
  readonly serverText?: string;
  readonly httpStatus?: number;
  readonly causeCode?: string;
  readonly retryAfterMs?: number;
  readonly field?: string;

  constructor(init: CloudCallErrorInit) {
    super(init.message);
    this.name = 'CloudCallError';
    this.provider = init.provider;
    this.phase = init.phase;
    this.vendorCode = init.vendorCode;
    this.serverText = init.serverText;
    this.httpStatus = init.httpStatus;
    this.causeCode = init.causeCode;
    this.retryAfterMs = init.retryAfterMs;
    this.field = init.field;
  }
}

export function isCloudCallError(err: unknown): err is CloudCallError {
  return err instanceof CloudCallError;
}

/** The cloud answered with one of these codes of its own. */
export function isVendorCode(err: unknown, ...codes: readonly string[]): boolean {
  return err instanceof CloudCallError && err.phase === 'vendor' && codes.includes(err.vendorCode ?? '');
}
