/**
 * What every driver shares: status and card events, `readCard`, and a supervisor that keeps a
 * session with the reader alive: it reconnects by itself after an unplug and retries a reader
 * that was missing at start.
 */
import { EventEmitter } from 'node:events';
import type { EncoderDriverId } from '../../../shared/domain/encoder';
import { StationFailure, toStationError } from '../failure';
import type { Logger } from '../logging/logger';
import type { CardPresence, DriverEvents, DriverStatus, EncoderDriver } from './types';

export interface SupervisorTiming {
  /** Pause between reconnect attempts after the reader went away (hot-plug), ms. */
  reconnectMs: number;
  /** Pause between attempts when the reader never came up (missing port, no answer), ms. */
  retryMs: number;
}

export const DEFAULT_TIMING: SupervisorTiming = { reconnectMs: 400, retryMs: 2000 };

export function sameUid(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export abstract class SupervisedDriver implements EncoderDriver {
  abstract readonly id: EncoderDriverId;
  private readonly emitter = new EventEmitter();
  private current: DriverStatus = { state: 'connecting' };
  private card?: CardPresence;
  private loop?: Promise<void>;
  protected stopped = false;
  private wake?: () => void;

  protected constructor(
    protected readonly label: string,
    protected readonly timing: SupervisorTiming,
    protected readonly log?: Logger,
  ) {
    this.emitter.setMaxListeners(50);
  }

  /**
   * Connects, brings the reader up (calling `ready()`), then runs until the link is lost (throw a
   * StationFailure) or `stopped` is set (return).
   */
  protected abstract session(): Promise<void>;
  /** Breaks a running session out of its waits (close the transport). */
  protected abstract interrupt(): Promise<void>;

  status(): DriverStatus {
    return this.current;
  }

  currentCard(): CardPresence | undefined {
    return this.card;
  }

  on<E extends keyof DriverEvents>(event: E, listener: DriverEvents[E]): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  open(): Promise<void> {
    if (!this.loop) this.loop = this.supervise();
    if (this.current.state === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.on('status', (s) => {
        if (s.state === 'ready') {
          off();
          resolve();
        } else if (s.state === 'error' || s.state === 'disconnected') {
          off();
          reject(new StationFailure(s.error));
        }
      });
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.interrupt().catch(() => undefined);
    await this.loop;
    this.emitter.removeAllListeners();
  }

  readCard(timeoutMs: number): Promise<CardPresence> {
    if (this.card) return Promise.resolve(this.card);
    if (this.stopped) return Promise.reject(StationFailure.of('encoder.closed'));
    return new Promise((resolve, reject) => {
      const done = (err: Error | undefined, card?: CardPresence) => {
        clearTimeout(timer);
        offCard();
        offStatus();
        if (err) reject(err);
        else resolve(card as CardPresence);
      };
      const timer = setTimeout(() => done(StationFailure.of('encoder.timeout', { seconds: Math.round(timeoutMs / 100) / 10 })), timeoutMs);
      const offCard = this.on('card-present', (card) => done(undefined, card));
      const offStatus = this.on('status', () => {
        if (this.stopped) done(StationFailure.of('encoder.closed'));
      });
    });
  }

  protected setStatus(status: DriverStatus): void {
    this.current = status;
    this.emitter.emit('status', status);
  }

  protected ready(model: string, firmware: string): void {
    this.log?.info('encoder ready', { driver: this.id, port: this.label, model, firmware });
    this.setStatus({ state: 'ready', model, firmware });
  }

  protected cardPresent(card: CardPresence): void {
    this.card = card;
    this.emitter.emit('card-present', card);
  }

  protected cardRemoved(): void {
    const card = this.card;
    if (!card) return;
    this.card = undefined;
    this.emitter.emit('card-removed', card);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async supervise(): Promise<void> {
    this.setStatus({ state: 'connecting' });
    while (!this.stopped) {
      let failure: unknown;
      let reachedReady = false;
      const offReady = this.on('status', (s) => {
        if (s.state === 'ready') reachedReady = true;
      });
      try {
        await this.session();
      } catch (err) {
        failure = err;
      } finally {
        offReady();
        this.cardRemoved();
      }
      if (this.stopped) break;
      if (reachedReady) {
        this.log?.warn('encoder disconnected', { driver: this.id, port: this.label, detail: toStationError(failure).message });
        this.setStatus({ state: 'disconnected', error: StationFailure.of('encoder.disconnected', { port: this.label }).error });
        await this.sleep(this.timing.reconnectMs);
      } else if (this.current.state === 'disconnected') {
        // Still unplugged: keep saying so (not "port missing") and look again soon.
        await this.sleep(this.timing.reconnectMs);
      } else {
        const error = toStationError(failure ?? StationFailure.of('encoder.disconnected', { port: this.label }));
        if (this.current.state !== 'error' || this.current.error.code !== error.code) {
          this.log?.warn('encoder not available', { driver: this.id, port: this.label, code: error.code, detail: error.message });
          this.setStatus({ state: 'error', error });
        }
        await this.sleep(this.timing.retryMs);
      }
    }
    this.setStatus({ state: 'disconnected', error: StationFailure.of('encoder.closed').error });
  }
}
