import type { ProviderId } from '../../../shared/domain/cloud';
import type { Operation } from '../../../shared/domain/operations';
import { stationError } from '../../../shared/errors';
import type { CloudExecutor, CloudOutcome } from '../cloud/executor';
import type { Logger } from '../logging/logger';
import type { CloudHealth } from '../cloud/health';

/** What the worker needs from the outbox; each call is one transaction. */
export interface WorkerHost {
  /** Marks up to `limit` operations due at `nowMs` as sending and returns them. */
  claim(limit: number, nowMs: number): Operation[];
  /** Records outcomes (state, registry, audit) and claims up to `claimLimit` due operations, in one transaction. */
  settleAndClaim(items: { op: Operation; outcome: CloudOutcome }[], claimLimit: number, nowMs: number): Operation[];
  nextDueAfter(nowMs: number): number | undefined;
  hasDue(nowMs: number): boolean;
  makeDue(provider?: ProviderId): void;
}

export interface WorkerOptions {
  /** Operations in flight at once (different subjects only). */
  concurrency: number;
  /** How often an offline provider is probed. */
  probeIntervalMs: number;
  /** Longest sleep between looks at the queue (another process may have added work). */
  idleCheckMs: number;
  now: () => number;
  log: Logger;
}

/**
 * Sends due operations through the executor, a few subjects at a time, and sleeps until the next
 * one is due. Per-subject order is the store's job (it only hands out each subject's head).
 */
export class OutboxWorker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private settling: { op: Operation; outcome: CloudOutcome; resolve: () => void }[] = [];
  private stopped = false;
  private started = false;

  constructor(
    private readonly host: WorkerHost,
    private readonly executor: CloudExecutor,
    private readonly health: CloudHealth,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.probeTimer = setInterval(() => void this.probeOffline(), this.options.probeIntervalMs);
    this.probeTimer.unref();
    this.pump();
  }

  get busy(): number {
    return this.inFlight.size;
  }

  /** Operations whose attempt is running (their leases are renewed). */
  inFlightIds(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Claims and starts as much due work as there are free slots; safe to call any time. */
  pump(): void {
    if (this.stopped || !this.started) return;
    const now = this.options.now();
    const free = this.options.concurrency - this.inFlight.size;
    if (free > 0) {
      let claimed: Operation[] = [];
      try {
        claimed = this.host.claim(free, now);
      } catch (err) {
        this.options.log.error('outbox: claiming operations failed', { error: String(err) });
      }
      for (const op of claimed) this.launch(op);
    }
    this.schedule(now);
  }

  /** Everything waiting is due now; resolves when nothing due is left (what still fails waits again). */
  async drain(): Promise<void> {
    this.host.makeDue();
    for (;;) {
      this.pump();
      if (this.inFlight.size === 0) {
        if (this.stopped || !this.started || !this.host.hasDue(this.options.now())) return;
        // Due work but nothing claimable right now (another process holds it): look again shortly.
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      await Promise.race(this.inFlight.values());
    }
  }

  /** Stops taking work and waits (up to `graceMs`) for attempts in flight; unfinished ones are recovered at the next start. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.probeTimer);
    if (this.inFlight.size === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.inFlight.values()),
      new Promise((r) => {
        timeout = setTimeout(r, graceMs);
      }),
    ]);
    clearTimeout(timeout);
  }

  private launch(op: Operation): void {
    this.inFlight.set(op.id, this.attempt(op));
  }

  private async attempt(op: Operation): Promise<void> {
    let outcome: CloudOutcome;
    try {
      outcome = await this.executor.execute({ id: op.id, kind: op.kind, input: op.input });
    } catch (err) {
      // An exception after the call began may hide a request that reached the cloud.
      const detail = err instanceof Error ? err.message : String(err);
      outcome = { kind: 'ambiguous', error: stationError('outbox.uncertain', { detail }) };
    }
    await new Promise<void>((resolve) => {
      this.settling.push({ op, outcome, resolve });
      if (this.settling.length === 1) setImmediate(() => this.flushSettled());
    });
  }

  /** Outcomes that arrived together are recorded together, and the freed slots refilled, in one commit. */
  private flushSettled(): void {
    const batch = this.settling;
    this.settling = [];
    const now = this.options.now();
    const free = this.stopped || !this.started ? 0 : this.options.concurrency - (this.inFlight.size - batch.length);
    let claimed: Operation[] = [];
    try {
      claimed = this.host.settleAndClaim(
        batch.map(({ op, outcome }) => ({ op, outcome })),
        free,
        now,
      );
    } catch (err) {
      // The database is closed or failing: the operations stay `sending`; their leases are no
      // longer renewed, so they are taken over when the lease runs out (or at the next start).
      this.options.log.error('outbox: recording outcomes failed', { operationIds: batch.map((b) => b.op.id), error: String(err) });
    }
    for (const b of batch) {
      this.inFlight.delete(b.op.id);
      b.resolve();
    }
    for (const op of claimed) this.launch(op);
    this.pump();
  }

  /**
   * Sleeps until the next attempt due after `now` (the moment of the last claim): everything due
   * by then was either claimed or is held by its subject or the slot limit, and those wake the
   * worker themselves when they finish.
   */
  private schedule(now: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    let next: number | undefined;
    try {
      next = this.host.nextDueAfter(now);
    } catch {
      next = undefined;
    }
    const wait = Math.max(5, Math.min(next === undefined ? this.options.idleCheckMs : next - this.options.now(), this.options.idleCheckMs));
    this.timer = setTimeout(() => this.pump(), wait);
    this.timer.unref();
  }

  private async probeOffline(): Promise<void> {
    if (this.probing || this.stopped) return;
    this.probing = true;
    try {
      for (const provider of this.health.offlineProviders()) {
        let reachable = false;
        try {
          reachable = await this.executor.probe(provider);
        } catch {
          reachable = false;
        }
        if (reachable && !this.stopped) {
          this.health.reachable(provider);
          this.host.makeDue(provider);
          this.pump();
        }
      }
    } finally {
      this.probing = false;
    }
  }
}
