/**
 * Keyboard-wedge card capture, DOM-free. USB card readers "type" the card number followed by Enter,
 * far faster than a person can: feed every key event here (`{ key, timeStamp }`, e.g. straight from
 * a KeyboardEvent) and it tells a reader's burst from a person typing. The UI decides what to do
 * with `pending` keys (e.g. hold them back from a focused field until the burst is decided).
 */

export interface WedgeKey {
  /** `KeyboardEvent.key`: `'0'`..`'9'`, `'a'`..`'f'`, `'Enter'`, `'Shift'`, ... */
  key: string;
  /** Milliseconds, any monotonic clock (`KeyboardEvent.timeStamp`). */
  timeStamp: number;
}

export interface WedgeOptions {
  /** Longest gap between two keys of a reader burst, ms. Readers type every 5-30 ms; people rarely keep under 80 ms. */
  maxGapMs: number;
  /** Shortest card number accepted. */
  minLength: number;
  maxLength: number;
  /** Characters a card number is made of. */
  charset: RegExp;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxGapMs: 50,
  minLength: 6,
  maxLength: 24,
  charset: /^[0-9A-Fa-f]$/,
};

export type WedgeVerdict =
  /** A reader's burst ended by Enter: `text` is the card number it typed. */
  | { kind: 'card'; text: string }
  /** The key may be part of a reader burst; not decided yet. */
  | { kind: 'pending' }
  /** A person typing (or the burst broke): `text` is what was held back, if anything. */
  | { kind: 'typing'; text: string }
  /** A key readers send along (Shift) that neither starts nor breaks a burst. */
  | { kind: 'ignored' };

const PASS_THROUGH = new Set(['Shift', 'CapsLock', 'NumLock', 'Unidentified']);

export class KeyboardWedge {
  private readonly options: WedgeOptions;
  private chars = '';
  private last = 0;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  feed(event: WedgeKey): WedgeVerdict {
    const { key, timeStamp } = event;
    if (PASS_THROUGH.has(key)) return { kind: 'ignored' };
    const gapOk = this.chars.length > 0 && timeStamp - this.last <= this.options.maxGapMs && timeStamp >= this.last;

    if (key === 'Enter') {
      const text = this.chars;
      const isCard = gapOk && text.length >= this.options.minLength;
      this.reset();
      return isCard ? { kind: 'card', text } : { kind: 'typing', text };
    }

    if (key.length !== 1 || !this.options.charset.test(key)) {
      const text = this.chars;
      this.reset();
      return { kind: 'typing', text };
    }

    if (this.chars.length > 0 && !gapOk) {
      // Too slow for a reader: what was held back is a person's typing; this key may start a burst.
      const text = this.chars;
      this.chars = key;
      this.last = timeStamp;
      return { kind: 'typing', text };
    }
    if (this.chars.length >= this.options.maxLength) {
      const text = this.chars + key;
      this.reset();
      return { kind: 'typing', text };
    }
    this.chars += key;
    this.last = timeStamp;
    return { kind: 'pending' };
  }

  /** Call when no key came for a while (e.g. `maxGapMs` after the last one): releases held keys. */
  expire(now: number): WedgeVerdict {
    if (this.chars.length === 0 || now - this.last <= this.options.maxGapMs) return { kind: 'pending' };
    const text = this.chars;
    this.reset();
    return { kind: 'typing', text };
  }

  reset(): void {
    this.chars = '';
    this.last = 0;
  }
}
