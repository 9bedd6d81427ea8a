import { describe, expect, it } from 'vitest';
import { BootKeyboardDecoder } from '../../electron/services/encoder/hid/keyboard-report';
import { HidKeyboardDriver } from '../../electron/services/encoder/hid/driver';
import { typedNumberToBytes } from '../../electron/services/encoder/hid/typed-number';
import { toHex } from '../../electron/services/encoder/bytes';
import { createMemoryLink } from '../../electron/services/encoder/transports/memory';
import { LIBUSB, needs } from '../system-requirements';
import { waitFor } from './pty';

const r = (...bytes: number[]) => Uint8Array.from([...bytes, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8));
const RELEASE = r(0, 0);

/**
 * Recorded from a 125 kHz USB keyboard reader (ffff:0035) presenting card 0000552173: each key is a
 * press report followed by an all-zero release report, then Enter.
 */
const RECORDED_0000552173 = [
  r(0, 0, 0x27),
  RELEASE,
  r(0, 0, 0x27),
  RELEASE,
  r(0, 0, 0x27),
  RELEASE,
  r(0, 0, 0x27),
  RELEASE,
  r(0, 0, 0x22),
  RELEASE,
  r(0, 0, 0x22),
  RELEASE,
  r(0, 0, 0x1f),
  RELEASE,
  r(0, 0, 0x1e),
  RELEASE,
  r(0, 0, 0x24),
  RELEASE,
  r(0, 0, 0x20),
  RELEASE,
  r(0, 0, 0x28),
  RELEASE,
];

/** A 13.56 MHz reader typing hex with Shift for upper case, key rollover (next key pressed before release). */
const RECORDED_HEX_ROLLOVER = [
  r(0, 0, 0x27),
  r(0, 0, 0x27, 0x21),
  r(0, 0, 0x21),
  r(0x02, 0, 0x04),
  RELEASE, // 0 4 A
  r(0, 0, 0x1f),
  RELEASE,
  r(0x02, 0, 0x05),
  RELEASE,
  r(0, 0, 0x1f),
  RELEASE, // 2 B 2
  r(0, 0, 0x1e),
  RELEASE,
  r(0x20, 0, 0x06),
  RELEASE,
  r(0, 0, 0x58),
  RELEASE, // 1 C keypad-Enter
];

function decodeAll(reports: Uint8Array[]): string[] {
  const d = new BootKeyboardDecoder();
  return reports.map((x) => d.push(x)).filter((x): x is string => x !== undefined);
}

describe('HID boot-keyboard report decoding', () => {
  it('decodes a recorded decimal card number', () => {
    expect(decodeAll(RECORDED_0000552173)).toEqual(['0000552173']);
  });

  it('handles rollover, Shift and keypad Enter', () => {
    expect(decodeAll(RECORDED_HEX_ROLLOVER)).toEqual(['04A2B21C']);
  });

  it('does not double a key held across reports, but types a repeated key after a release', () => {
    expect(decodeAll([r(0, 0, 0x1e), r(0, 0, 0x1e), RELEASE, r(0, 0, 0x1e), RELEASE, r(0, 0, 0x28)])).toEqual(['11']);
  });

  it('ignores rollover-error reports and accepts a leading report ID', () => {
    const withId = (rep: Uint8Array) => Uint8Array.from([0, ...rep]);
    expect(decodeAll([r(0, 0, 1, 1, 1, 1, 1, 1), withId(r(0, 0, 0x1e)), withId(RELEASE), withId(r(0, 0, 0x28))])).toEqual(['1']);
  });

  it('turns typed numbers back into card bytes', () => {
    expect(toHex(typedNumberToBytes('0000552173')!)).toBe('00086CED');
    expect(toHex(typedNumberToBytes('04a22b1c')!)).toBe('04A22B1C');
    expect(typedNumberToBytes('hello')).toBeUndefined();
  });
});

describe('HID keyboard driver (recorded reports through an in-memory transport)', () => {
  it('emits one card per typed number and a removal afterwards', async () => {
    const link = createMemoryLink('hid');
    const driver = new HidKeyboardDriver({ open: async () => link.host, port: 'ffff:0035', removeAfterMs: 100 });
    const seen: string[] = [];
    driver.on('card-present', (c) => seen.push(`+${toHex(c.uid)}`));
    driver.on('card-removed', (c) => seen.push(`-${toHex(c.uid)}`));
    await driver.open();
    for (const report of RECORDED_0000552173) await link.device.write(report);
    await waitFor(() => seen.length === 2, 3000, 'card and removal');
    expect(seen).toEqual(['+00086CED', '-00086CED']);
    await driver.close();
  });

  it('reports disconnected when the device goes away', async () => {
    const link = createMemoryLink('hid');
    const driver = new HidKeyboardDriver({ open: async () => link.host, port: 'ffff:0035', timing: { reconnectMs: 5000 } });
    await driver.open();
    link.host.sever('unplugged');
    await waitFor(() => driver.status().state === 'disconnected', 3000, 'disconnected');
    expect(driver.status()).toMatchObject({ error: { code: 'encoder.disconnected', params: { port: 'ffff:0035' } } });
    await driver.close();
  });
});

describe.skipIf(needs('HID transport (real node-hid)', LIBUSB))('HID transport (real node-hid)', () => {
  it('says the device is missing when no such HID device exists', async () => {
    const { openHid, listHidDevices } = await import('../../electron/services/encoder/transports/hid');
    const err = await openHid('/dev/hidraw-does-not-exist').catch((e: unknown) => e);
    expect(err).toMatchObject({ error: { code: 'encoder.port-missing', params: { port: '/dev/hidraw-does-not-exist' } } });
    const plugged = (await listHidDevices()).some((d) => d.vendorId === 0xffff && d.productId === 0x0035);
    if (!plugged) {
      const byId = await openHid('ffff:0035').catch((e: unknown) => e);
      expect(byId).toMatchObject({ error: { code: 'encoder.port-missing' } });
    }
  });
});
