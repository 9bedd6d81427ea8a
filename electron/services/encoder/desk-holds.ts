/**
 * The desk's holds on the encoder. A window's screen that waits for a card takes the encoder for
 * its job (`encoder:hold`), the way a PMS request does: meanwhile a PMS request is answered
 * "encoder busy" naming the job, and the cards placed are the clerk's. A hold ends when the screen
 * gives it back, and by itself when the window's session locks or ends, the window goes, or nobody
 * has touched the window for `idleMs`: a forgotten screen never keeps the PMS out for long.
 *
 * All holds of one window are one lease owner (`desk:<window>`), so the window's own reads share
 * the encoder with its screens; another window is refused like the PMS is.
 */
import { randomUUID } from 'node:crypto';
import type { DeskEncoderJob, EncoderHold } from '../../../shared/domain/encoder';
import type { Logger } from '../logging/logger';
import { deskJobLabel } from './desk-job';
import { DESK_OWNER, type EncoderOwner } from './lease';

/** What a hold needs of the window it belongs to (the IPC connection and its staff session). */
export interface HoldingWindow {
  /** Stable for the window's (or harness socket's) life. */
  readonly id: number;
  /** Epoch ms of the person's last input at the window, as the idle lock counts it. */
  lastInputAt(): number | undefined;
  /** Calls `listener` once the window's session locks or ends, or the window goes. */
  onEnd(listener: () => void): () => void;
}

export interface DeskHoldsDeps {
  /** Takes the encoder (encoder/lease.ts); throws `encoder.busy` while another job has it. */
  acquire(owner: EncoderOwner): () => void;
  /** A hold ends after this long without input at its window. */
  idleMs: number;
  log: Logger;
  now?: () => number;
}

/** Two minutes without a key press or a click at the window: the screen is taken to be forgotten. */
export const DESK_HOLD_IDLE_MS = 120_000;

interface WindowHolds {
  window: HoldingWindow;
  holds: Map<string, () => void>;
  /** When the newest hold was taken: the idle time counts from it or the last input, whichever is later. */
  takenAt: number;
  timer?: NodeJS.Timeout;
  offEnd: () => void;
}

export const deskOwnerId = (window: Pick<HoldingWindow, 'id'>) => `${DESK_OWNER.id}:${window.id}`;

export class DeskHolds {
  private readonly windows = new Map<number, WindowHolds>();
  private readonly now: () => number;

  constructor(private readonly deps: DeskHoldsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Takes the encoder for `job` at `window`, or throws `encoder.busy` naming who has it. */
  hold(window: HoldingWindow, request: { job: DeskEncoderJob; room?: string }, operator: string): EncoderHold {
    const owner: EncoderOwner = { id: deskOwnerId(window), ...deskJobLabel(request.job, operator, request.room) };
    const release = this.deps.acquire(owner);
    let entry = this.windows.get(window.id);
    if (!entry) {
      entry = { window, holds: new Map(), takenAt: this.now(), offEnd: () => {} };
      this.windows.set(window.id, entry);
      entry.offEnd = window.onEnd(() => this.end(window, 'the session locked or ended, or the window closed'));
    }
    const holdId = randomUUID();
    entry.holds.set(holdId, release);
    entry.takenAt = this.now();
    this.arm(entry);
    this.deps.log.info('the desk holds the encoder', { window: window.id, job: request.job, holder: owner.label });
    return { holdId, holder: owner, idleMs: this.deps.idleMs };
  }

  /** Gives one hold back; false when it had already ended (or was never this window's). */
  release(window: Pick<HoldingWindow, 'id'>, holdId: string): boolean {
    const entry = this.windows.get(window.id);
    const release = entry?.holds.get(holdId);
    if (!entry || !release) return false;
    entry.holds.delete(holdId);
    release();
    if (entry.holds.size === 0) this.forget(entry);
    return true;
  }

  /** Ends every hold of the window (its session locked or ended, it went, or it was idle too long). */
  end(window: Pick<HoldingWindow, 'id'>, why: string): void {
    const entry = this.windows.get(window.id);
    if (!entry) return;
    for (const release of entry.holds.values()) release();
    entry.holds.clear();
    this.forget(entry);
    this.deps.log.info('the desk gave the encoder back', { window: window.id, why });
  }

  /** How many holds the window has (tests, the log). */
  count(window: Pick<HoldingWindow, 'id'>): number {
    return this.windows.get(window.id)?.holds.size ?? 0;
  }

  close(): void {
    for (const entry of [...this.windows.values()]) this.end(entry.window, 'the station is closing');
  }

  private forget(entry: WindowHolds): void {
    clearTimeout(entry.timer);
    entry.offEnd();
    this.windows.delete(entry.window.id);
  }

  /** Checks again when the window would have been idle for `idleMs`; ends its holds once it has. */
  private arm(entry: WindowHolds): void {
    clearTimeout(entry.timer);
    const since = Math.max(entry.takenAt, entry.window.lastInputAt() ?? 0);
    const due = since + this.deps.idleMs - this.now();
    if (due <= 0) {
      this.end(entry.window, `no input at the window for ${Math.round(this.deps.idleMs / 1000)} s`);
      return;
    }
    entry.timer = setTimeout(() => {
      if (this.windows.get(entry.window.id) === entry) this.arm(entry);
    }, due + 10);
    entry.timer.unref?.();
  }
}
