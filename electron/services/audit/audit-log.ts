import type { OperationKind, OperationState } from '../../../shared/domain/operations';
import type { AuditEntry } from '../../../shared/domain/registry';
import type { StationError } from '../../../shared/errors';
import type { FactRecorder } from '../site/fact-log';
import { statementCache, type WritableDB } from '../store/database';
import { activityWhere } from './activity-where';

/** The filter fields that match a column exactly. */
const FILTER_COLUMNS = { action: 'action', operator: 'operator' } as const;

interface AuditRow {
  seq: number;
  at: string;
  operator: string;
  action: string;
  operation_id: string | null;
  kind: string | null;
  state: string | null;
  subject: string | null;
  error: string | null;
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'>;

export interface AuditFilter {
  query?: string;
  action?: string;
  operator?: string;
  /** Local `YYYY-MM-DDTHH:mm`, read in the station's time zone. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

function rowToEntry(row: AuditRow): AuditEntry {
  const entry: AuditEntry = { seq: row.seq, at: row.at, operator: row.operator, action: row.action };
  if (row.operation_id) entry.operationId = row.operation_id;
  if (row.kind) entry.kind = row.kind as OperationKind;
  if (row.state) entry.state = row.state as OperationState;
  if (row.subject) entry.subject = row.subject;
  if (row.error) entry.error = JSON.parse(row.error) as StationError;
  if (row.detail) entry.detail = row.detail;
  return entry;
}

/** What reading the activity log needs (read-only command-line tools get only this). */
export type AuditReader = Pick<AuditLog, 'operators' | 'list' | 'page' | 'historyOf'>;

/**
 * The activity log: append and read only (triggers in the schema refuse updates and deletes). Each
 * entry is also a site fact (`audit.entry`) in the same transaction.
 */
export class AuditLog {
  private readonly appendStmt;

  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: WritableDB,
    private readonly facts?: FactRecorder,
  ) {
    this.sql = statementCache(db);
    this.appendStmt = db.prepare(`
      INSERT INTO audit (at, operator, action, operation_id, kind, state, subject, error, detail)
      VALUES (@at, @operator, @action, @operationId, @kind, @state, @subject, @error, @detail)`);
  }

  append(entry: NewAuditEntry): void {
    this.appendStmt.run({
      at: entry.at,
      operator: entry.operator,
      action: entry.action,
      operationId: entry.operationId ?? null,
      kind: entry.kind ?? null,
      state: entry.state ?? null,
      subject: entry.subject ?? null,
      error: entry.error ? JSON.stringify(entry.error) : null,
      detail: entry.detail ?? null,
    });
    this.facts?.record(() => {
      const { error, ...rest } = entry;
      return { type: 'audit.entry', at: entry.at, entry: { ...rest, ...(error ? { error: { ...error } } : {}) } };
    });
  }

  /** Every name the log has entries by, sorted (the audit_operator index answers it). */
  operators(): string[] {
    return (this.sql('SELECT DISTINCT operator FROM audit ORDER BY operator').all() as Array<{ operator: string }>).map((r) => r.operator);
  }

  /** Newest first. */
  list(filter: AuditFilter): { items: AuditEntry[]; total: number } {
    const { clause, params } = activityWhere(filter, FILTER_COLUMNS);
    const total = (this.sql(`SELECT COUNT(*) AS n FROM audit ${clause}`).get(params) as { n: number }).n;
    const rows = this.sql(`SELECT * FROM audit ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`).all({
      ...params,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    }) as AuditRow[];
    return { items: rows.map(rowToEntry), total };
  }

  /** Oldest first: up to `size` matching entries after `afterSeq` (keyset paging for exports). */
  page(filter: Omit<AuditFilter, 'limit' | 'offset'>, afterSeq: number, size: number): AuditEntry[] {
    const { clause, params } = activityWhere(filter, FILTER_COLUMNS);
    const sql = `SELECT * FROM audit ${clause ? `${clause} AND` : 'WHERE'} seq > @afterSeq ORDER BY seq LIMIT @size`;
    return (this.sql(sql).all({ ...params, afterSeq, size }) as AuditRow[]).map(rowToEntry);
  }

  /** Newest first: what happened to these subjects and operations. */
  historyOf(subjects: readonly string[], operationIds: readonly string[], limit = 200): AuditEntry[] {
    if (!subjects.length && !operationIds.length) return [];
    const parts: string[] = [];
    if (subjects.length) parts.push(`subject IN (${subjects.map(() => '?').join(',')})`);
    if (operationIds.length) parts.push(`operation_id IN (${operationIds.map(() => '?').join(',')})`);
    const rows = this.sql(`SELECT * FROM audit WHERE ${parts.join(' OR ')} ORDER BY seq DESC LIMIT ?`).all(
      ...subjects,
      ...operationIds,
      limit,
    ) as AuditRow[];
    return rows.map(rowToEntry);
  }
}
