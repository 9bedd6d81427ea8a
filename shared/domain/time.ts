import { z } from 'zod';

/**
 * A wall-clock time as staff pick it, `YYYY-MM-DDTHH:mm`, with no zone: main interprets it in the
 * community's time zone (UCLBRT) or the station's (Tuya).
 */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a date and time like 2026-11-23T14:00')
  .refine((s) => {
    // The regex above reports malformed text; this check only judges well-formed values.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return true;
    const [date, time] = s.split('T');
    const [y, m, d] = date.split('-').map(Number);
    const [hh, mm] = time.split(':').map(Number);
    const probe = new Date(Date.UTC(y, m - 1, d, hh, mm));
    return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d && hh < 24 && mm < 60;
  }, 'is not a real date and time');
export type LocalDateTime = z.infer<typeof localDateTimeSchema>;
