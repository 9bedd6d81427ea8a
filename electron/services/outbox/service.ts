import { randomUUID } from 'node:crypto';
import type { CloudStatus } from '../../../shared/domain/cloud';
import {
  providerOf,
  type Operation,
  type OperationBody,
  type OperationRequest,
  type QueueSummary,
} from '../../../shared/domain/operations';
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { AuditLog } from '../audit/audit-log';
import { stationError } from '../../../shared/errors';
import type { CloudExecutor, CloudOutcome } from '../cloud/executor';
import { CloudHealth, trackedExecutor } from '../cloud/health';
import type { StationEvents } from '../events';
import { StationFailure } from '../failure';
import { silentLogger, type Logger } from '../logging/logger';
import type { CardStore } from '../registry/card-store';
import { cardsOnDone, cardsOnGivenUp, cardsOnSubmit } from '../registry/card-updates';
import type { OutboxService } from '../services';
import { databaseFailure, type WritableDB } from '../store/database';
import { openStationData, stationDataOn, type StationData } from '../store/station-data';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { decide } from './decide';
import type { OperationStore, SendingLease } from './operation-store';
import { subjectsOf, type RoomOfCard } from './subject';
import { explainWait } from './waiting';
import { OutboxWorker } from './worker';

/** The stores the outbox works on, from their owner (store/station-data.ts). */
export type OutboxStores = Pick<StationData, 'db' | 'operations' | 'cards' | 'audit'>;

export interface OutboxOptions {
  /** The station's stores; their owner opens and closes the database. */
  data?: OutboxStores;
  /**
   * For tools, tests and benchmarks: a database file (opened through store/station-data.ts and
   * closed with the outbox) or a connection opened elsewhere. Ignored when `data` is given.
   */
  database?: string | WritableDB;
  executor: CloudExecutor;
  events?: StationEvents;
  /** Called when the queue summary or a cloud status changed (the station pushes its status). */
  notify?: () => void;
  log?: Logger;
  concurrency?: number;
  backoff?: Partial<BackoffPolicy>;
  probeIntervalMs?: number;
  /**
   * How long a claim on a `sending` operation lasts without renewal. The sender renews it while
   * the attempt runs; a station takes over an expired lease (or one whose process is gone) at its
   * next lease check, as a restart would.
   */
  leaseMs?: number;
  /** A `sending` row written before leases existed counts as abandoned after this long. */
  staleSendingMs?: number;
  /** Start sending at once (default); off for tools that only read or queue. */
  autoStart?: boolean;
  now?: () => number;
  random?: () => number;
  /**
   * Whether an operation may be sent now (default: always). The site sync holds back operations
   * another desk may have adopted while this one was away (site/send-gate.ts); a held one stays
   * queued and is looked at again at the next pump (`wake()`).
   */
  sendGate?: (op: Operation) => boolean;
  /**
   * Where the room of a card is looked up for a whole-room loss report (default: this desk's
   * registry; in a site, hotel-wide: site/hotel-cards.ts, so a card another desk issued is known).
   */
  cardLookup?: Pick<CardStore, 'byCardNo'>;
}

/** Extra ordering for a submit: lines (subject.ts `roomSubject`, `lockSubject`) it must also wait in. */
export interface SubmitOptions {
  orderedWithin?: readonly string[];
  /** Not sent until this operation is done; if that one is discarded, this one fails instead. */
  dependsOn?: string;
  /** Runs inside the durable commit that accepts the operation (e.g. recording that it was adopted); throwing refuses it. */
  inSameCommit?: (op: Operation) => void;
}

/**
 * More lines an operation stands in, decided by someone who knows more than the request says: the
 * room directory puts every operation that changes a known room's cards, of either cloud, in the
 * room's line (`room:<key>`). Called inside the submit transaction.
 */
export type ExtraLines = (request: OperationBody) => readonly string[];

/** What `commitGroup` lets its function do, all in one durable transaction. */
export interface OutboxTransaction {
  insert(request: OperationRequest, operator: string, options?: SubmitOptions): Operation;
  /**
   * Gives up a queued issue that provably never reached the cloud (never sent, or only refused
   * before sending): its card never existed, so discarding it is the safe way to revoke it.
   */
  withdraw(id: string, operator: string, detail: string): Operation;
}

export const DEFAULT_LEASE_MS = 30_000;

/** Outboxes open in this process, by owner id: their `sending` rows are alive while they are. */
const LIVE_OWNERS = new Set<string>();

const RETRYABLE_STATES = new Set(['queued', 'failed', 'uncertain']);
const DISCARDABLE_STATES = new Set(['queued', 'failed', 'uncertain']);
const RESENDABLE_STATES = new Set(['failed', 'uncertain']);

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The offline-first outbox: every cloud mutation is committed to SQLite before anything is sent,
 * then a worker sends it, in order per subject, and the outcome updates the operation, the card
 * registry and the activity log in one transaction.
 */
export class Outbox implements OutboxService {
  /** The stores it was given (tests look at them; services get them from their owner). */
  readonly data: OutboxStores;
  readonly health: CloudHealth;
  private readonly worker: OutboxWorker;
  private readonly owner = `${process.pid}:${randomUUID()}`;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly log: Logger;
  /** Opened for this outbox from a file name: closed with it. */
  private readonly ownData: StationData | undefined;
  private readonly leaseMs: number;
  private leaseTimer: NodeJS.Timeout | undefined;
  private pendingSubmits: {
    request: OperationRequest;
    operator: string;
    options: SubmitOptions;
    resolve: (op: Operation) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private cachedSummary: { at: number; value: QueueSummary } | undefined;
  private extraLines: ExtraLines = () => [];
  private notifyTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.log = options.log ?? silentLogger;
    if (options.data) this.data = options.data;
    else if (typeof options.database === 'string') this.data = this.ownData = openStationData({ file: options.database });
    else if (options.database) this.data = stationDataOn(options.database);
    else throw new Error('the outbox needs the station data (or a database)');
    const executor = trackedExecutor(options.executor, () => new CloudHealth(() => this.changed(), this.now));
    this.health = executor.health;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    try {
      this.recoverInterrupted();
    } catch (err) {
      this.ownData?.close();
      throw err;
    }
    LIVE_OWNERS.add(this.owner);
    this.worker = new OutboxWorker(
      {
        claim: (limit, nowMs) =>
          this.db
            .transaction(() => this.store.claimDue(nowMs, limit, this.owner, nowMs + this.leaseMs, undefined, options.sendGate))
            .immediate(),
        settleAndClaim: (items, limit, nowMs) => this.settleAndClaim(items, limit, nowMs),
        nextDueAfter: (now) => this.store.nextDueAfter(now),
        hasDue: (now) => this.store.hasDue(now, options.sendGate),
        makeDue: (provider) => this.store.makeDue(this.now(), provider),
      },
      executor,
      this.health,
      {
        concurrency: options.concurrency ?? 4,
        probeIntervalMs: options.probeIntervalMs ?? 5_000,
        idleCheckMs: 30_000,
        now: this.now,
        log: this.log,
      },
    );
    if (options.autoStart !== false) this.start();
  }

  /** Starts sending (when created with `autoStart: false`). */
  start(): void {
    if (this.closed) return;
    this.worker.start();
    if (!this.leaseTimer) {
      // Renew our leases and take over abandoned ones a few times per lease.
      this.leaseTimer = setInterval(() => this.checkLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
      this.leaseTimer.unref();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // OutboxService
  // ---------------------------------------------------------------------------------------------

  /**
   * Accepts an operation; `options.orderedWithin` adds lines it waits in (e.g. the room of a
   * check-out). The request was checked where it came in (IPC, CLI, PMS, site sync): only parsing
   * makes an OperationRequest.
   */
  submit(request: OperationRequest, operator: string, options: SubmitOptions = {}): Promise<Operation> {
    if (this.closed) return Promise.reject(StationFailure.of('outbox.closed'));
    // Submits arriving in the same tick share one durable commit (group commit).
    return new Promise((resolve, reject) => {
      this.pendingSubmits.push({ request, operator, options, resolve, reject });
      if (this.pendingSubmits.length === 1) setImmediate(() => this.flushSubmits());
    });
  }

  async list(request: RequestOf<'operations:list'>): Promise<ResponseOf<'operations:list'>> {
    const page = this.store.list({
      states: request.states,
      subject: request.subject,
      limit: request.limit ?? 100,
      offset: request.offset ?? 0,
    });
    return { ...page, items: page.items.map((op) => this.explain(op)) };
  }

  async get(id: string): Promise<Operation> {
    const op = this.store.find(id);
    if (!op) throw StationFailure.of('outbox.not-found', { id });
    return this.explain(op);
  }

  async retry(id: string, operator: string): Promise<Operation> {
    const op = this.write(() => {
      const current = this.mustFind(id);
      if (!RETRYABLE_STATES.has(current.state)) throw StationFailure.of('outbox.not-retryable', { id, state: current.state });
      const at = this.iso();
      const updated = this.store.update(id, { state: 'queued', at, nextAttemptAt: this.now() });
      this.audit.append({
        at,
        operator,
        action: 'operation.retried',
        operationId: id,
        kind: current.kind,
        state: 'queued',
        subject: current.subject,
        detail: `was ${current.state}`,
      });
      return updated;
    });
    this.published([op]);
    this.worker.pump();
    return op;
  }

  async discard(id: string, operator: string): Promise<Operation> {
    const [op, ...dependents] = this.write(() => {
      const current = this.mustFind(id);
      if (!DISCARDABLE_STATES.has(current.state)) throw StationFailure.of('outbox.not-discardable', { id, state: current.state });
      const discarded = this.giveUp(current, operator, 'operation.discarded', `was ${current.state}`);
      return [discarded, ...this.failDependents(current, operator)];
    });
    this.published([op, ...dependents]);
    this.worker.pump();
    return op;
  }

  async resend(id: string, request: OperationRequest, operator: string): Promise<Operation> {
    const [replacement, original] = this.write(() => {
      const current = this.mustFind(id);
      if (!RESENDABLE_STATES.has(current.state)) throw StationFailure.of('outbox.not-resendable', { id, state: current.state });
      if (request.kind !== current.kind) throw StationFailure.of('outbox.resend-kind', { kind: current.kind });
      const extra = this.store.subjectsOf(id).filter((line) => line !== current.subject);
      const fresh = this.insertOne(request, operator, {
        replaces: id,
        position: this.store.positionOf(id),
        orderedWithin: extra,
        dependsOn: current.dependsOn,
      });
      // What waited for the original waits for its corrected replacement.
      for (const dependent of this.store.dependentsOf(id)) this.store.setDependency(dependent.id, fresh.id);
      const old = this.giveUp(current, operator, 'operation.replaced', `replaced by ${fresh.id}`);
      return [fresh, old] as const;
    });
    this.published([original, replacement]);
    this.worker.pump();
    return replacement;
  }

  /** Sends everything waiting now; a drain of more than a handful reports its progress to the renderer. */
  async drain(): Promise<QueueSummary> {
    const before = this.freshSummary();
    const total = before.queued + before.sending;
    const report = (): void => {
      const now = this.freshSummary();
      const done = Math.max(0, total - (now.queued + now.sending));
      this.options.events?.emit('progress', { task: 'drain', label: 'Sending queued operations', done, total });
    };
    const timer = total > 0 ? setInterval(report, 250) : undefined;
    try {
      await this.worker.drain();
    } finally {
      clearInterval(timer);
    }
    if (total > 0) report();
    return this.freshSummary();
  }

  summary(): QueueSummary | null {
    if (this.closed) return null;
    const now = this.now();
    if (!this.cachedSummary || now - this.cachedSummary.at > 1000) return this.freshSummary();
    return this.cachedSummary.value;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.notifyTimer);
    clearInterval(this.leaseTimer);
    this.flushSubmits();
    await this.worker.stop(10_000);
    LIVE_OWNERS.delete(this.owner);
    this.ownData?.close();
  }

  get db(): WritableDB {
    return this.data.db;
  }

  get store(): OperationStore {
    return this.data.operations;
  }

  get cards(): CardStore {
    return this.data.cards;
  }

  get audit(): AuditLog {
    return this.data.audit;
  }

  // ---------------------------------------------------------------------------------------------
  // For the station, the CLI and tests
  // ---------------------------------------------------------------------------------------------

  /** Cloud states from the tracker its attempts are recorded in (only providers something happened to). */
  cloudStatus(): CloudStatus[] {
    return this.health.statuses();
  }

  /** The room directory's extra lines (see ExtraLines); set once the directory is open. */
  setExtraLines(lines: ExtraLines): void {
    this.extraLines = lines;
  }

  /**
   * Puts every operation still holding its lines into the extra lines it would get if submitted now
   * (after the room directory learned a room or a lock's room), at its own position, so it keeps its
   * place ahead of what comes later. Runs inside the caller's transaction; returns how many joined.
   */
  rejoinLines(): number {
    let joined = 0;
    for (const op of this.store.holding()) {
      const extra = this.extraLines(op);
      if (extra.length) joined += this.store.joinLines(op.id, extra);
    }
    return joined;
  }

  /**
   * Runs `fn` in one durable transaction in which it inserts operations (and may withdraw queued
   * ones, and write its own tables); nothing is sent before the whole group is committed. Submits
   * already waiting for their group commit are committed first, so they keep their place.
   */
  commitGroup<T>(fn: (tx: OutboxTransaction) => T): { value: T; operations: Operation[] } {
    if (this.closed) throw StationFailure.of('outbox.closed');
    this.flushSubmits();
    const touched: Operation[] = [];
    const tx: OutboxTransaction = {
      insert: (request, operator, options = {}) => {
        const op = this.insertOne(request, operator, options);
        touched.push(op);
        return op;
      },
      withdraw: (id, operator, detail) => {
        const current = this.mustFind(id);
        if (current.state !== 'queued' || current.mayHaveReachedCloud)
          throw StationFailure.of('outbox.not-discardable', { id, state: current.state });
        const withdrawn = this.giveUp(current, operator, 'operation.withdrawn', detail);
        const card = this.cards.byOrigin(id);
        if (card) this.cards.update(card.id, { status: 'cancelled' }, withdrawn.updatedAt, id);
        touched.push(withdrawn, ...this.failDependents(current, operator));
        return withdrawn;
      },
    };
    const value = this.write(() => fn(tx));
    const operations = this.published(touched);
    this.worker.pump();
    return { value, operations };
  }

  /** Resolves with the operation once it is no longer queued or sending, or when `timeoutMs` passes. */
  async waitSettled(id: string, timeoutMs: number): Promise<Operation> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const op = await this.get(id);
      if ((op.state !== 'queued' && op.state !== 'sending') || this.now() >= deadline) return op;
      await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - this.now()))));
    }
  }

  get inFlight(): number {
    return this.worker.busy;
  }

  /** Looks for due work now (after something outside the outbox, such as the send gate, changed). */
  wake(): void {
    if (!this.closed) this.worker.pump();
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private mustFind(id: string): Operation {
    const op = this.store.find(id);
    if (!op) throw StationFailure.of('outbox.not-found', { id });
    return op;
  }

  /** One immediate transaction; SQLite errors become messages staff can act on. */
  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof StationFailure) throw err;
      throw databaseFailure(this.db.name, err);
    }
  }

  /** The room the registry knows for a QR card (whole-room reports are ordered within it). */
  private readonly roomOfCard: RoomOfCard = (cardNo) => {
    const card = (this.options.cardLookup ?? this.cards).byCardNo(cardNo);
    return card?.roomNo ? { buildNo: card.buildNo, floorNo: card.floorNo, roomNo: card.roomNo } : undefined;
  };

  private insertOne(
    request: OperationRequest,
    operator: string,
    extra: {
      replaces?: string;
      position?: number;
      orderedWithin?: readonly string[];
      dependsOn?: string;
      inSameCommit?: (op: Operation) => void;
    } = {},
  ): Operation {
    const at = this.iso();
    const own = subjectsOf(request, this.roomOfCard);
    const subjects = [...new Set([...own, ...this.extraLines(request), ...(extra.orderedWithin ?? [])])];
    if (extra.dependsOn) this.mustFind(extra.dependsOn);
    const op = this.store.insert({
      id: randomUUID(),
      kind: request.kind,
      provider: providerOf(request.kind),
      subjects,
      operator,
      input: request.input,
      at,
      dueAt: this.now(),
      ...(extra.replaces ? { replaces: extra.replaces } : {}),
      ...(extra.position !== undefined ? { position: extra.position } : {}),
      ...(extra.dependsOn ? { dependsOn: extra.dependsOn } : {}),
    });
    cardsOnSubmit(this.cards, op, at);
    extra.inSameCommit?.(op);
    this.audit.append({
      at,
      operator,
      action: 'operation.accepted',
      operationId: op.id,
      kind: op.kind,
      state: op.state,
      subject: op.subject,
      ...(extra.replaces ? { detail: `replaces ${extra.replaces}` } : {}),
    });
    return op;
  }

  private flushSubmits(): void {
    const batch = this.pendingSubmits;
    this.pendingSubmits = [];
    if (!batch.length) return;
    let ops: Operation[] | undefined;
    try {
      ops = this.write(() => batch.map((b) => this.insertOne(b.request, b.operator, b.options)));
    } catch {
      ops = undefined;
    }
    if (ops) {
      const told = this.published(ops);
      batch.forEach((b, i) => b.resolve(told[i]));
    } else {
      // Something in the batch failed: commit one by one so each caller learns its own fate.
      for (const b of batch) {
        try {
          const op = this.write(() => this.insertOne(b.request, b.operator, b.options));
          b.resolve(this.published([op])[0]);
        } catch (err) {
          b.reject(err);
        }
      }
    }
    this.worker.pump();
  }

  /**
   * The operation was discarded: what was to be sent only after it is not sent. Each dependent
   * fails (a person sees it) and no longer waits, so retrying it sends it anyway.
   */
  private failDependents(discarded: Operation, operator: string): Operation[] {
    const at = this.iso();
    return this.store.dependentsOf(discarded.id).map((dependent) => {
      this.store.setDependency(dependent.id, null);
      const error = stationError('outbox.dependency-discarded', { id: discarded.id });
      const failed = this.store.update(dependent.id, { state: 'failed', at, lastError: error });
      this.audit.append({
        at,
        operator,
        action: 'operation.failed',
        operationId: dependent.id,
        kind: dependent.kind,
        state: 'failed',
        subject: dependent.subject,
        error,
        detail: `${discarded.id} was discarded`,
      });
      return failed;
    });
  }

  private giveUp(current: Operation, operator: string, action: string, detail: string): Operation {
    const at = this.iso();
    const updated = this.store.update(current.id, { state: 'discarded', at });
    cardsOnGivenUp(this.cards, current, at);
    this.audit.append({
      at,
      operator,
      action,
      operationId: current.id,
      kind: current.kind,
      state: 'discarded',
      subject: current.subject,
      detail,
    });
    return updated;
  }

  /**
   * Records a batch of outcomes and claims the next due operations, in one durable commit: the
   * worker gathers outcomes that arrive together, so a busy drain pays one fsync per batch.
   */
  private settleAndClaim(items: { op: Operation; outcome: CloudOutcome }[], claimLimit: number, nowMs: number): Operation[] {
    const { settled, claimed } = this.write(() => ({
      settled: items.map(({ op, outcome }) => this.settleOwned(op, outcome)).filter((op): op is Operation => Boolean(op)),
      claimed:
        claimLimit > 0 ? this.store.claimDue(nowMs, claimLimit, this.owner, nowMs + this.leaseMs, undefined, this.options.sendGate) : [],
    }));
    this.published(settled);
    return claimed;
  }

  /**
   * Records an outcome only while this sender still holds the operation. One taken over meanwhile
   * (our lease ran out) belongs to whoever took it: its late answer is used only when it proves the
   * operation was done and nobody is sending it now.
   */
  private settleOwned(op: Operation, outcome: CloudOutcome): Operation | undefined {
    if (this.store.isSendingFor(op.id, this.owner)) return this.settleOne(op, outcome);
    const current = this.store.find(op.id);
    if (outcome.kind === 'success' && current && (current.state === 'uncertain' || current.state === 'queued')) {
      this.log.warn('outbox: a late answer shows a taken-over operation was done', { operationId: op.id });
      return this.settleOne(op, outcome);
    }
    this.log.warn('outbox: an answer came after the operation was taken over; it is left to its new sender', {
      operationId: op.id,
      outcome: outcome.kind,
    });
    return undefined;
  }

  /** One outcome: operation state, card registry, activity log. Call inside a transaction. */
  private settleOne(op: Operation, outcome: CloudOutcome): Operation {
    const decision = decide(op, outcome, this.now(), this.backoff, this.random);
    const at = this.iso();
    const previous = this.store.find(op.id);
    const result = this.store.update(op.id, {
      state: decision.state,
      at,
      lastError: decision.lastError ?? null,
      result: decision.result ?? null,
      nextAttemptAt: decision.nextAttemptAt ?? null,
      mayHaveReached: outcome.kind === 'ambiguous',
    });
    if (decision.state === 'done') cardsOnDone(this.cards, op, decision.result, at);
    if (decision.state === 'failed') cardsOnGivenUp(this.cards, op, at);
    // A long outage should not fill the log with one line per retry: note a deferral when its reason changes.
    const repeat = decision.action === 'operation.deferred' && previous?.lastError?.code === decision.lastError?.code && op.attempts > 1;
    if (!repeat) {
      this.audit.append({
        at,
        operator: op.operator,
        action: decision.action,
        operationId: op.id,
        kind: op.kind,
        state: decision.state,
        subject: op.subject,
        ...(decision.lastError ? { error: decision.lastError } : {}),
        detail: `attempt ${op.attempts}${decision.nextAttemptAt ? `, next at ${new Date(decision.nextAttemptAt).toISOString()}` : ''}`,
      });
    }
    return result;
  }

  /** A `sending` row whose sender is gone: lease run out, process dead, or an outbox of this process that was closed. */
  private senderIsGone(lease: SendingLease): boolean {
    if (!lease.owner) return true;
    const now = this.now();
    if (lease.leaseUntil === null) {
      // Written before leases existed: the old rule (process gone, or silent for too long).
      if (now - Date.parse(lease.updatedAt) > (this.options.staleSendingMs ?? 5 * 60_000)) return true;
    } else if (lease.leaseUntil < now) {
      return true;
    }
    const pid = Number(lease.owner.split(':')[0]);
    if (!Number.isInteger(pid)) return true;
    if (pid === process.pid) return !LIVE_OWNERS.has(lease.owner);
    return !processIsAlive(pid);
  }

  /** Takes over operations whose sender is gone, as a restart would; returns how many. */
  private recoverInterrupted(): number {
    const recovered = this.write(() => {
      const ops = this.store.recoverInterrupted((lease) => this.senderIsGone(lease), this.now());
      const at = this.iso();
      for (const op of ops) {
        this.audit.append({
          at,
          operator: 'station',
          action: op.state === 'queued' ? 'operation.recovered' : 'operation.uncertain',
          operationId: op.id,
          kind: op.kind,
          state: op.state,
          subject: op.subject,
          ...(op.state === 'uncertain' && op.lastError ? { error: op.lastError } : {}),
          detail: 'the program sending it stopped before the answer was recorded',
        });
      }
      return ops;
    });
    if (recovered.length) {
      this.log.warn('outbox: took over operations whose sender stopped while sending', { count: recovered.length });
      this.published(recovered);
    }
    return recovered.length;
  }

  /** Renews the leases of what this outbox is sending, and takes over abandoned ones. */
  private checkLeases(): void {
    if (this.closed) return;
    try {
      const inFlight = this.worker.inFlightIds();
      if (inFlight.length) this.write(() => this.store.renewLeases(this.owner, inFlight, this.now() + this.leaseMs));
      if (this.recoverInterrupted()) this.worker.pump();
    } catch (err) {
      this.log.error('outbox: checking send leases failed', { error: String(err) });
    }
  }

  private freshSummary(): QueueSummary {
    const value = this.store.summary(this.now());
    this.cachedSummary = { at: this.now(), value };
    return value;
  }

  /** Tells the renderer; returns the operations as told (queued ones say what they wait for). */
  private published(ops: Operation[]): Operation[] {
    this.cachedSummary = undefined;
    const told = ops.map((op) => this.explain(op));
    for (const op of told) this.options.events?.emit('operation:updated', op);
    this.changed();
    return told;
  }

  private explain(op: Operation): Operation {
    try {
      return explainWait(this.store, op);
    } catch (err) {
      this.log.error('outbox: could not tell what an operation waits for', { operationId: op.id, error: String(err) });
      return op;
    }
  }

  /** Coalesces status pushes: many outcomes in a burst make one `station:status` event. */
  private changed(): void {
    if (!this.options.notify || this.notifyTimer || this.closed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (!this.closed) this.options.notify?.();
    }, 50);
    this.notifyTimer.unref();
  }
}
