/**
 * End to end through the real driver and emulator: whatever noise the line adds around the chip's
 * answers, the driver never hangs or crashes, and noise without start codes never stops a read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../electron/services/encoder/bytes';
import { Pn532Driver } from '../../electron/services/encoder/pn532/driver';
import { Pn532Emulator } from '../../electron/services/encoder/pn532/emulator';
import { createMemoryLink } from '../../electron/services/encoder/transports/memory';
import type { ByteTransport } from '../../electron/services/encoder/types';
import { StationFailure } from '../../electron/services/failure';

/** Wraps the device end so every write from the emulator is preceded by noise and split in two. */
function noisy(device: ByteTransport, noise: Uint8Array[], cut: number): ByteTransport {
  let i = 0;
  let queue = Promise.resolve();
  return {
    description: 'noisy',
    write(data) {
      const n = noise[i++ % noise.length];
      const all = Uint8Array.from([...n, ...data]);
      const at = cut % (all.length + 1);
      // A serial line keeps writes in order: queue them.
      queue = queue.then(async () => {
        await device.write(all.subarray(0, at));
        await device.write(all.subarray(at));
      });
      return queue;
    },
    onData: (l) => device.onData(l),
    onLost: (l) => device.onLost(l),
    close: () => device.close(),
  };
}

async function runOnce(noise: Uint8Array[], cut: number) {
  const emulator = new Pn532Emulator();
  const driver = new Pn532Driver({
    port: 'noisy',
    open: async () => {
      const link = createMemoryLink('noisy');
      emulator.attach(noisy(link.device, noise, cut));
      return link.host;
    },
    timing: { retryMs: 60_000 },
  });
  try {
    await driver.open();
    emulator.placeCard('04A22B1C');
    const card = await driver.readCard(3000);
    return { ok: true as const, uid: toHex(card.uid) };
  } catch (err) {
    return { ok: false as const, err };
  } finally {
    await driver.close();
  }
}

describe('PN532 driver on a noisy line', () => {
  it('reads the card whatever noise (without start codes) surrounds each answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.uint8Array({ maxLength: 24 }).map((n) => n.map((b) => (b === 0 ? 0x55 : b))),
          { minLength: 1, maxLength: 5 },
        ),
        fc.nat(40),
        async (noise, cut) => {
          const r = await runOnce(noise, cut);
          expect(r).toEqual({ ok: true, uid: '04A22B1C' });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('never hangs or crashes on arbitrary noise: a read or a catalogued error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 5 }), fc.nat(40), async (noise, cut) => {
        const r = await runOnce(noise, cut);
        if (!r.ok) {
          expect(r.err).toBeInstanceOf(StationFailure);
          expect((r.err as StationFailure).error.code).toMatch(/^encoder\./);
        } else expect(r.uid).toBe('04A22B1C');
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
