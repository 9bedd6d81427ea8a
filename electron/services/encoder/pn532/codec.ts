/**
 * PN532 host-link (HSU) frame codec, UM0701 §6.2. Pure and incremental: feed it whatever bytes a
 * read returned, get back every complete frame, and it resynchronises on the `00 FF` start code
 * after noise, truncated frames or bad checksums.
 */

export const TFI_HOST_TO_PN532 = 0xd4;
export const TFI_PN532_TO_HOST = 0xd5;
/** TFI of the application-level error frame `00 00 FF 01 FF 7F 81 00`. */
export const TFI_ERROR = 0x7f;

export const ACK_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);
export const NACK_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0xff, 0x00, 0x00);
export const ERROR_FRAME = Uint8Array.of(0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00);
/** Wake-up preamble for a sleeping PN532 on HSU: a long 0x55 burst, then zeros (UM0701 §7.2.11). */
export const WAKE_UP = Uint8Array.of(0x55, 0x55, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

/** The PN532 buffer holds 265 bytes; anything claiming far more is noise. */
export const MAX_FRAME_DATA = 512;

export type Pn532Frame =
  | { kind: 'ack' }
  | { kind: 'nack' }
  | { kind: 'error' }
  /** `data` is TFI-less: command code first, then its parameters. */
  | { kind: 'info'; tfi: number; data: Uint8Array; extended: boolean };

export type InvalidReason = 'length-checksum' | 'data-checksum' | 'postamble' | 'length' | 'abandoned';

export type FramerEvent = Pn532Frame | { kind: 'invalid'; reason: InvalidReason; skipped: number };

function sum(bytes: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s = (s + bytes[i]) & 0xff;
  return s;
}

/** Builds a normal (or, above 254 data bytes, extended) information frame. */
export function encodeFrame(tfi: number, data: Uint8Array | readonly number[]): Uint8Array {
  const body = Uint8Array.from(data);
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError('PN532 frame too long');
  const extended = len > 0xff;
  const head = extended
    ? [0x00, 0x00, 0xff, 0xff, 0xff, len >> 8, len & 0xff, (0x100 - (((len >> 8) + len) & 0xff)) & 0xff]
    : [0x00, 0x00, 0xff, len, (0x100 - len) & 0xff];
  const out = new Uint8Array(head.length + len + 2);
  out.set(head, 0);
  out[head.length] = tfi;
  out.set(body, head.length + 1);
  const dcs = (0x100 - ((tfi + sum(body, 0, body.length)) & 0xff)) & 0xff;
  out[head.length + len] = dcs;
  out[head.length + len + 1] = 0x00;
  return out;
}

export function encodeCommand(command: number, params: Uint8Array | readonly number[] = []): Uint8Array {
  return encodeFrame(TFI_HOST_TO_PN532, [command, ...params]);
}

export function encodeResponse(command: number, params: Uint8Array | readonly number[] = []): Uint8Array {
  return encodeFrame(TFI_PN532_TO_HOST, [(command + 1) & 0xff, ...params]);
}

type Parse = { done: false } | { done: true; consumed: number; event: FramerEvent } | { done: true; reject: InvalidReason };

/** Parses a frame whose start code `00 FF` sits at `start`. */
function parseAt(buf: Uint8Array, start: number): Parse {
  const p = start + 2;
  const avail = buf.length - p;
  if (avail < 2) return { done: false };
  const b0 = buf[p];
  const b1 = buf[p + 1];
  const postambleLen = (at: number) => (at < buf.length && buf[at] === 0x00 ? 1 : 0);
  if (b0 === 0x00 && b1 === 0xff) {
    const end = p + 2;
    return { done: true, consumed: end - start + postambleLen(end), event: { kind: 'ack' } };
  }
  if (b0 === 0xff && b1 === 0x00) {
    const end = p + 2;
    return { done: true, consumed: end - start + postambleLen(end), event: { kind: 'nack' } };
  }
  let len: number;
  let bodyAt: number;
  let extended = false;
  if (b0 === 0xff && b1 === 0xff) {
    if (avail < 5) return { done: false };
    const lm = buf[p + 2];
    const ll = buf[p + 3];
    const lcs = buf[p + 4];
    if (((lm + ll + lcs) & 0xff) !== 0) return { done: true, reject: 'length-checksum' };
    len = (lm << 8) | ll;
    bodyAt = p + 5;
    extended = true;
  } else {
    if (((b0 + b1) & 0xff) !== 0) return { done: true, reject: 'length-checksum' };
    len = b0;
    bodyAt = p + 2;
  }
  if (len < 1 || len > MAX_FRAME_DATA) return { done: true, reject: 'length' };
  // body (TFI + data), DCS, postamble
  if (buf.length < bodyAt + len + 2) return { done: false };
  const dcs = buf[bodyAt + len];
  if (((sum(buf, bodyAt, bodyAt + len) + dcs) & 0xff) !== 0) return { done: true, reject: 'data-checksum' };
  if (buf[bodyAt + len + 1] !== 0x00) return { done: true, reject: 'postamble' };
  const consumed = bodyAt + len + 2 - start;
  const tfi = buf[bodyAt];
  if (tfi === TFI_ERROR && len === 1) return { done: true, consumed, event: { kind: 'error' } };
  const data = buf.slice(bodyAt + 1, bodyAt + len);
  return { done: true, consumed, event: { kind: 'info', tfi, data, extended } };
}

function findStartCode(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.length; i++) {
    if (buf[i] === 0x00 && buf[i + 1] === 0xff) return i;
  }
  return -1;
}

/**
 * Incremental framer. A candidate frame that fails a check is reported as `invalid` and only its
 * start code is dropped, so a real frame hidden inside a false start is still found.
 */
export class Pn532Framer {
  private buf = new Uint8Array(0);
  /** Bytes before the current start code that were skipped as noise, reported with the next event. */
  private noise = 0;

  push(chunk: Uint8Array): FramerEvent[] {
    if (chunk.length > 0) {
      const next = new Uint8Array(this.buf.length + chunk.length);
      next.set(this.buf, 0);
      next.set(chunk, this.buf.length);
      this.buf = next;
    }
    return this.drain();
  }

  /**
   * The line went quiet with an incomplete frame buffered: give up on it and look for a frame
   * further on. Call on a read timeout; a no-op when nothing is pending.
   */
  flush(): FramerEvent[] {
    const events: FramerEvent[] = [];
    while (this.buf.length > 0) {
      const start = findStartCode(this.buf, 0);
      if (start < 0) {
        this.dropNoise(this.buf.length);
        break;
      }
      this.dropNoise(start + 1);
      events.push({ kind: 'invalid', reason: 'abandoned', skipped: this.takeNoise() });
      events.push(...this.drain());
      if (findStartCode(this.buf, 0) < 0) break;
    }
    return events;
  }

  /** Bytes waiting for the rest of a frame. */
  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
    this.noise = 0;
  }

  private drain(): FramerEvent[] {
    const events: FramerEvent[] = [];
    let pos = 0;
    for (;;) {
      const start = findStartCode(this.buf, pos);
      if (start < 0) {
        // keep a trailing 00: it may be the first half of a start code
        const keepFrom = this.buf.length > 0 && this.buf[this.buf.length - 1] === 0x00 ? this.buf.length - 1 : this.buf.length;
        this.noise += keepFrom - pos;
        pos = keepFrom;
        break;
      }
      this.noise += start - pos;
      pos = start;
      const r = parseAt(this.buf, start);
      if (!r.done) break;
      if ('reject' in r) {
        this.noise += 1;
        pos = start + 1;
        events.push({ kind: 'invalid', reason: r.reject, skipped: this.takeNoise() });
        continue;
      }
      pos = start + r.consumed;
      this.noise = 0;
      events.push(r.event);
    }
    this.buf = pos === 0 ? this.buf : this.buf.slice(pos);
    // Preamble zeros and wake-up bytes are expected between frames; they are not reported as noise.
    return events;
  }

  private dropNoise(n: number): void {
    this.noise += n;
    this.buf = this.buf.slice(n);
  }

  private takeNoise(): number {
    const n = this.noise;
    this.noise = 0;
    return n;
  }
}
