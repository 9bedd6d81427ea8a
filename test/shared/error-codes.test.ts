/**
 * Error codes are the catalogues' literal union: a typo does not compile (`npm test` type-checks
 * this file: each `@ts-expect-error` must meet an error), a vendor's numeric code does, and a code
 * built at run time goes through `isErrorCode`.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, isErrorCode, stationError, type CodeSuffix, type ErrorCode } from '../../shared/errors';
import { StationFailure } from '../../electron/services/failure';

describe('error codes', () => {
  it('refuses a typo at compile time and knows every catalogue code', () => {
    // @ts-expect-error 'outbox.not-fond' is not a catalogue code
    expect(stationError('outbox.not-fond').message).toBe('outbox.not-fond');
    // @ts-expect-error 'station.validaton' is not a catalogue code
    expect(StationFailure.of('station.validaton').error.code).toBe('station.validaton');
    // A vendor's numeric code compiles even when the catalogue lacks it: the cloud may send new ones.
    expect(stationError('tuya.28841105', undefined, { serverText: 'not authorized' }).message).toBe('not authorized');
    const problem: CodeSuffix<'rooms.import-'> = 'too-long';
    // @ts-expect-error 'too-short' is not an import problem
    const unknownProblem: CodeSuffix<'rooms.import-'> = 'too-short';
    expect([problem, unknownProblem]).toHaveLength(2);
    const codes: ErrorCode[] = [...ERROR_CATALOGUE.keys()].filter(isErrorCode);
    expect(codes).toHaveLength(ERROR_CATALOGUE.size);
  });

  it('gives a code built at run time a typed path', () => {
    const built = `uclbrt.${'5217'}` as string;
    expect(isErrorCode(built) && stationError(built).code).toBe('uclbrt.5217');
    expect(isErrorCode('uclbrt.no-such-code')).toBe(false);
  });
});
