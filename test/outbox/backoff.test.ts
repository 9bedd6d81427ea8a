import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../electron/services/outbox/backoff';
import { decide } from '../../electron/services/outbox/decide';
import { subjectOf } from '../../electron/services/outbox/subject';
import { stationError } from '../../shared/errors';
import { req } from './helpers';

describe('backoff', () => {
  it('grows exponentially, stays within half and all of its ceiling, and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, r) => {
        const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempts - 1));
        const d = backoffDelay(attempts, DEFAULT_BACKOFF, undefined, () => r);
        return d >= ceiling / 2 - 1 && d <= ceiling + 1 && d <= DEFAULT_BACKOFF.capMs;
      }),
    );
    expect(backoffDelay(1, DEFAULT_BACKOFF, undefined, () => 0.999)).toBeLessThan(backoffDelay(4, DEFAULT_BACKOFF, undefined, () => 0));
  });

  it('waits at least what a rate-limit answer asks, or the default rate-limit wait', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, { retryAfterMs: 45_000 }, () => 0)).toBeGreaterThanOrEqual(45_000);
    expect(backoffDelay(1, DEFAULT_BACKOFF, {}, () => 0)).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.rateLimitMs);
  });

  it('jitter spreads stations apart', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, DEFAULT_BACKOFF, undefined)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('decide', () => {
  const err = stationError('cloud.no-answer', { provider: 'UCLBRT', detail: 'x' });
  it('requeues an idempotent kind after an ambiguous outcome and holds a non-idempotent one', () => {
    expect(decide({ kind: 'uclbrt.qr.reportLost', attempts: 1 }, { kind: 'ambiguous', error: err }, 0, DEFAULT_BACKOFF).state).toBe(
      'queued',
    );
    for (const kind of ['uclbrt.qr.issue', 'uclbrt.prox.issue', 'tuya.issue'] as const) {
      expect(decide({ kind, attempts: 1 }, { kind: 'ambiguous', error: err }, 0, DEFAULT_BACKOFF).state).toBe('uncertain');
    }
  });
  it('requeues every kind after a retryable outcome, with the next attempt in the future', () => {
    const d = decide({ kind: 'tuya.issue', attempts: 3 }, { kind: 'retryable', error: err }, 1000, DEFAULT_BACKOFF);
    expect(d.state).toBe('queued');
    expect(d.nextAttemptAt!).toBeGreaterThan(1000);
  });
});

describe('subjects', () => {
  it('puts operations on one card on one subject, and different cards on different ones', () => {
    expect(subjectOf(req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'ABC123' } }))).toBe(
      subjectOf(req({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'ABC123' } })),
    );
    expect(
      subjectOf(
        req({ kind: 'uclbrt.prox.issue', input: { serialNum: 'a1b2c3d4', roomNo: '1', end: '2030-01-01T00:00', lockType: 'RFLOCK-V9' } }),
      ),
    ).toBe(subjectOf(req({ kind: 'uclbrt.prox.cancel', input: { serialNum: 'A1B2C3D4', lockType: 'RFLOCK-V9' } })));
    expect(subjectOf(req({ kind: 'tuya.freeze', input: { deviceId: 'd1', lockCardId: 'L1' } }))).toBe(
      subjectOf(req({ kind: 'tuya.delete', input: { deviceId: 'd1', lockCardId: 'L1' } })),
    );
    expect(subjectOf(req({ kind: 'tuya.freeze', input: { deviceId: 'd1', lockCardId: 'L1' } }))).not.toBe(
      subjectOf(req({ kind: 'tuya.freeze', input: { deviceId: 'd2', lockCardId: 'L1' } })),
    );
    expect(subjectOf(req({ kind: 'uclbrt.qr.issue', input: { roomNo: '101', mobile: '13800000000' } }))).toBe('uclbrt:room:--101');
  });
});
