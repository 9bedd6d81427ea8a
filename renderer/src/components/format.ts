import type { OperationKind } from '../../../shared/domain/operations';
import type { Dictionary } from '../i18n/en';

export function formatDateTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

export function formatTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(lang, sameDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' }).format(d);
}

/** A wall-clock `YYYY-MM-DDTHH:mm` as the form fields hold it. */
export function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Operation kinds contain dots, which i18next treats as key separators. */
export const kindKey = (kind: OperationKind) => kind.replace(/\./g, '_') as keyof Dictionary['kinds'];

/** Audit actions (`operation.done`) as i18n keys; unknown ones are shown as they are. */
export const auditActionKey = (action: string) => `auditActions.${action.replace(/[.-]/g, '_')}` as `auditActions.${keyof Dictionary['auditActions']}`;
