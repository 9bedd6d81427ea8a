import { describe, expect, it } from 'vitest';
import {
  instantToUclbrtTime,
  instantToZonedWallTime,
  localToUclbrtTime,
  uclbrtTimeToInstant,
  uclbrtTimeToLocal,
  zonedWallTimeToInstant,
} from '../../electron/services/cloud/uclbrt/time';

describe('local time to UCLBRT yyMMddHHmm', () => {
  it('keeps the wall clock of the community and formats it as 10 digits', () => {
    expect(localToUclbrtTime('2015-06-16T12:30', 'Asia/Shanghai')).toBe('1506161230');
    expect(uclbrtTimeToLocal('1506161230')).toBe('2015-06-16T12:30');
  });

  it('names the same instant differently in three zones', () => {
    const instant = Date.UTC(2026, 6, 1, 12, 0); // 2026-07-01 12:00 UTC
    expect(instantToUclbrtTime(instant, 'Asia/Shanghai')).toBe('2607012000');
    expect(instantToUclbrtTime(instant, 'Europe/Berlin')).toBe('2607011400');
    expect(instantToUclbrtTime(instant, 'America/New_York')).toBe('2607010800');
    expect(uclbrtTimeToInstant('2607012000', 'Asia/Shanghai')).toBe(instant);
    expect(uclbrtTimeToInstant('2607011400', 'Europe/Berlin')).toBe(instant);
    expect(uclbrtTimeToInstant('2607010800', 'America/New_York')).toBe(instant);
  });

  it('uses winter offsets in winter (Berlin +1, New York -5, Shanghai +8 all year)', () => {
    const instant = Date.UTC(2026, 0, 15, 12, 0);
    expect(instantToZonedWallTime(instant, 'Europe/Berlin')).toBe('2026-01-15T13:00');
    expect(instantToZonedWallTime(instant, 'America/New_York')).toBe('2026-01-15T07:00');
    expect(instantToZonedWallTime(instant, 'Asia/Shanghai')).toBe('2026-01-15T20:00');
  });

  it('crosses the New York spring-forward gap: 01:59 EST is one minute before 03:00 EDT', () => {
    const before = zonedWallTimeToInstant('2026-03-08T01:59', 'America/New_York');
    const after = zonedWallTimeToInstant('2026-03-08T03:00', 'America/New_York');
    expect(after - before).toBe(60_000);
    expect(before).toBe(Date.UTC(2026, 2, 8, 6, 59));
  });

  it('moves a time inside a DST gap forward, as a wall clock would (02:30 -> 03:30)', () => {
    expect(localToUclbrtTime('2026-03-08T02:30', 'America/New_York')).toBe('2603080330');
    expect(localToUclbrtTime('2026-03-29T02:30', 'Europe/Berlin')).toBe('2603290330');
    // Shanghai has no DST: the same wall time is kept.
    expect(localToUclbrtTime('2026-03-08T02:30', 'Asia/Shanghai')).toBe('2603080230');
  });

  it('reads a repeated fall-back hour as its first occurrence', () => {
    expect(zonedWallTimeToInstant('2026-11-01T01:30', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 5, 30)); // EDT
    expect(zonedWallTimeToInstant('2026-10-25T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30)); // CEST
  });

  it('a Berlin night stay across the autumn change lasts one hour longer than the wall clocks say', () => {
    const start = uclbrtTimeToInstant('2610242200', 'Europe/Berlin');
    const end = uclbrtTimeToInstant('2610250600', 'Europe/Berlin');
    expect((end - start) / 3_600_000).toBe(9);
  });

  it('rejects times that are not real', () => {
    expect(() => uclbrtTimeToLocal('2602301200')).toThrow(/not a real/);
    expect(() => uclbrtTimeToLocal('26023012')).toThrow(/yyMMddHHmm/);
    expect(() => localToUclbrtTime('2026-13-01T00:00', 'Asia/Shanghai')).toThrow();
  });
});
