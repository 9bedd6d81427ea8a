import type { ProviderId } from '../../../shared/domain/cloud';
import {
  IDEMPOTENT_KINDS,
  type Operation,
  type OperationKind,
  type OperationState,
  type QueueSummary,
} from '../../../shared/domain/operations';
import { stationError, type StationError } from '../../../shared/errors';
import { statementCache, type StationDatabase } from '../store/database';

interface OperationRow {
  seq: number;
  id: string;
  kind: OperationKind;
  provider: ProviderId;
  subject: string;
  operator: string;
  input: string;
  state: OperationState;
  created_at: string;
  updated_at: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  result: string | null;
  replaces: string | null;
  position: number;
  owner: string | null;
}

export function rowToOperation(row: OperationRow): Operation {
  const op: Operation = {
    id: row.id,
    kind: row.kind,
    provider: row.provider,
    input: JSON.parse(row.input) as Operation['input'],
    subject: row.subject,
    operator: row.operator,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
  };
  if (row.state === 'queued' && row.next_attempt_at !== null) op.nextAttemptAt = new Date(row.next_attempt_at).toISOString();
  if (row.last_error) op.lastError = JSON.parse(row.last_error) as StationError;
  if (row.result) op.result = JSON.parse(row.result) as Record<string, unknown>;
  if (row.replaces) op.replaces = row.replaces;
  return op;
}

export interface NewOperation {
  id: string;
  kind: OperationKind;
  provider: ProviderId;
  subject: string;
  operator: string;
  input: unknown;
  at: string;
  dueAt: number;
  replaces?: string;
  /** Ordering position among the subject's operations; a corrected resend keeps its original's. */
  position?: number;
}

export interface StatePatch {
  state: OperationState;
  at: string;
  lastError?: StationError | null;
  result?: Record<string, unknown> | null;
  nextAttemptAt?: number | null;
}

/** States that keep later operations on the same subject waiting. */
const HOLDING = `('queued','sending','failed','uncertain')`;

/** The outbox table: plain synchronous reads and writes; callers compose them into transactions. */
export class OperationStore {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly dueStmt;
  private readonly claimStmt;
  private readonly nextDueStmt;

  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: StationDatabase) {
    this.sql = statementCache(db);
    this.insertStmt = db.prepare(`
      INSERT INTO operations (id, kind, provider, subject, operator, input, state, created_at, updated_at, attempts, next_attempt_at, replaces, position)
      VALUES (@id, @kind, @provider, @subject, @operator, @input, 'queued', @at, @at, 0, @dueAt, @replaces,
        COALESCE(@position, (SELECT seq FROM sqlite_sequence WHERE name = 'operations'), 0) + (@position IS NULL))`);
    this.byIdStmt = db.prepare('SELECT * FROM operations WHERE id = ?');
    // The head of each subject's line that is due: nothing earlier on its subject still pending.
    // Oldest due first, straight off the (state, next_attempt_at) index: no sort of the whole queue.
    this.dueStmt = db.prepare(`
      SELECT o.* FROM operations o INDEXED BY operations_state_due
      WHERE o.state = 'queued' AND o.next_attempt_at <= @now
        AND NOT EXISTS (
          SELECT 1 FROM operations p
          WHERE p.subject = o.subject AND p.state IN ${HOLDING}
            AND (p.position < o.position OR (p.position = o.position AND p.seq < o.seq)))
      ORDER BY o.next_attempt_at
      LIMIT @limit`);
    this.claimStmt = db.prepare(`
      UPDATE operations SET state = 'sending', attempts = attempts + 1, owner = @owner, updated_at = @at
      WHERE seq = @seq AND state = 'queued'`);
    this.nextDueStmt = db.prepare(`SELECT MIN(next_attempt_at) AS due FROM operations WHERE state = 'queued' AND next_attempt_at > ?`);
  }

  insert(op: NewOperation): Operation {
    this.insertStmt.run({
      id: op.id,
      kind: op.kind,
      provider: op.provider,
      subject: op.subject,
      operator: op.operator,
      input: JSON.stringify(op.input),
      at: op.at,
      dueAt: op.dueAt,
      replaces: op.replaces ?? null,
      position: op.position ?? null,
    });
    return {
      id: op.id,
      kind: op.kind,
      provider: op.provider,
      input: op.input as Operation['input'],
      subject: op.subject,
      operator: op.operator,
      state: 'queued',
      createdAt: op.at,
      updatedAt: op.at,
      attempts: 0,
      nextAttemptAt: new Date(op.dueAt).toISOString(),
      ...(op.replaces ? { replaces: op.replaces } : {}),
    };
  }

  find(id: string): Operation | undefined {
    const row = this.byIdStmt.get(id) as OperationRow | undefined;
    return row ? rowToOperation(row) : undefined;
  }

  positionOf(id: string): number | undefined {
    const row = this.byIdStmt.get(id) as OperationRow | undefined;
    return row?.position;
  }

  require(id: string): Operation {
    const op = this.find(id);
    if (!op) throw new Error(`operation ${id} vanished from the outbox`);
    return op;
  }

  /** Marks up to `limit` due subject heads as `sending` for this process; call inside a transaction. */
  claimDue(nowMs: number, limit: number, owner: string, skip: ReadonlySet<ProviderId> = new Set()): Operation[] {
    if (limit <= 0) return [];
    const at = new Date(nowMs).toISOString();
    const rows = this.dueStmt.all({ now: nowMs, limit: limit + (skip.size ? 50 : 0) }) as OperationRow[];
    const claimed: Operation[] = [];
    for (const row of rows) {
      if (claimed.length >= limit) break;
      if (skip.has(row.provider)) continue;
      if (this.claimStmt.run({ owner, at, seq: row.seq }).changes === 1) claimed.push(this.require(row.id));
    }
    return claimed;
  }

  update(id: string, patch: StatePatch): Operation {
    const sets = ['state = @state', 'updated_at = @at'];
    const params: Record<string, unknown> = { id, state: patch.state, at: patch.at };
    if (patch.lastError !== undefined) {
      sets.push('last_error = @lastError');
      params.lastError = patch.lastError ? JSON.stringify(patch.lastError) : null;
    }
    if (patch.result !== undefined) {
      sets.push('result = @result');
      params.result = patch.result ? JSON.stringify(patch.result) : null;
    }
    if (patch.nextAttemptAt !== undefined) {
      sets.push('next_attempt_at = @nextAttemptAt');
      params.nextAttemptAt = patch.nextAttemptAt;
    }
    if (patch.state !== 'sending') sets.push('owner = NULL');
    this.sql(`UPDATE operations SET ${sets.join(', ')} WHERE id = @id`).run(params);
    return this.require(id);
  }

  /**
   * Operations left in `sending` by a process that is gone: the safe ones go back to the queue,
   * the others become uncertain (they may have reached the cloud). Call inside a transaction.
   */
  recoverInterrupted(isGone: (owner: string | null, updatedAt: string) => boolean, nowMs: number): Operation[] {
    const at = new Date(nowMs).toISOString();
    const rows = this.sql(`SELECT * FROM operations WHERE state = 'sending'`).all() as OperationRow[];
    const recovered: Operation[] = [];
    for (const row of rows) {
      if (!isGone(row.owner, row.updated_at)) continue;
      if (IDEMPOTENT_KINDS.has(row.kind)) {
        recovered.push(this.update(row.id, { state: 'queued', at, nextAttemptAt: nowMs }));
      } else {
        recovered.push(this.update(row.id, { state: 'uncertain', at, lastError: stationError('outbox.interrupted') }));
      }
    }
    return recovered;
  }

  /** Makes every waiting operation (of one provider, or all) due now. */
  makeDue(nowMs: number, provider?: ProviderId): number {
    const sql = `UPDATE operations SET next_attempt_at = @now WHERE state = 'queued' AND next_attempt_at > @now${provider ? ' AND provider = @provider' : ''}`;
    return this.sql(sql).run(provider ? { now: nowMs, provider } : { now: nowMs }).changes;
  }

  /** The earliest future attempt, to set the worker's timer. */
  nextDueAfter(nowMs: number): number | undefined {
    const row = this.nextDueStmt.get(nowMs) as { due: number | null };
    return row.due ?? undefined;
  }

  hasDue(nowMs: number): boolean {
    return (this.dueStmt.all({ now: nowMs, limit: 1 }) as OperationRow[]).length > 0;
  }

  list(filter: { states?: readonly OperationState[]; subject?: string; limit: number; offset: number }): { items: Operation[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
    if (filter.states?.length) {
      where.push(`state IN (${filter.states.map((_, i) => `@s${i}`).join(', ')})`);
      filter.states.forEach((s, i) => (params[`s${i}`] = s));
    }
    if (filter.subject) {
      where.push('subject = @subject');
      params.subject = filter.subject;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.sql(`SELECT COUNT(*) AS n FROM operations ${clause}`).get(params) as { n: number }).n;
    const rows = this.sql(`SELECT * FROM operations ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`).all(params) as OperationRow[];
    return { items: rows.map(rowToOperation), total };
  }

  summary(nowMs: number): QueueSummary {
    const counts = this
      .sql(`SELECT state, COUNT(*) AS n FROM operations WHERE state IN ('queued','sending','failed','uncertain') GROUP BY state`)
      .all() as { state: OperationState; n: number }[];
    const by = new Map(counts.map((c) => [c.state, c.n]));
    const since = new Date(nowMs - 24 * 3600_000).toISOString();
    const done = this.sql(`SELECT COUNT(*) AS n FROM operations WHERE state = 'done' AND updated_at >= ?`).get(since) as { n: number };
    return {
      queued: by.get('queued') ?? 0,
      sending: by.get('sending') ?? 0,
      failed: by.get('failed') ?? 0,
      uncertain: by.get('uncertain') ?? 0,
      doneRecently: done.n,
    };
  }
}
