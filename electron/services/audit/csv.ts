import type { AuditEntry } from '../../../shared/domain/registry';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'operator', 'action', 'operation_id', 'kind', 'state', 'subject', 'error_code', 'error_message', 'detail'] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge spaces, with
 * quotes doubled. Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe, so an exported log cannot carry a formula into Excel.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function auditCsvHeader(): string {
  return csvLine(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(e: AuditEntry): string {
  return csvLine([e.seq, e.at, e.operator, e.action, e.operationId, e.kind, e.state, e.subject, e.error?.code, e.error?.message, e.detail]);
}
