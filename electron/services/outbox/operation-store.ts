import type { ProviderId } from '../../../shared/domain/cloud';
import {
  IDEMPOTENT_KINDS,
  type Operation,
  type OperationKind,
  type OperationState,
  type OperationWait,
  type QueueSummary,
} from '../../../shared/domain/operations';
import { stationError, type StationError } from '../../../shared/errors';
import type { FactRecorder } from '../site/fact-log';
import { statementCache, type WritableDB } from '../store/database';

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
  lease_until: number | null;
  may_have_reached: number;
  depends_on: string | null;
}

export function rowToOperation(row: OperationRow): Operation {
  // Kind and input were stored together from a parsed request: they still belong together.
  const op = {
    id: row.id,
    kind: row.kind,
    provider: row.provider,
    input: JSON.parse(row.input) as unknown,
    subject: row.subject,
    operator: row.operator,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
  } as Operation;
  if (row.state === 'queued' && row.next_attempt_at !== null) op.nextAttemptAt = new Date(row.next_attempt_at).toISOString();
  if (row.last_error) op.lastError = JSON.parse(row.last_error) as StationError;
  if (row.result) op.result = JSON.parse(row.result) as Record<string, unknown>;
  if (row.replaces) op.replaces = row.replaces;
  if (row.may_have_reached) op.mayHaveReachedCloud = true;
  if (row.depends_on) op.dependsOn = row.depends_on;
  return op;
}

export interface NewOperation {
  id: string;
  kind: OperationKind;
  provider: ProviderId;
  /** The ordering lines it stands in; the first is its own subject (see subject.ts). */
  subjects: readonly string[];
  operator: string;
  input: unknown;
  at: string;
  dueAt: number;
  replaces?: string;
  /** Ordering position among the subject's operations; a corrected resend keeps its original's. */
  position?: number;
  /** Not sent until this operation is done. */
  dependsOn?: string;
}

export interface StatePatch {
  state: OperationState;
  at: string;
  lastError?: StationError | null;
  result?: Record<string, unknown> | null;
  nextAttemptAt?: number | null;
  /** The attempt may have reached the cloud (sticky: later answers are read in its light). */
  mayHaveReached?: boolean;
}

/** A `sending` row as seen by the lease sweep. */
export interface SendingLease {
  owner: string | null;
  leaseUntil: number | null;
  updatedAt: string;
}

/** The operation another one waits for, and the line (subject) they share. */
export interface Blocker {
  op: Operation;
  subject: string;
}

/** What reading the queue needs (read-only command-line tools get only this). */
export type OperationReader = Pick<
  OperationStore,
  'find' | 'positionOf' | 'subjectsOf' | 'blockerOf' | 'dependentsOf' | 'holding' | 'list' | 'summary' | 'nextDueAfter' | 'outsideHold'
>;

/** What keeps an operation from being sent that the desk's own queue does not know (the site: site/send-gate.ts). */
export type OutsideHold = (op: Operation) => OperationWait | undefined;

/**
 * The outbox tables: plain synchronous reads and writes; callers compose them into transactions.
 * Accepting an operation and every change of its state are also site facts (`operation.accepted`
 * with all its lines, `operation.state`), in the same transaction.
 *
 * Ordering: each operation stands in one or more lines (`operation_subjects`: its card, and the
 * room for anything that can change the room's cards), at its `position`. It may be sent only
 * while it is first among the operations still holding each of its lines (queued, sending,
 * failed, uncertain); a trigger keeps each line entry's `hold` in step with the operation's state.
 */
export class OperationStore {
  private readonly insertStmt;
  private readonly joinLineStmt;
  private readonly byIdStmt;
  private readonly dueStmt;
  private readonly claimStmt;
  private readonly nextDueStmt;
  private readonly linesStmt;
  private readonly heldStmt;

  private readonly sql: ReturnType<typeof statementCache>;
  private hold: OutsideHold | undefined;

  constructor(
    private readonly db: WritableDB,
    private readonly facts?: FactRecorder,
  ) {
    this.sql = statementCache(db);
    this.insertStmt = db.prepare(`
      INSERT INTO operations (id, kind, provider, subject, operator, input, state, created_at, updated_at, attempts, next_attempt_at, replaces, position, depends_on)
      VALUES (@id, @kind, @provider, @subject, @operator, @input, 'queued', @at, @at, 0, @dueAt, @replaces,
        COALESCE(@position, (SELECT seq FROM sqlite_sequence WHERE name = 'operations'), 0) + (@position IS NULL), @dependsOn)
      RETURNING seq, position`);
    this.joinLineStmt = db.prepare(
      `INSERT OR IGNORE INTO operation_subjects (seq, subject, position, hold) VALUES (@seq, @subject, @position, 1)`,
    );
    this.byIdStmt = db.prepare('SELECT * FROM operations WHERE id = ?');
    // Due and first in each of its lines. Oldest due first, straight off the (state,
    // next_attempt_at) index; "first in line" is one probe of the line index per line.
    this.dueStmt = db.prepare(`
      SELECT o.* FROM operations o INDEXED BY operations_state_due
      WHERE o.state = 'queued' AND o.next_attempt_at <= @now
        AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM operations d WHERE d.id = o.depends_on AND d.state = 'done'))
        AND NOT EXISTS (
          SELECT 1 FROM operation_subjects mine
          WHERE mine.seq = o.seq
            AND EXISTS (
              SELECT 1 FROM operation_subjects earlier INDEXED BY operation_subjects_line
              WHERE earlier.subject = mine.subject AND earlier.hold > 0
                AND (earlier.position, earlier.seq) < (mine.position, mine.seq)))
      ORDER BY o.next_attempt_at
      LIMIT @limit`);
    this.claimStmt = db.prepare(`
      UPDATE operations SET state = 'sending', attempts = attempts + 1, owner = @owner, lease_until = @leaseUntil, updated_at = @at
      WHERE seq = @seq AND state = 'queued'`);
    this.nextDueStmt = db.prepare(`SELECT MIN(next_attempt_at) AS due FROM operations WHERE state = 'queued' AND next_attempt_at > ?`);
    // Per line of one operation: the nearest operation ahead of it, and the first stuck one ahead.
    this.linesStmt = db.prepare(`
      SELECT mine.subject AS subject,
        (SELECT e.seq FROM operation_subjects e INDEXED BY operation_subjects_line
          WHERE e.subject = mine.subject AND e.hold > 0 AND (e.position, e.seq) < (mine.position, mine.seq)
          ORDER BY e.position DESC, e.seq DESC LIMIT 1) AS ahead,
        (SELECT e.seq FROM operation_subjects e INDEXED BY operation_subjects_stuck
          WHERE e.subject = mine.subject AND e.hold = 2 AND (e.position, e.seq) < (mine.position, mine.seq)
          ORDER BY e.position, e.seq LIMIT 1) AS stuck
      FROM operation_subjects mine WHERE mine.seq = ?`);
    // The common case, cheaply: is anything ahead of it in any of its lines?
    this.heldStmt = db.prepare(`
      SELECT o.seq AS seq, o.state AS state FROM operations o
      WHERE o.id = ? AND EXISTS (
        SELECT 1 FROM operation_subjects mine
        WHERE mine.seq = o.seq
          AND EXISTS (
            SELECT 1 FROM operation_subjects earlier INDEXED BY operation_subjects_line
            WHERE earlier.subject = mine.subject AND earlier.hold > 0
              AND (earlier.position, earlier.seq) < (mine.position, mine.seq)))`);
  }

  insert(op: NewOperation): Operation {
    const subject = op.subjects[0];
    const row = this.insertStmt.get({
      id: op.id,
      kind: op.kind,
      provider: op.provider,
      subject,
      operator: op.operator,
      input: JSON.stringify(op.input),
      at: op.at,
      dueAt: op.dueAt,
      replaces: op.replaces ?? null,
      position: op.position ?? null,
      dependsOn: op.dependsOn ?? null,
    }) as { seq: number; position: number };
    for (const line of op.subjects) this.joinLineStmt.run({ seq: row.seq, subject: line, position: row.position });
    this.facts?.record(() => ({
      type: 'operation.accepted',
      at: op.at,
      operation: {
        id: op.id,
        kind: op.kind,
        input: op.input as Record<string, unknown>,
        subjects: [...new Set(op.subjects)],
        operator: op.operator,
        createdAt: op.at,
        ...(op.replaces ? { replaces: op.replaces } : {}),
      },
    }));
    return {
      id: op.id,
      kind: op.kind,
      provider: op.provider,
      input: op.input,
      subject,
      operator: op.operator,
      state: 'queued',
      createdAt: op.at,
      updatedAt: op.at,
      attempts: 0,
      nextAttemptAt: new Date(op.dueAt).toISOString(),
      ...(op.replaces ? { replaces: op.replaces } : {}),
      ...(op.dependsOn ? { dependsOn: op.dependsOn } : {}),
    } as Operation;
  }

  /** Queued or stuck operations that wait for `id` to be done. */
  dependentsOf(id: string): Operation[] {
    const rows = this.sql(`SELECT * FROM operations WHERE depends_on = ? AND state IN ('queued', 'failed', 'uncertain')`).all(
      id,
    ) as OperationRow[];
    return rows.map(rowToOperation);
  }

  /** Points (or clears) an operation's "sent only after" dependency. */
  setDependency(id: string, dependsOn: string | null): void {
    this.sql(`UPDATE operations SET depends_on = ? WHERE id = ?`).run(dependsOn, id);
  }

  /** Adds the operation to more ordering lines at its own position (a room the directory just learned). */
  joinLines(id: string, subjects: readonly string[]): number {
    const row = this.byIdStmt.get(id) as OperationRow | undefined;
    if (!row) return 0;
    let joined = 0;
    const stmt = this.sql(
      `INSERT OR IGNORE INTO operation_subjects (seq, subject, position, hold)
       SELECT seq, @subject, position, CASE WHEN state IN ('done', 'discarded') THEN 0 WHEN state IN ('failed', 'uncertain') THEN 2 ELSE 1 END FROM operations WHERE seq = @seq`,
    );
    for (const subject of subjects) joined += stmt.run({ seq: row.seq, subject }).changes;
    return joined;
  }

  /** Operations still holding their lines (queued, sending, failed, uncertain), oldest first. */
  holding(): Operation[] {
    const rows = this.sql(
      `SELECT * FROM operations WHERE state IN ('queued', 'sending', 'failed', 'uncertain') ORDER BY position, seq`,
    ).all() as OperationRow[];
    return rows.map(rowToOperation);
  }

  find(id: string): Operation | undefined {
    const row = this.byIdStmt.get(id) as OperationRow | undefined;
    return row ? rowToOperation(row) : undefined;
  }

  positionOf(id: string): number | undefined {
    const row = this.byIdStmt.get(id) as OperationRow | undefined;
    return row?.position;
  }

  /** Every line the operation stands in, its own subject first. */
  subjectsOf(id: string): string[] {
    const rows = this.sql(`SELECT s.subject FROM operation_subjects s JOIN operations o ON o.seq = s.seq WHERE o.id = ?`).all(id) as {
      subject: string;
    }[];
    const own = this.find(id)?.subject;
    return rows.map((r) => r.subject).sort((a, b) => Number(b === own) - Number(a === own));
  }

  require(id: string): Operation {
    const op = this.find(id);
    if (!op) throw new Error(`operation ${id} vanished from the outbox`);
    return op;
  }

  /**
   * Marks up to `limit` due operations, each first in all its lines, as `sending` for this
   * process, leased until `leaseUntil` (ms). Call inside a transaction.
   */
  claimDue(
    nowMs: number,
    limit: number,
    owner: string,
    leaseUntil: number,
    skip: ReadonlySet<ProviderId> = new Set(),
    maySend?: (op: Operation) => boolean,
  ): Operation[] {
    if (limit <= 0) return [];
    const at = new Date(nowMs).toISOString();
    const rows = this.dueStmt.all({ now: nowMs, limit: limit + (skip.size || maySend ? 50 : 0) }) as OperationRow[];
    const claimed: Operation[] = [];
    for (const row of rows) {
      if (claimed.length >= limit) break;
      if (skip.has(row.provider)) continue;
      if (maySend && !maySend(rowToOperation(row))) continue;
      if (this.claimStmt.run({ owner, leaseUntil, at, seq: row.seq }).changes === 1) claimed.push(this.stateChanged(this.require(row.id)));
    }
    return claimed;
  }

  /** Extends this sender's leases on the operations it is still sending (attempts in flight). */
  renewLeases(owner: string, ids: readonly string[], leaseUntil: number): number {
    let renewed = 0;
    const stmt = this.sql(`UPDATE operations SET lease_until = @leaseUntil WHERE id = @id AND state = 'sending' AND owner = @owner`);
    for (const id of ids) renewed += stmt.run({ id, owner, leaseUntil }).changes;
    return renewed;
  }

  /** True while `owner` still holds the operation's lease (nobody took it over). */
  isSendingFor(id: string, owner: string): boolean {
    const row = this.sql(`SELECT 1 AS yes FROM operations WHERE id = ? AND state = 'sending' AND owner = ?`).get(id, owner) as
      { yes: number } | undefined;
    return Boolean(row);
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
    if (patch.mayHaveReached) sets.push('may_have_reached = 1');
    if (patch.state !== 'sending') sets.push('owner = NULL', 'lease_until = NULL');
    this.sql(`UPDATE operations SET ${sets.join(', ')} WHERE id = @id`).run(params);
    return this.stateChanged(this.require(id));
  }

  /** The operation after a change of state, told to the site. */
  private stateChanged(op: Operation): Operation {
    this.facts?.record(() => ({
      type: 'operation.state',
      at: op.updatedAt,
      operationId: op.id,
      state: op.state,
      attempts: op.attempts,
      ...(op.mayHaveReachedCloud ? { mayHaveReachedCloud: true } : {}),
      ...(op.lastError ? { lastError: { ...op.lastError } } : {}),
      ...(op.result ? { result: op.result } : {}),
    }));
    return op;
  }

  /** Sets what holds operations back from outside the desk's own queue (the site); explainWait and the send gate ask it. */
  setOutsideHold(hold: OutsideHold | undefined): void {
    this.hold = hold;
  }

  /** Why something outside this desk's queue holds the operation back, if it does. */
  outsideHold(op: Operation): OperationWait | undefined {
    return this.hold?.(op);
  }

  /** Every `sending` operation with its sender and lease, for the sweep. */
  sendingLeases(): (SendingLease & { id: string })[] {
    const rows = this.sql(`SELECT id, owner, lease_until, updated_at FROM operations WHERE state = 'sending'`).all() as {
      id: string;
      owner: string | null;
      lease_until: number | null;
      updated_at: string;
    }[];
    return rows.map((r) => ({ id: r.id, owner: r.owner, leaseUntil: r.lease_until, updatedAt: r.updated_at }));
  }

  /**
   * Operations left in `sending` by a sender that is gone (stopped, killed, or no longer renewing
   * its lease): the safe ones go back to the queue, the others become uncertain (they may have
   * reached the cloud). Call inside a transaction.
   */
  recoverInterrupted(isGone: (lease: SendingLease) => boolean, nowMs: number): Operation[] {
    const at = new Date(nowMs).toISOString();
    const recovered: Operation[] = [];
    for (const lease of this.sendingLeases()) {
      if (!isGone(lease)) continue;
      const row = this.byIdStmt.get(lease.id) as OperationRow;
      if (IDEMPOTENT_KINDS.has(row.kind)) {
        recovered.push(this.update(row.id, { state: 'queued', at, nextAttemptAt: nowMs, mayHaveReached: true }));
      } else {
        recovered.push(
          this.update(row.id, { state: 'uncertain', at, lastError: stationError('outbox.interrupted'), mayHaveReached: true }),
        );
      }
    }
    return recovered;
  }

  /**
   * What a queued operation waits for: a stuck (failed or uncertain) operation ahead of it in any
   * of its lines, or one that a nearer operation ahead waits for; otherwise the nearest operation
   * ahead. Undefined when it is first in all its lines.
   */
  blockerOf(id: string): Blocker | undefined {
    const start = this.heldStmt.get(id) as { seq: number; state: OperationState } | undefined;
    if (!start || start.state !== 'queued') return undefined;
    const seen = new Set<number>([start.seq]);
    let nearest: { seq: number; subject: string } | undefined;
    const queue: number[] = [start.seq];
    // Breadth-first through what is ahead, a few steps at most: a stuck operation anywhere ahead is what a person must act on.
    while (queue.length && seen.size < 25) {
      const seq = queue.shift()!;
      const lines = this.linesStmt.all(seq) as { subject: string; ahead: number | null; stuck: number | null }[];
      const stuck = lines.filter((l) => l.stuck !== null).sort((a, b) => a.stuck! - b.stuck!)[0];
      if (stuck) return this.blockerRow(stuck.stuck!, stuck.subject);
      for (const line of lines) {
        if (line.ahead === null) continue;
        if (seq === start.seq && (!nearest || line.ahead > nearest.seq)) nearest = { seq: line.ahead, subject: line.subject };
        if (!seen.has(line.ahead)) {
          seen.add(line.ahead);
          queue.push(line.ahead);
        }
      }
    }
    return nearest ? this.blockerRow(nearest.seq, nearest.subject) : undefined;
  }

  private blockerRow(seq: number, subject: string): Blocker | undefined {
    const row = this.sql('SELECT * FROM operations WHERE seq = ?').get(seq) as OperationRow | undefined;
    return row ? { op: rowToOperation(row), subject } : undefined;
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

  hasDue(nowMs: number, maySend?: (op: Operation) => boolean): boolean {
    const rows = this.dueStmt.all({ now: nowMs, limit: maySend ? 50 : 1 }) as OperationRow[];
    return maySend ? rows.some((row) => maySend(rowToOperation(row))) : rows.length > 0;
  }

  list(filter: { states?: readonly OperationState[]; subject?: string; limit: number; offset: number }): {
    items: Operation[];
    total: number;
  } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
    if (filter.states?.length) {
      where.push(`state IN (${filter.states.map((_, i) => `@s${i}`).join(', ')})`);
      filter.states.forEach((s, i) => (params[`s${i}`] = s));
    }
    if (filter.subject) {
      // Any line it stands in: a room lists its issues and its whole-room reports.
      where.push('seq IN (SELECT seq FROM operation_subjects WHERE subject = @subject)');
      params.subject = filter.subject;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.sql(`SELECT COUNT(*) AS n FROM operations ${clause}`).get(params) as { n: number }).n;
    const rows = this.sql(`SELECT * FROM operations ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`).all(params) as OperationRow[];
    return { items: rows.map(rowToOperation), total };
  }

  summary(nowMs: number): QueueSummary {
    const counts = this.sql(
      `SELECT state, COUNT(*) AS n FROM operations WHERE state IN ('queued','sending','failed','uncertain') GROUP BY state`,
    ).all() as { state: OperationState; n: number }[];
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
