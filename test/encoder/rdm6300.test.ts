import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../electron/services/encoder/bytes';
import { encodeRdm6300, Rdm6300Framer } from '../../electron/services/encoder/rdm6300/codec';
import { Rdm6300Driver } from '../../electron/services/encoder/rdm6300/driver';
import { formatSerial } from '../../electron/services/encoder/serial-format';
import { openSerial, serialOpener } from '../../electron/services/encoder/transports/serial';
import type { ByteTransport } from '../../electron/services/encoder/types';
import { needs, SOCAT } from '../system-requirements';
import { PtyPair, waitFor } from './pty';

const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('RDM6300 framing', () => {
  it('decodes a frame and checks its XOR checksum', () => {
    // 0x62 ^ 0xE3 ^ 0x08 ^ 0x6C ^ 0xED = 0x08
    const frame = ascii('\x0262E3086CED08\x03');
    expect(new Rdm6300Framer().push(frame)).toEqual([{ kind: 'card', id: Uint8Array.of(0x62, 0xe3, 0x08, 0x6c, 0xed) }]);
    expect(encodeRdm6300(Uint8Array.of(0x62, 0xe3, 0x08, 0x6c, 0xed))).toEqual(frame);
  });

  it('rejects a bad checksum, non-hex digits and a missing ETX', () => {
    const f = new Rdm6300Framer();
    expect(f.push(ascii('\x0262E3086CED09\x03'))).toEqual([{ kind: 'invalid', reason: 'checksum' }]);
    expect(f.push(ascii('\x0262E3086CEZ08\x03'))).toEqual([{ kind: 'invalid', reason: 'not-hex' }]);
    expect(f.push(ascii('\x0262E3086CED08X'))).toEqual([{ kind: 'invalid', reason: 'no-etx' }]);
  });

  it('recovers after a truncated frame and noise', () => {
    const good = encodeRdm6300(Uint8Array.of(1, 2, 3, 4, 5));
    const events = new Rdm6300Framer().push(Uint8Array.from([0x41, 0x02, 0x31, 0x32, 0xff, ...good]));
    expect(events.at(-1)).toEqual({ kind: 'card', id: Uint8Array.of(1, 2, 3, 4, 5) });
  });

  it('never throws and always finds a frame that follows noise, however it is split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.nat(20), (noise, id, cut) => {
        const bytes = Uint8Array.from([...noise, ...encodeRdm6300(id)]);
        const f = new Rdm6300Framer();
        const at = cut % (bytes.length + 1);
        const events = [...f.push(bytes.subarray(0, at)), ...f.push(bytes.subarray(at))];
        expect(events.at(-1)).toEqual({ kind: 'card', id });
      }),
      { numRuns: 500 },
    );
  });

  it('formats the 4-byte card number the way EM cards are printed', () => {
    // 0x086CED = the number on the card: 00 08 6C ED -> 0000552173
    expect(formatSerial(Uint8Array.of(0x00, 0x08, 0x6c, 0xed), 'dec')).toBe('0000552173');
  });
});

const noSocat = needs('RDM6300 driver over a pty', SOCAT);

let pty: PtyPair | undefined;
let driver: Rdm6300Driver | undefined;
let device: ByteTransport | undefined;
afterEach(async () => {
  await driver?.close();
  await device?.close();
  await pty?.dispose();
  driver = undefined;
  device = undefined;
  pty = undefined;
});

describe.skipIf(noSocat)('RDM6300 driver over a pty', () => {
  it('collapses repeats into one card-present and reports removal when repeats stop', async () => {
    pty = new PtyPair();
    await pty.start();
    device = await openSerial({ path: pty.b, baudRate: 9600 });
    driver = new Rdm6300Driver({ open: serialOpener({ path: pty.a, baudRate: 9600 }), port: pty.a, removeAfterMs: 1500 });
    const seen: string[] = [];
    driver.on('card-present', (c) => seen.push(`+${toHex(c.uid)}/${toHex(c.serialBytes)}`));
    driver.on('card-removed', (c) => seen.push(`-${toHex(c.uid)}`));
    await driver.open();
    expect(driver.status()).toMatchObject({ state: 'ready' });

    const frame = encodeRdm6300(Uint8Array.of(0x62, 0xe3, 0x08, 0x6c, 0xed));
    const corrupt = Uint8Array.from(frame);
    corrupt[12] = 0x39; // checksum 09 instead of 08
    for (let i = 0; i < 6; i++) {
      await device.write(i === 2 ? corrupt : frame);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual(['+62E3086CED/E3086CED']);
    await waitFor(() => seen.length === 2, 5000, 'card removal');
    expect(seen[1]).toBe('-62E3086CED');
    expect(driver.invalidFrames).toBe(1);
  });
});
