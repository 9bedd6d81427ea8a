import type { OperationKind } from '../../../shared/domain/operations';
import type { Dictionary } from '../i18n/en';

/** English dates read "28 Nov 12:00", day first, 24-hour clock; Chinese "11月28日 12:00". */
const locale = (lang: string) => (lang === 'zh-CN' ? 'zh-CN' : 'en-GB');

function dateAndTime(d: Date, lang: string, opts: { seconds?: boolean; utc?: boolean; now?: Date }): string {
  const timeZone = opts.utc ? 'UTC' : undefined;
  const now = opts.now ?? new Date();
  const year = opts.utc ? d.getUTCFullYear() !== now.getFullYear() : d.getFullYear() !== now.getFullYear();
  const date = new Intl.DateTimeFormat(locale(lang), {
    day: 'numeric',
    month: 'short',
    ...(year ? { year: 'numeric' } : {}),
    timeZone,
  }).format(d);
  const time = new Intl.DateTimeFormat(locale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone,
  }).format(d);
  return `${date} ${time}`;
}

/** An event time (ISO with zone) in the clerk's words: "28 Nov 12:00:05". */
export function formatDateTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateAndTime(d, lang, { seconds: true });
}

/** A recent event time: only the time when it is today, else "28 Nov 12:00". */
export function formatTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.toDateString() === new Date().toDateString()) {
    return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  }
  return dateAndTime(d, lang, {});
}

/**
 * A wall-clock validity (`YYYY-MM-DDTHH:mm`, no zone: the community's or station's local time, as
 * the clerk entered it) in the clerk's words, without shifting it through this computer's zone.
 */
export function formatLocal(local: string | undefined, lang: string): string {
  if (!local) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return local;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])));
  return dateAndTime(d, lang, { utc: true });
}

/** A wall-clock `YYYY-MM-DDTHH:mm` as the form fields hold it. */
export function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Operation kinds contain dots, which i18next treats as key separators. */
export const kindKey = (kind: OperationKind) => kind.replace(/\./g, '_') as keyof Dictionary['kinds'];

/** Audit actions (`operation.done`) as i18n keys; unknown ones are shown as they are. */
export const auditActionKey = (action: string) =>
  `auditActions.${action.replace(/[.-]/g, '_')}` as `auditActions.${keyof Dictionary['auditActions']}`;
