import type { z } from 'zod';
import { stationError, type ErrorCode, type StationError, type VendorCode } from '../../shared/errors';
import { fromZodError } from '../../shared/errors/from-zod';

/** Thrown by services for failures a person can act on; the IPC layer turns it into `{ok:false,error}`. */
export class StationFailure extends Error {
  constructor(readonly error: StationError) {
    super(error.message);
    this.name = 'StationFailure';
  }

  static of(
    code: ErrorCode | VendorCode,
    params?: Record<string, string | number>,
    extra?: Pick<StationError, 'field' | 'serverText'>,
  ): StationFailure {
    return new StationFailure(stationError(code, params, extra));
  }
}

export function toStationError(err: unknown): StationError {
  if (err instanceof StationFailure) return err.error;
  const detail = err instanceof Error ? err.message : String(err);
  return stationError('station.internal', { detail });
}

/** `value` as `schema` reads it, or a StationFailure (`station.validation`) naming each field and rule: a boundary's check. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StationFailure(fromZodError(parsed.error, schema));
}
