import { ENCODER_ERRORS } from './encoder-codes';
import { OUTBOX_ERRORS } from './outbox-codes';
import { ROOMS_ERRORS } from './rooms-codes';
import { STATION_ERRORS } from './station-codes';
import { TUYA_ERRORS } from './tuya-codes';
import type { ErrorEntry, StationError } from './types';
import { UCLBRT_ERRORS } from './uclbrt-codes';

export * from './types';

export type Language = 'en' | 'zh-CN';

const ALL: readonly ErrorEntry[] = [
  ...STATION_ERRORS,
  ...ENCODER_ERRORS,
  ...UCLBRT_ERRORS,
  ...TUYA_ERRORS,
  ...OUTBOX_ERRORS,
  ...ROOMS_ERRORS,
];

export const ERROR_CATALOGUE: ReadonlyMap<string, ErrorEntry> = new Map(ALL.map((e) => [e.code, e]));

export function findErrorEntry(code: string): ErrorEntry | undefined {
  return ERROR_CATALOGUE.get(code);
}

function interpolate(text: string, params: Record<string, string | number> | undefined): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params && params[name] !== undefined ? String(params[name]) : whole,
  );
}

/** Builds a StationError from a catalogue code; the English text becomes `message`. */
export function stationError(
  code: string,
  params?: Record<string, string | number>,
  extra?: Pick<StationError, 'field' | 'serverText'>,
): StationError {
  const entry = ERROR_CATALOGUE.get(code);
  const message = entry ? interpolate(entry.en, params) : (extra?.serverText ?? code);
  return { code, message, ...(params ? { params } : {}), ...extra };
}

/** The text and advice a person reads, in their language. Unknown codes keep the server's text. */
export function describeError(
  error: StationError,
  lang: Language,
): { text: string; action: string | undefined; category: ErrorEntry['category'] | undefined } {
  const entry = ERROR_CATALOGUE.get(error.code);
  if (!entry) {
    return { text: error.serverText ?? error.message, action: undefined, category: undefined };
  }
  const zh = lang === 'zh-CN';
  const params = { detail: '', ...error.params };
  return {
    text: interpolate(zh ? entry.zh : entry.en, params),
    action: zh ? entry.actionZh : entry.actionEn,
    category: entry.category,
  };
}
