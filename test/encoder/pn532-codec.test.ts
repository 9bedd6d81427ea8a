import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACK_FRAME,
  encodeCommand,
  encodeFrame,
  encodeResponse,
  ERROR_FRAME,
  NACK_FRAME,
  Pn532Framer,
  TFI_PN532_TO_HOST,
  type FramerEvent,
} from '../../electron/services/encoder/pn532/codec';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const frames = (events: FramerEvent[]) => events.filter((e) => e.kind !== 'invalid');

function feedInChunks(framer: Pn532Framer, bytes: Uint8Array, cuts: number[]): FramerEvent[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: FramerEvent[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...framer.push(bytes.subarray(prev, p)));
    prev = p;
  }
  return out;
}

/** Pushes, then flushes as a host would on a read timeout, until nothing is left. */
function decodeAll(bytes: Uint8Array, cuts: number[] = []): FramerEvent[] {
  const framer = new Pn532Framer();
  const out = feedInChunks(framer, bytes, cuts);
  for (let i = 0; i < 50 && framer.pending > 0; i++) out.push(...framer.flush());
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('PN532 frame encoding', () => {
  it('builds the GetFirmwareVersion command exactly as UM0701 shows it', () => {
    expect(encodeCommand(0x02)).toEqual(hex('0000FF02FED4022A00'));
  });

  it('builds SAMConfiguration normal mode', () => {
    expect(encodeCommand(0x14, [0x01, 0x14, 0x01])).toEqual(hex('0000FF05FBD4140114010200'));
  });

  it('uses an extended frame above 254 data bytes, with a valid length checksum', () => {
    const data = new Uint8Array(300).fill(0xab);
    const f = encodeFrame(0xd4, data);
    expect([...f.subarray(0, 5)]).toEqual([0x00, 0x00, 0xff, 0xff, 0xff]);
    expect((f[5] + f[6] + f[7]) & 0xff).toBe(0);
    expect((f[5] << 8) | f[6]).toBe(301);
    const [ev] = decodeAll(f);
    expect(ev).toMatchObject({ kind: 'info', extended: true });
    expect((ev as { data: Uint8Array }).data).toEqual(data);
  });
});

describe('PN532 framer', () => {
  it('decodes ACK, NACK, the error frame and a response', () => {
    const resp = encodeResponse(0x02, [0x32, 0x01, 0x06, 0x07]);
    const ev = decodeAll(concat(ACK_FRAME, resp, NACK_FRAME, ERROR_FRAME));
    expect(ev.map((e) => e.kind)).toEqual(['ack', 'info', 'nack', 'error']);
    expect(ev[1]).toMatchObject({ tfi: TFI_PN532_TO_HOST });
    expect([...(ev[1] as { data: Uint8Array }).data]).toEqual([0x03, 0x32, 0x01, 0x06, 0x07]);
  });

  it('reassembles a frame delivered one byte at a time', () => {
    const framer = new Pn532Framer();
    const resp = encodeResponse(0x4a, [0x01, 0x01, 0x00, 0x04, 0x08, 0x04, 0x04, 0xa2, 0x2b, 0x1c]);
    const out: FramerEvent[] = [];
    for (const b of resp) out.push(...framer.push(Uint8Array.of(b)));
    expect(out).toHaveLength(1);
    expect(out[0].kind).toBe('info');
  });

  it('reports a bad data checksum and still finds the next frame', () => {
    const bad = encodeResponse(0x02, [0x32, 0x01, 0x06, 0x07]);
    bad[bad.length - 2] ^= 0xff;
    const good = encodeResponse(0x14, []);
    const ev = decodeAll(concat(bad, good));
    expect(ev.some((e) => e.kind === 'invalid' && e.reason === 'data-checksum')).toBe(true);
    expect(frames(ev)).toHaveLength(1);
    expect((frames(ev)[0] as { data: Uint8Array }).data[0]).toBe(0x15);
  });

  it('rejects a bad length checksum and a missing postamble', () => {
    expect(decodeAll(hex('0000FF03FCD5150000')).some((e) => e.kind === 'invalid' && e.reason === 'length-checksum')).toBe(true);
    const noPost = encodeResponse(0x14, []);
    noPost[noPost.length - 1] = 0x42;
    expect(decodeAll(noPost).some((e) => e.kind === 'invalid' && e.reason === 'postamble')).toBe(true);
  });

  it('gives up on a truncated frame when flushed, and decodes what follows', () => {
    const framer = new Pn532Framer();
    const resp = encodeResponse(0x02, [0x32, 0x01, 0x06, 0x07]);
    expect(framer.push(resp.subarray(0, 6))).toEqual([]);
    expect(framer.flush().some((e) => e.kind === 'invalid' && e.reason === 'abandoned')).toBe(true);
    expect(framer.pending).toBe(0);
    expect(frames(framer.push(ACK_FRAME))).toEqual([{ kind: 'ack' }]);
  });
});

const arbFrame = fc.oneof(
  fc.constant(ACK_FRAME),
  fc.constant(NACK_FRAME),
  fc.constant(ERROR_FRAME),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((d) => encodeFrame(TFI_PN532_TO_HOST, d)),
  fc.uint8Array({ minLength: 255, maxLength: 300 }).map((d) => encodeFrame(0xd4, d)),
);

function sameFrame(a: FramerEvent, b: FramerEvent): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'info' && b.kind === 'info') return a.tfi === b.tfi && Buffer.from(a.data).equals(Buffer.from(b.data));
  return true;
}

describe('PN532 framer properties', () => {
  it('never throws, whatever bytes arrive and however they are split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        decodeAll(bytes, cuts);
      }),
      { numRuns: 500 },
    );
  });

  it('never loses a valid frame after noise, and always resynchronises', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.array(arbFrame, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 15 }),
        (noise, valid, cuts) => {
          const expected = valid.flatMap((f) => frames(decodeAll(f)));
          expect(expected).toHaveLength(valid.length);
          const got = frames(decodeAll(concat(noise, ...valid), cuts));
          // Noise may itself hold frame-shaped bytes; the real frames are the last ones decoded, in order.
          const tail = got.slice(-expected.length);
          expect(tail.length).toBe(expected.length);
          tail.forEach((ev, i) => expect(sameFrame(ev, expected[i])).toBe(true));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('finds a frame hidden behind a false start code with a plausible length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), arbFrame, (len, frame) => {
        // `00 FF LEN LCS`: a header that passes its checksum, then the real frame arrives.
        const fake = Uint8Array.of(0x00, 0xff, len, (0x100 - len) & 0xff);
        const got = frames(decodeAll(concat(fake, frame)));
        expect(got.length).toBeGreaterThanOrEqual(1);
        expect(sameFrame(got[got.length - 1], frames(decodeAll(frame))[0])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
