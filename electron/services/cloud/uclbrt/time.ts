/**
 * Wall-clock times in an IANA zone, with Intl only (no tables of our own), correct across DST.
 * UCLBRT reads `startTime`/`endTime` as `yyMMddHHmm` in the community's zone; staff pick
 * `YYYY-MM-DDTHH:mm` meant in that same zone.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function instantToZonedParts(instantMs: number, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour === 24 ? 0 : parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** Zone offset (ms east of UTC) at an instant. */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const p = instantToZonedParts(instantMs, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function parseLocal(local: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const m = LOCAL_RE.exec(local);
  if (!m) throw new RangeError(`not a local date and time (YYYY-MM-DDTHH:mm): ${local}`);
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59) {
    throw new RangeError(`not a real date and time: ${local}`);
  }
  return { y, mo, d, h, mi };
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time names in a zone. A time that occurs twice (clocks go back) gives
 * the first occurrence; a time that does not exist (clocks go forward) is moved forward by the
 * gap, as a wall clock would read (02:30 in a 02:00->03:00 gap gives 03:30).
 */
export function zonedWallTimeToInstant(local: string, timeZone: string): number {
  const { y, mo, d, h, mi } = parseLocal(local);
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  const offsets = [
    zoneOffsetMs(wallAsUtc - DAY_MS, timeZone),
    zoneOffsetMs(wallAsUtc, timeZone),
    zoneOffsetMs(wallAsUtc + DAY_MS, timeZone),
  ];
  const matching = offsets
    .map((off) => wallAsUtc - off)
    .filter((t) => zoneOffsetMs(t, timeZone) + t === wallAsUtc)
    .sort((a, b) => a - b);
  if (matching.length > 0) return matching[0];
  // In a gap: read the wall time with the offset in force before the transition.
  return wallAsUtc - offsets[0];
}

const two = (n: number) => String(n).padStart(2, '0');

export function instantToZonedWallTime(instantMs: number, timeZone: string): string {
  const p = instantToZonedParts(instantMs, timeZone);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** `yyMMddHHmm` of an instant in the zone. */
export function instantToUclbrtTime(instantMs: number, timeZone: string): string {
  const p = instantToZonedParts(instantMs, timeZone);
  return `${two(p.year % 100)}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}`;
}

/** Staff's `YYYY-MM-DDTHH:mm` in the community's zone to UCLBRT's `yyMMddHHmm` (DST gaps move forward). */
export function localToUclbrtTime(local: string, timeZone: string): string {
  return instantToUclbrtTime(zonedWallTimeToInstant(local, timeZone), timeZone);
}

const UCLBRT_RE = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** UCLBRT `yyMMddHHmm` (years 2000-2099) back to `YYYY-MM-DDTHH:mm`; throws when not a real time. */
export function uclbrtTimeToLocal(value: string): string {
  const m = UCLBRT_RE.exec(value);
  if (!m) throw new RangeError(`not a UCLBRT time (yyMMddHHmm): ${value}`);
  const local = `20${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
  parseLocal(local);
  return local;
}

export function isUclbrtTime(value: string): boolean {
  try {
    uclbrtTimeToLocal(value);
    return true;
  } catch {
    return false;
  }
}

export function uclbrtTimeToInstant(value: string, timeZone: string): number {
  return zonedWallTimeToInstant(uclbrtTimeToLocal(value), timeZone);
}
