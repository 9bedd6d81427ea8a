/**
 * RDM6300-style 125 kHz ASCII frames: `02`, 10 ASCII hex digits (version/customer byte + 4-byte
 * card number), 2 ASCII hex digits of checksum (XOR of the 5 bytes), `03`. Pure and incremental;
 * resynchronises on the next `02` after noise or a bad frame.
 */

export const STX = 0x02;
export const ETX = 0x03;
const FRAME_LENGTH = 14;

export type Rdm6300Event = { kind: 'card'; id: Uint8Array } | { kind: 'invalid'; reason: 'checksum' | 'not-hex' | 'no-etx' };

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export function encodeRdm6300(id: Uint8Array): Uint8Array {
  if (id.length !== 5) throw new RangeError('RDM6300 ids are 5 bytes');
  const checksum = id.reduce((a, b) => a ^ b, 0);
  const text = [...id, checksum].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return Uint8Array.from([STX, ...Array.from(text, (ch) => ch.charCodeAt(0)), ETX]);
}

export class Rdm6300Framer {
  private buf: number[] = [];

  push(chunk: Uint8Array): Rdm6300Event[] {
    const events: Rdm6300Event[] = [];
    for (const byte of chunk) {
      if (byte === STX) {
        if (this.buf.length > 0) events.push({ kind: 'invalid', reason: 'no-etx' });
        this.buf = [STX];
        continue;
      }
      if (this.buf.length === 0) continue; // noise between frames
      this.buf.push(byte);
      if (this.buf.length === FRAME_LENGTH) {
        events.push(this.decode(this.buf));
        this.buf = [];
      }
    }
    return events;
  }

  private decode(frame: number[]): Rdm6300Event {
    if (frame[FRAME_LENGTH - 1] !== ETX) return { kind: 'invalid', reason: 'no-etx' };
    const bytes: number[] = [];
    for (let i = 1; i < 13; i += 2) {
      const hi = hexValue(frame[i]);
      const lo = hexValue(frame[i + 1]);
      if (hi < 0 || lo < 0) return { kind: 'invalid', reason: 'not-hex' };
      bytes.push((hi << 4) | lo);
    }
    const id = Uint8Array.from(bytes.slice(0, 5));
    const checksum = id.reduce((a, b) => a ^ b, 0);
    if (checksum !== bytes[5]) return { kind: 'invalid', reason: 'checksum' };
    return { kind: 'card', id };
  }
}
