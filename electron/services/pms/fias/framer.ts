/**
 * FIAS frames on a byte stream: `STX` (0x02) + record text + `ETX` (0x03). Pure and incremental:
 * feed it whatever a socket read returned (half a frame, three frames, noise between them) and it
 * reports every complete frame, and every run of bytes it had to throw away and why.
 *
 * Memory is bounded: a frame longer than `maxFrameBytes` is dropped as it grows (the rest of it is
 * skipped up to its ETX or the next STX), and a frame that stops arriving half-way is dropped
 * after `stallMs` of silence, so the next frame is never glued to the remains of a broken one.
 */
import { systemClock, type Clock, type TimerHandle } from '../clock';

export const STX = 0x02;
export const ETX = 0x03;

/** FIAS records are a few hundred bytes; 8 KB leaves room for long guest names and options. */
export const DEFAULT_MAX_FRAME_BYTES = 8192;
export const DEFAULT_STALL_MS = 10_000;

export type DiscardReason =
  /** Bytes outside any frame. */
  | 'garbage'
  /** A frame longer than the limit. */
  | 'too-long'
  /** A frame cut short by the next STX. */
  | 'restarted'
  /** A frame that stopped arriving before its ETX. */
  | 'stalled';

export type FramerEvent = { kind: 'frame'; bytes: Uint8Array } | { kind: 'discarded'; reason: DiscardReason; bytes: number };

export interface FiasFramerOptions {
  maxFrameBytes?: number;
  stallMs?: number;
  clock?: Clock;
}

type State = 'hunting' | 'in-frame' | 'skipping';

export class FiasFramer {
  private readonly buffer: Uint8Array;
  private length = 0;
  private state: State = 'hunting';
  /** Bytes thrown away in the current run (garbage, or the skipped tail of a too-long frame). */
  private skipped = 0;
  private stallTimer: TimerHandle | undefined;
  private readonly clock: Clock;
  private readonly stallMs: number;

  constructor(
    private readonly onEvent: (event: FramerEvent) => void,
    options: FiasFramerOptions = {},
  ) {
    this.buffer = new Uint8Array(Math.max(1, options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES));
    this.clock = options.clock ?? systemClock;
    this.stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  }

  /** Bytes held for an unfinished frame (never more than `maxFrameBytes`). */
  get buffered(): number {
    return this.length;
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) this.take(chunk[i]);
    // Garbage is reported once per chunk, not once per byte.
    if (this.state === 'hunting') this.flushSkipped('garbage');
    this.armStallTimer();
  }

  /** Forgets any partial frame (the connection was reset). */
  reset(): void {
    this.length = 0;
    this.skipped = 0;
    this.state = 'hunting';
    this.clock.clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  dispose(): void {
    this.reset();
  }

  private take(byte: number): void {
    switch (this.state) {
      case 'hunting':
        if (byte === STX) {
          this.flushSkipped('garbage');
          this.begin();
        } else this.skipped++;
        return;
      case 'in-frame':
        if (byte === ETX) {
          const bytes = this.buffer.slice(0, this.length);
          this.length = 0;
          this.state = 'hunting';
          this.onEvent({ kind: 'frame', bytes });
        } else if (byte === STX) {
          // The sender gave up on that frame and started another.
          this.onEvent({ kind: 'discarded', reason: 'restarted', bytes: this.length + 1 });
          this.begin();
        } else if (this.length === this.buffer.length) {
          this.skipped = this.length + 2;
          this.length = 0;
          this.state = 'skipping';
        } else {
          this.buffer[this.length++] = byte;
        }
        return;
      case 'skipping':
        if (byte === ETX) {
          this.skipped++;
          this.flushSkipped('too-long');
          this.state = 'hunting';
        } else if (byte === STX) {
          this.flushSkipped('too-long');
          this.begin();
        } else this.skipped++;
        return;
    }
  }

  private begin(): void {
    this.length = 0;
    this.state = 'in-frame';
  }

  private flushSkipped(reason: DiscardReason): void {
    if (this.skipped === 0) return;
    const bytes = this.skipped;
    this.skipped = 0;
    this.onEvent({ kind: 'discarded', reason, bytes });
  }

  /** While a frame is open, silence for `stallMs` drops it. */
  private armStallTimer(): void {
    this.clock.clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (this.state === 'hunting') return;
    this.stallTimer = this.clock.setTimeout(() => {
      this.stallTimer = undefined;
      if (this.state === 'hunting') return;
      const reason: DiscardReason = this.state === 'skipping' ? 'too-long' : 'stalled';
      const bytes = this.state === 'skipping' ? this.skipped : this.length + 1;
      this.length = 0;
      this.skipped = 0;
      this.state = 'hunting';
      this.onEvent({ kind: 'discarded', reason, bytes });
    }, this.stallMs);
  }
}

/** One frame on the wire: STX + bytes + ETX. */
export function frameBytes(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(content.length + 2);
  out[0] = STX;
  out.set(content, 1);
  out[out.length - 1] = ETX;
  return out;
}
