/**
 * One FIAS link, seen from the station (the lock system's side). Pure: bytes in, bytes out through
 * handlers, timers through the injected clock. The TCP listener gives each connection one link.
 *
 * - The station sends `LS` when the connection opens, and again every `startRetryMs` until the
 *   PMS starts the link.
 * - Every `LS` from the PMS (first start, a restart, or an `LS` used as a keep-alive check) is
 *   answered with the description: `LD`, one `LR` per record type, then `LA`. An `LS` is never
 *   answered with `LS`, so two sides that both start cannot loop.
 * - `LA` from the PMS completes the start; afterwards it only shows the PMS is alive. The station
 *   sends `LA` itself when it has sent nothing for `aliveIntervalMs`; nothing at all from the PMS
 *   for `silenceTimeoutMs` means the PMS is gone and the connection is closed.
 * - `LE` from the PMS ends the link; `end()` sends `LE` and closes.
 * - Key records (`KR`, `KD`, `KM`) go to the handler even before the start has completed (a PMS
 *   that skips the start is still served). A record that cannot be read, or one of a type the
 *   station does not take, is reported and skipped: one bad record never drops the link.
 */
import type { FiasLinkState } from '../../../../shared/domain/pms';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { FiasFramer, type DiscardReason, type FiasFramerOptions } from './framer';
import { decodeFrameText, encodeRecord, fiasDateTime, parseRecord, type FiasRecord } from './record';

export type FiasLinkEvent =
  | { kind: 'state'; state: FiasLinkState }
  | { kind: 'received'; record: FiasRecord }
  | { kind: 'sent'; record: FiasRecord }
  | { kind: 'discarded'; reason: DiscardReason; bytes: number }
  | { kind: 'bad-record'; reason: string; text: string }
  | { kind: 'unexpected'; record: FiasRecord };

export interface FiasLinkHandlers {
  /** Bytes for the peer. */
  send(bytes: Uint8Array): void;
  /** A key record (KR, KD, KM) to answer with `answer()`. */
  request(record: FiasRecord): void;
  /** The connection must close (the PMS ended the link, or went silent). */
  close(reason: string): void;
  /** What happened, for the status and the log. */
  event?(event: FiasLinkEvent): void;
}

export interface FiasLinkOptions {
  /** `LD` and the `LR` records sent after every `LS` from the PMS (the `LA` follows them). */
  description: () => FiasRecord[];
  clock?: Clock;
  /** Send `LS` as soon as the connection opens (default true). */
  startOnOpen?: boolean;
  startRetryMs?: number;
  aliveIntervalMs?: number;
  silenceTimeoutMs?: number;
  framer?: Omit<FiasFramerOptions, 'clock'>;
}

export const LINK_DEFAULTS = { startRetryMs: 30_000, aliveIntervalMs: 60_000, silenceTimeoutMs: 300_000 } as const;

const KEY_RECORDS = new Set(['KR', 'KD', 'KM']);

export class FiasLink {
  private current: FiasLinkState = 'awaiting-start';
  private readonly framer: FiasFramer;
  private readonly clock: Clock;
  private readonly startRetryMs: number;
  private readonly aliveIntervalMs: number;
  private readonly silenceTimeoutMs: number;
  private startTimer: TimerHandle | undefined;
  private aliveTimer: TimerHandle | undefined;
  private silenceTimer: TimerHandle | undefined;
  private disposed = false;

  constructor(
    private readonly handlers: FiasLinkHandlers,
    private readonly options: FiasLinkOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.startRetryMs = options.startRetryMs ?? LINK_DEFAULTS.startRetryMs;
    this.aliveIntervalMs = options.aliveIntervalMs ?? LINK_DEFAULTS.aliveIntervalMs;
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? LINK_DEFAULTS.silenceTimeoutMs;
    this.framer = new FiasFramer(
      (e) => {
        if (e.kind === 'frame') this.onFrame(e.bytes);
        else this.emit({ kind: 'discarded', reason: e.reason, bytes: e.bytes });
      },
      { ...options.framer, clock: this.clock },
    );
  }

  get state(): FiasLinkState {
    return this.current;
  }

  /** The connection is open. */
  open(): void {
    this.armSilence();
    if (this.options.startOnOpen !== false) this.sendLinkStart();
  }

  receive(bytes: Uint8Array): void {
    if (this.disposed) return;
    this.armSilence();
    this.framer.push(bytes);
  }

  /** Sends a record (an answer to a key record). Ignored once the link has ended. */
  sendRecord(record: FiasRecord): void {
    if (this.disposed || this.current === 'ended') return;
    this.handlers.send(encodeRecord(record));
    this.emit({ kind: 'sent', record });
    this.armAlive();
  }

  /** The station ends the link: `LE`, then the connection closes. */
  end(reason = 'the station is stopping'): void {
    if (this.disposed || this.current === 'ended') return;
    this.sendRecord({ type: 'LE', fields: this.stamp() });
    this.setState('ended');
    this.handlers.close(reason);
    this.dispose();
  }

  /** Stops every timer (the connection is gone). */
  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.startTimer);
    this.clock.clearTimeout(this.aliveTimer);
    this.clock.clearTimeout(this.silenceTimer);
    this.framer.dispose();
  }

  private onFrame(bytes: Uint8Array): void {
    const text = decodeFrameText(bytes);
    const parsed = parseRecord(text);
    if (!parsed.ok) {
      this.emit({ kind: 'bad-record', reason: parsed.reason, text: text.slice(0, 200) });
      return;
    }
    const record = parsed.record;
    this.emit({ kind: 'received', record });
    switch (record.type) {
      case 'LS':
        // Start, restart, or a keep-alive check: describe ourselves again and confirm with LA.
        this.clock.clearTimeout(this.startTimer);
        this.startTimer = undefined;
        this.setState('awaiting-alive');
        for (const r of this.options.description()) this.sendRecord(r);
        this.sendRecord({ type: 'LA', fields: this.stamp() });
        return;
      case 'LA':
        if (this.current !== 'up') {
          this.clock.clearTimeout(this.startTimer);
          this.startTimer = undefined;
          this.setState('up');
          this.armAlive();
        }
        return;
      case 'LE':
        this.setState('ended');
        this.handlers.close('the PMS ended the link (LE)');
        this.dispose();
        return;
      case 'LD':
      case 'LR':
        return;
      default:
        if (!KEY_RECORDS.has(record.type)) {
          this.emit({ kind: 'unexpected', record });
          return;
        }
        try {
          this.handlers.request(record);
        } catch (err) {
          this.emit({
            kind: 'bad-record',
            reason: `could not be handled: ${err instanceof Error ? err.message : String(err)}`,
            text: text.slice(0, 200),
          });
        }
    }
  }

  private sendLinkStart(): void {
    if (this.disposed || this.current !== 'awaiting-start') return;
    this.sendRecord({ type: 'LS', fields: this.stamp() });
    this.startTimer = this.clock.setTimeout(() => {
      this.startTimer = undefined;
      this.sendLinkStart();
    }, this.startRetryMs);
  }

  private stamp(): Array<[string, string]> {
    const { date, time } = fiasDateTime(this.clock.now());
    return [
      ['DA', date],
      ['TI', time],
    ];
  }

  private setState(state: FiasLinkState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit({ kind: 'state', state });
  }

  /** Our keep-alive: restarted by everything we send. */
  private armAlive(): void {
    this.clock.clearTimeout(this.aliveTimer);
    this.aliveTimer = undefined;
    if (this.disposed || this.current !== 'up') return;
    this.aliveTimer = this.clock.setTimeout(() => {
      this.aliveTimer = undefined;
      this.sendRecord({ type: 'LA', fields: this.stamp() });
    }, this.aliveIntervalMs);
  }

  /** The peer's keep-alive: restarted by everything it sends. */
  private armSilence(): void {
    this.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.clock.setTimeout(() => {
      this.silenceTimer = undefined;
      if (this.disposed) return;
      this.setState('ended');
      this.handlers.close(`nothing arrived from the PMS for ${Math.round(this.silenceTimeoutMs / 1000)} s`);
      this.dispose();
    }, this.silenceTimeoutMs);
  }

  private emit(event: FiasLinkEvent): void {
    try {
      this.handlers.event?.(event);
    } catch {
      // A status listener that throws must not break the link.
    }
  }
}
