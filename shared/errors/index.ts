import { ENCODER_ERRORS } from './encoder-codes';
import { NATIVE_MODULE_ERRORS } from './native-codes';
import { OUTBOX_ERRORS } from './outbox-codes';
import { STAFF_ERRORS } from './staff-codes';
import { ROOMS_ERRORS } from './rooms-codes';
import { PMS_ERRORS, PMS_TEXT_CATALOGUE } from './pms-codes';
import { SITE_ERRORS } from './site-codes';
import { STATION_ERRORS } from './station-codes';
import { TUYA_ERRORS } from './tuya-codes';
import type { ErrorEntry, StationError } from './types';
import { UCLBRT_ERRORS } from './uclbrt-codes';

export * from './types';

export type Language = 'en' | 'zh-CN';

const ALL = [
  ...STATION_ERRORS,
  ...NATIVE_MODULE_ERRORS,
  ...STAFF_ERRORS,
  ...ENCODER_ERRORS,
  ...UCLBRT_ERRORS,
  ...TUYA_ERRORS,
  ...OUTBOX_ERRORS,
  ...ROOMS_ERRORS,
  ...PMS_ERRORS,
  ...SITE_ERRORS,
] as const satisfies readonly ErrorEntry[];

/** Every code the catalogues hold: a typo in `stationError(...)` or `StationFailure.of(...)` does not compile. */
export type ErrorCode = (typeof ALL)[number]['code'];

export const ERROR_CATALOGUE: ReadonlyMap<string, ErrorEntry> = new Map(ALL.map((e) => [e.code, e]));

/** What follows `prefix` in the codes that start with it: `CodeSuffix<'rooms.import-'>` is `'required' | 'unsafe' | ...`. */
export type CodeSuffix<P extends string> = ErrorCode extends infer C ? (C extends `${P}${infer S}` ? S : never) : never;

/** A vendor's numeric code, which the catalogue may not list yet (the cloud can send new ones): shown with the server's own text. */
export type VendorCode = `${'uclbrt' | 'tuya'}.${number}`;

/** The typed path for a code built at run time (`${provider}.${vendorCode}`): true when the catalogue has it. */
export function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CATALOGUE.has(code);
}

export function findErrorEntry(code: string): ErrorEntry | undefined {
  return ERROR_CATALOGUE.get(code);
}

function interpolate(text: string, params: Record<string, string | number> | undefined): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params && params[name] !== undefined ? String(params[name]) : whole));
}

/** Builds a StationError from a catalogue code; the English text becomes `message`. */
export function stationError(
  code: ErrorCode | VendorCode,
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
    action: interpolate(zh ? entry.actionZh : entry.actionEn, params),
    category: entry.category,
  };
}

/**
 * A text by code: one of the PMS's non-error texts (what was done, what is queued, "place card 1
 * of 2"), or an error from the catalogue with its advice.
 */
export function describeText(
  code: string,
  params: Record<string, string | number>,
  lang: Language,
): { text: string; action: string | undefined } {
  const own = PMS_TEXT_CATALOGUE.get(code);
  if (own) return { text: interpolate(lang === 'zh-CN' ? own.zh : own.en, { detail: '', ...params }), action: undefined };
  const { text, action } = describeError({ code, message: code, params }, lang);
  return { text, action };
}
