/** The FIAS framer and record codec: examples, then fast-check over arbitrary byte streams. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ETX, FiasFramer, STX, type FramerEvent } from '../../electron/services/pms/fias/framer';
import { decodeFrameText, encodeRecord, fieldOf, formatRecord, parseRecord } from '../../electron/services/pms/fias/record';
import { ManualClock } from './manual-clock';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const framed = (s: string) => Uint8Array.from([STX, ...bytes(s), ETX]);

function collect(options: { maxFrameBytes?: number; stallMs?: number } = {}) {
  const clock = new ManualClock();
  const events: FramerEvent[] = [];
  const framer = new FiasFramer((e) => events.push(e), { ...options, clock });
  const frames = () => events.flatMap((e) => (e.kind === 'frame' ? [Buffer.from(e.bytes).toString('latin1')] : []));
  const discarded = () => events.flatMap((e) => (e.kind === 'discarded' ? [`${e.reason}:${e.bytes}`] : []));
  return { clock, events, framer, frames, discarded };
}

/** Splits bytes into chunks at the given cut points. */
function chunked(all: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(all.subarray(from, p));
    from = p;
  }
  out.push(all.subarray(from));
  return out;
}

describe('FIAS framer', () => {
  it('reads the example record from the issue, whole', () => {
    const f = collect();
    f.framer.push(framed('KR|K#1|KC1|KTN|RN206|WS1|DA201214|DT12:00|G#16400|GA201215|GD201216|TI131253|KO|'));
    expect(f.frames()).toEqual(['KR|K#1|KC1|KTN|RN206|WS1|DA201214|DT12:00|G#16400|GA201215|GD201216|TI131253|KO|']);
    expect(f.discarded()).toEqual([]);
  });

  it('joins a frame that arrives in pieces, and splits frames that arrive together', () => {
    const f = collect();
    const two = Uint8Array.from([...framed('LS|DA261123|TI101010|'), ...framed('LA|')]);
    for (const b of two) f.framer.push(Uint8Array.of(b));
    f.framer.push(Uint8Array.from([...framed('KD|RN101|'), ...framed('KM|RN102|'), ...framed('LE|')]));
    expect(f.frames()).toEqual(['LS|DA261123|TI101010|', 'LA|', 'KD|RN101|', 'KM|RN102|', 'LE|']);
  });

  it('throws away bytes between frames and says how many', () => {
    const f = collect();
    f.framer.push(Uint8Array.from([...bytes('noise\r\n'), ...framed('LA|'), 0xff, 0x00, ETX, ...framed('LE|')]));
    expect(f.frames()).toEqual(['LA|', 'LE|']);
    expect(f.discarded()).toEqual(['garbage:7', 'garbage:3']);
  });

  it('resynchronises on the next STX when a frame never got its ETX', () => {
    const f = collect();
    f.framer.push(Uint8Array.from([STX, ...bytes('KR|RN1'), ...framed('KR|RN2|')]));
    expect(f.frames()).toEqual(['KR|RN2|']);
    expect(f.discarded()).toEqual(['restarted:7']);
  });

  it('drops a frame that stops arriving, after the stall time, so the next one is not glued to it', () => {
    const f = collect({ stallMs: 1000 });
    f.framer.push(Uint8Array.from([STX, ...bytes('KR|RN1')]));
    expect(f.framer.buffered).toBe(6);
    f.clock.advance(999);
    expect(f.discarded()).toEqual([]);
    f.clock.advance(1);
    expect(f.discarded()).toEqual(['stalled:7']);
    expect(f.framer.buffered).toBe(0);
    f.framer.push(bytes(`RN9|${String.fromCharCode(ETX)}`));
    f.framer.push(framed('LA|'));
    expect(f.frames()).toEqual(['LA|']);
  });

  it('never holds more than the frame limit for a frame that never ends', () => {
    const f = collect({ maxFrameBytes: 64 });
    f.framer.push(Uint8Array.of(STX));
    for (let i = 0; i < 1000; i++) {
      f.framer.push(bytes('x'.repeat(100)));
      expect(f.framer.buffered).toBeLessThanOrEqual(64);
    }
    f.framer.push(Uint8Array.from([ETX, ...framed('LA|')]));
    expect(f.frames()).toEqual(['LA|']);
    expect(f.discarded()).toEqual([`too-long:${1 + 100_000 + 1}`]);
  });

  it('fuzz: any bytes in any chunks never throw, stay bounded, and every byte is accounted for', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.integer({ min: 1, max: 300 }),
        (input, cuts, max) => {
          const f = collect({ maxFrameBytes: max, stallMs: 50 });
          for (const chunk of chunked(input, cuts)) {
            f.framer.push(chunk);
            expect(f.framer.buffered).toBeLessThanOrEqual(max);
          }
          f.clock.advance(50);
          let seen = 0;
          for (const e of f.events) seen += e.kind === 'frame' ? e.bytes.length + 2 : e.bytes;
          expect(seen).toBe(input.length);
          expect(f.clock.pending).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fuzz: records framed and sent with garbage between them, in any chunks, come out whole and in order', () => {
    const recordText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 });
    // Garbage between frames holds no STX (an STX would start a frame).
    const garbage = fc.uint8Array({ maxLength: 30 }).map((g) => g.filter((b) => b !== STX));
    fc.assert(
      fc.property(fc.array(fc.tuple(garbage, recordText), { maxLength: 15 }), fc.array(fc.nat(), { maxLength: 30 }), (parts, cuts) => {
        const f = collect();
        const stream = Uint8Array.from(parts.flatMap(([g, text]) => [...g, ...framed(text)]));
        for (const chunk of chunked(stream, cuts)) f.framer.push(chunk);
        expect(f.frames()).toEqual(parts.map(([, text]) => text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('FIAS records', () => {
  it('reads types and two-character fields, empty values included', () => {
    const parsed = parseRecord('KR|K#2|KC1|KTN|RN1203|KO|');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record.type).toBe('KR');
    expect(fieldOf(parsed.record, 'K#')).toBe('2');
    expect(fieldOf(parsed.record, 'KO')).toBe('');
    expect(fieldOf(parsed.record, 'GN')).toBeUndefined();
    expect(parseRecord('LS').ok).toBe(true);
  });

  it('refuses what is not a record, saying why', () => {
    expect(parseRecord('')).toEqual({ ok: false, reason: 'empty record' });
    expect(parseRecord('K|RN1|')).toMatchObject({ ok: false, reason: expect.stringContaining('record type') });
    expect(parseRecord('KR|R|')).toMatchObject({ ok: false, reason: expect.stringContaining('field id') });
    expect(parseRecord('KR|RN1\u0007|')).toMatchObject({ ok: false, reason: expect.stringContaining('U+0007') });
  });

  it('never lets a value break the record: separators and control characters are replaced', () => {
    const text = formatRecord('KA', [['CT', 'room 1|2\u0003\u0002']]);
    expect(text).toBe('KA|CTroom 1/2  |');
  });

  it('decodes UTF-8 names, and Latin-1 from older systems', () => {
    expect(decodeFrameText(Buffer.from('GN张伟', 'utf8'))).toBe('GN张伟');
    expect(decodeFrameText(Uint8Array.of(0x47, 0x4e, 0xe9))).toBe('GNé');
  });

  it('fuzz: format then parse gives back the type and every field', () => {
    const id = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#'.split('')), minLength: 2, maxLength: 2 });
    const type = id.filter((t) => !t.includes('#'));
    // eslint-disable-next-line no-control-regex
    const value = fc.string({ maxLength: 40 }).filter((v) => !/[|\u0000-\u001f\u007f]/.test(v));
    fc.assert(
      fc.property(type, fc.array(fc.tuple(id, value), { maxLength: 12 }), (t, fields) => {
        const bytesOnWire = encodeRecord({ type: t, fields });
        expect(bytesOnWire[0]).toBe(STX);
        expect(bytesOnWire[bytesOnWire.length - 1]).toBe(ETX);
        const parsed = parseRecord(decodeFrameText(bytesOnWire.subarray(1, -1)));
        expect(parsed).toEqual({ ok: true, record: { type: t, fields: fields.map(([i, v]) => [i, v]) } });
      }),
      { numRuns: 500 },
    );
  });
});
