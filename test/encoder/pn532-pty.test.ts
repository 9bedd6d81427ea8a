/** The real PN532 driver over real ptys (socat), against the emulator and against scripted byte streams. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from '../../electron/services/encoder/bytes';
import { ACK_FRAME, encodeResponse, ERROR_FRAME, NACK_FRAME, Pn532Framer } from '../../electron/services/encoder/pn532/codec';
import { Pn532Driver } from '../../electron/services/encoder/pn532/driver';
import { Pn532Emulator } from '../../electron/services/encoder/pn532/emulator';
import { openSerial, serialOpener } from '../../electron/services/encoder/transports/serial';
import type { ByteTransport, CardPresence } from '../../electron/services/encoder/types';
import { StationFailure } from '../../electron/services/failure';
import { needs, SOCAT } from '../system-requirements';
import { PtyPair, waitFor } from './pty';

const noSocat = needs('PN532 driver over real ptys', SOCAT);

let pty: PtyPair;
let device: ByteTransport | undefined;
let driver: Pn532Driver | undefined;

beforeEach(async () => {
  if (noSocat) return;
  pty = new PtyPair();
  await pty.start();
});

afterEach(async () => {
  await driver?.close();
  await device?.close();
  driver = undefined;
  device = undefined;
  await pty?.dispose();
});

function newDriver(extra: Partial<ConstructorParameters<typeof Pn532Driver>[0]> = {}): Pn532Driver {
  driver = new Pn532Driver({ open: serialOpener({ path: pty.a, baudRate: 115200 }), port: pty.a, ...extra });
  return driver;
}

async function startEmulator(): Promise<Pn532Emulator> {
  device = await openSerial({ path: pty.b, baudRate: 115200 });
  const emulator = new Pn532Emulator();
  emulator.attach(device);
  return emulator;
}

function collect(d: Pn532Driver) {
  const seen: string[] = [];
  d.on('card-present', (c: CardPresence) => seen.push(`+${toHex(c.uid)}:${c.cardType}`));
  d.on('card-removed', (c: CardPresence) => seen.push(`-${toHex(c.uid)}`));
  return seen;
}

describe.skipIf(noSocat)('PN532 driver against the emulator over a pty', () => {
  it('comes up ready with the chip model and firmware', async () => {
    await startEmulator();
    const d = newDriver();
    await d.open();
    expect(d.status()).toEqual({ state: 'ready', model: 'PN532', firmware: '1.6' });
  });

  it('reads 4-, 7- and 10-byte UIDs and notices each card leaving', async () => {
    const emulator = await startEmulator();
    const d = newDriver();
    const seen = collect(d);
    await d.open();
    for (const uid of ['04A22B1C', '04112233445566', '0102030405060708090A']) {
      emulator.placeCard(uid);
      const card = await d.readCard(5000);
      expect(toHex(card.uid)).toBe(uid);
      emulator.removeCard();
      await waitFor(() => seen.includes(`-${uid}`), 5000, `removal of ${uid}`);
    }
    expect(seen).toEqual([
      '+04A22B1C:mifare-classic-1k',
      '-04A22B1C',
      '+04112233445566:mifare-ultralight',
      '-04112233445566',
      '+0102030405060708090A:mifare-classic-1k',
      '-0102030405060708090A',
    ]);
    expect(emulator.received.some((c) => c.name === 'InRelease')).toBe(true);
  });

  it('reports one card-present while a card stays, and a swap as removed + present', async () => {
    const emulator = await startEmulator();
    const d = newDriver({ presencePollMs: 20 });
    const seen = collect(d);
    await d.open();
    emulator.placeCard('04A22B1C');
    await waitFor(() => seen.length === 1, 5000, 'first card');
    await new Promise((r) => setTimeout(r, 300)); // many presence polls
    expect(seen).toEqual(['+04A22B1C:mifare-classic-1k']);
    emulator.placeCard('04DEADBEEF0102');
    await waitFor(() => seen.length === 3, 5000, 'swap');
    expect(seen.slice(1)).toEqual(['-04A22B1C', '+04DEADBEEF0102:mifare-ultralight']);
  });

  it('times out a read with encoder.timeout when no card comes', async () => {
    await startEmulator();
    const d = newDriver();
    await d.open();
    const err = await d.readCard(300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StationFailure);
    expect((err as StationFailure).error.code).toBe('encoder.timeout');
  });

  it('keeps working across wait slices (abort + re-issue proves the chip still answers)', async () => {
    const emulator = await startEmulator();
    const d = newDriver({ waitSliceMs: 150 });
    await d.open();
    await new Promise((r) => setTimeout(r, 700));
    expect(d.status().state).toBe('ready');
    emulator.placeCard('04A22B1C');
    expect(toHex((await d.readCard(5000)).uid)).toBe('04A22B1C');
  });
});

describe.skipIf(noSocat)('PN532 driver: ports where nothing useful answers', () => {
  it('says "no PN532 answered on PORT at 115200 baud" within 2 s when nothing answers', async () => {
    const d = newDriver();
    const started = Date.now();
    const err = await d.open().catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect((err as StationFailure).error.code).toBe('encoder.no-answer');
    expect((err as StationFailure).message).toBe(`No PN532 answered on ${pty.a} at 115200 baud.`);
    // The goal is 2 s; a busy CI machine gets some slack.
    expect(elapsed).toBeLessThan(3000);
    expect(d.status()).toMatchObject({ state: 'error', error: { code: 'encoder.no-answer' } });
  });

  it('says the port does not exist', async () => {
    driver = new Pn532Driver({ open: serialOpener({ path: `${pty.dir}/nope`, baudRate: 115200 }), port: `${pty.dir}/nope` });
    const err = await driver.open().catch((e: unknown) => e);
    expect((err as StationFailure).error).toMatchObject({ code: 'encoder.port-missing', params: { port: `${pty.dir}/nope` } });
  });

  it.skipIf(process.getuid?.() === 0)('says the port is not permitted', async () => {
    const { writeFileSync, chmodSync } = await import('node:fs');
    const path = `${pty.dir}/locked`;
    writeFileSync(path, '');
    chmodSync(path, 0o000);
    driver = new Pn532Driver({ open: serialOpener({ path, baudRate: 115200 }), port: path });
    const err = await driver.open().catch((e: unknown) => e);
    expect((err as StationFailure).error.code).toBe('encoder.port-denied');
  });
});

type Step = Uint8Array | number;

/** A fake PN532 on the device end that answers each host frame with scripted bytes (numbers = pauses, ms). */
async function scriptedDevice(answer: (command: number, nth: number) => Step[], onNack?: () => Step[]) {
  const link = await openSerial({ path: pty.b, baudRate: 115200 });
  device = link;
  const framer = new Pn532Framer();
  const counts = new Map<number, number>();
  const log: string[] = [];
  let chain = Promise.resolve();
  const play = (steps: Step[]) => {
    chain = chain
      .then(async () => {
        for (const s of steps) {
          if (typeof s === 'number') await new Promise((r) => setTimeout(r, s));
          else await link.write(s);
        }
      })
      .catch(() => undefined); // the test may end (and close the port) mid-script
  };
  link.onData((chunk) => {
    for (const ev of framer.push(chunk)) {
      if (ev.kind === 'nack') {
        log.push('NACK');
        if (onNack) play(onNack());
      } else if (ev.kind === 'ack') log.push('ACK');
      else if (ev.kind === 'info') {
        const cmd = ev.data[0];
        const nth = (counts.get(cmd) ?? 0) + 1;
        counts.set(cmd, nth);
        log.push(`0x${cmd.toString(16)}#${nth}`);
        play(answer(cmd, nth));
      }
    }
  });
  return log;
}

const FIRMWARE = encodeResponse(0x02, [0x32, 0x01, 0x06, 0x07]);
const ok = (cmd: number) => encodeResponse(cmd, []);

describe.skipIf(noSocat)('PN532 driver against scripted byte streams', () => {
  it('resynchronises through noise and frames split into single bytes', async () => {
    const split = (bytes: Uint8Array): Step[] => [...bytes].flatMap((b) => [Uint8Array.of(b), 2]);
    await scriptedDevice((cmd) => {
      const noise = Uint8Array.of(0xff, 0x00, 0x13, 0x00, 0xff, 0x07, 0x55, 0xaa);
      if (cmd === 0x14) return [noise, ...split(ACK_FRAME), noise, ...split(ok(0x14))];
      if (cmd === 0x02) return [noise, ACK_FRAME, Uint8Array.of(0x00, 0xff, 0x09), ...split(FIRMWARE)];
      return [ACK_FRAME];
    });
    const d = newDriver();
    await d.open();
    expect(d.status()).toMatchObject({ state: 'ready', model: 'PN532' });
  });

  it('resends a command the chip NACKs', async () => {
    const log = await scriptedDevice((cmd, nth) => {
      if (cmd === 0x14 && nth === 1) return [NACK_FRAME];
      if (cmd === 0x14) return [ACK_FRAME, ok(0x14)];
      if (cmd === 0x02) return [ACK_FRAME, FIRMWARE];
      return [ACK_FRAME];
    });
    const d = newDriver();
    await d.open();
    expect(log.filter((l) => l.startsWith('0x14#'))).toEqual(['0x14#1', '0x14#2']);
    expect(d.status().state).toBe('ready');
  });

  it('sends a command again when its ACK is lost on the line', async () => {
    const log = await scriptedDevice((cmd, nth) => {
      if (cmd === 0x14) return [ACK_FRAME, ok(0x14)];
      if (cmd === 0x02 && nth === 1) return []; // swallowed
      if (cmd === 0x02) return [ACK_FRAME, FIRMWARE];
      return [ACK_FRAME];
    });
    const d = newDriver();
    await d.open();
    expect(log.filter((l) => l.startsWith('0x2#'))).toEqual(['0x2#1', '0x2#2']);
    expect(d.status().state).toBe('ready');
  });

  it('asks for a resend (NACK) when a response fails its checksum', async () => {
    const corrupt = Uint8Array.from(FIRMWARE);
    corrupt[corrupt.length - 2] ^= 0x55;
    const log = await scriptedDevice(
      (cmd) => {
        if (cmd === 0x14) return [ACK_FRAME, ok(0x14)];
        if (cmd === 0x02) return [ACK_FRAME, corrupt];
        return [ACK_FRAME];
      },
      () => [FIRMWARE],
    );
    const d = newDriver();
    await d.open();
    expect(log).toContain('NACK');
    expect(d.status()).toEqual({ state: 'ready', model: 'PN532', firmware: '1.6' });
  });

  it('gives a clear error when the chip answers with a syntax-error frame', async () => {
    await scriptedDevice((cmd) => (cmd === 0x14 ? [ACK_FRAME, ok(0x14)] : [ACK_FRAME, ERROR_FRAME]));
    const d = newDriver();
    const err = await d.open().catch((e: unknown) => e);
    expect((err as StationFailure).error.code).toBe('encoder.command-failed');
  });

  it('gives a clear error when every answer is garbage', async () => {
    const corrupt = Uint8Array.from(FIRMWARE);
    corrupt[corrupt.length - 2] ^= 0x55;
    await scriptedDevice(
      (cmd) => (cmd === 0x14 ? [ACK_FRAME, ok(0x14)] : [ACK_FRAME, corrupt]),
      () => [corrupt],
    );
    const d = newDriver();
    const err = await d.open().catch((e: unknown) => e);
    expect((err as StationFailure).error.code).toBe('encoder.bad-frame');
  });

  it('treats a response that never completes as a timeout, not a hang', async () => {
    await scriptedDevice((cmd) => (cmd === 0x14 ? [ACK_FRAME, ok(0x14).subarray(0, 5)] : [ACK_FRAME]));
    const d = newDriver({ responseTimeoutMs: 300 });
    const started = Date.now();
    const err = await d.open().catch((e: unknown) => e);
    expect((err as StationFailure).error.code).toBe('encoder.no-answer');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
