import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import { tempDir } from '../outbox/helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('settings reach the running services', () => {
  it('a new serial-number format applies to the next card without a restart', async () => {
    const t = tempDir('settings-live-');
    cleanups.push(t.cleanup);
    const station: Station = await createStation(parseStationConfig({}), {
      secrets: new MemorySecretStore(),
      log: silentLogger,
      dataDir: t.dir,
    });
    cleanups.push(() => station.close());

    await station.encoder.simulate({ action: 'place', uid: '04A22B1C' });
    expect((await station.encoder.read(5_000)).serialNum).toBe('04A22B1C');
    await station.encoder.simulate({ action: 'remove' });

    await station.settings.update({ encoder: { serialFormat: 'dec' } }, 'desk');
    expect((await station.settings.get()).encoder.serialFormat).toBe('dec');

    await station.encoder.simulate({ action: 'place', uid: '04A22B1C' });
    // 0x04A22B1C = 77736732, written as the 10-digit decimal the lock platforms expect.
    const read = await station.encoder.read(5_000);
    expect(read.uid).toBe('04A22B1C');
    expect(Number(read.serialNum)).toBe(0x04a22b1c);
  });
});
