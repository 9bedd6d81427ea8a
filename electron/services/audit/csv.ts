import type { AuditEntry } from '../../../shared/domain/registry';

export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at',
  'operator',
  'action',
  'operation_id',
  'kind',
  'state',
  'subject',
  'error_code',
  'error_message',
  'detail',
] as const;

/**
 * Characters a spreadsheet may take as the start of a formula: = + - @ (and their full-width forms,
 * which some Asian-locale spreadsheets accept), tab and carriage return.
 */
const FORMULA_START = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';

/**
 * Where a spreadsheet may start a cell: the field's start, and after any list separator (comma,
 * semicolon, tab, pipe) or line break. A spreadsheet set to another separator than ours does not see
 * our quotes (a quote counts only at a cell's start), so every such point must be defused, quoted
 * field or not. Spaces and quotes before the formula character are skipped, as a reader may trim them.
 */
const BEFORE_FORMULA = '[^\\S\\t\\r\\n]*"*[^\\S\\t\\r\\n]*';
const FORMULA_AFTER_SEPARATOR = new RegExp(`([,;\\t|\\r\\n])(${BEFORE_FORMULA})(?=[${FORMULA_START}])`, 'gu');
const FORMULA_AT_START = new RegExp(`^(${BEFORE_FORMULA})(?=[${FORMULA_START}])`, 'u');

function defused(text: string): string {
  return text.replace(FORMULA_AFTER_SEPARATOR, "$1'$2").replace(FORMULA_AT_START, "'$1");
}

/** Needs quotes (RFC 4180): a quote, a list separator, a line break, or spaces at either end. */
const NEEDS_QUOTES = /[",;\t|\r\n]|^\s|\s$/u;

/**
 * One CSV field (RFC 4180, quotes doubled). Text that a spreadsheet could run as a formula gets an
 * apostrophe where the formula would start (`=1+1` -> `'=1+1`, `a;=1+1` -> `"a;'=1+1"`), so an
 * exported log cannot carry a formula into Excel, LibreOffice or Google Sheets whatever separator
 * they split it on.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = defused(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** `withStation`: the hotel-wide log, whose rows say which desk wrote them (a `station` column first). */
export function auditCsvHeader(withStation = false): string {
  return csvLine(withStation ? ['station', ...AUDIT_CSV_COLUMNS] : AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(e: AuditEntry, withStation = false): string {
  const row = [e.seq, e.at, e.operator, e.action, e.operationId, e.kind, e.state, e.subject, e.error?.code, e.error?.message, e.detail];
  return csvLine(withStation ? [e.station, ...row] : row);
}
