/** One job at a time on the encoder: the desk and the PMS take turns, and each is told who has it. */
import { afterEach, describe, expect, it } from 'vitest';
import { encoderConfigSchema } from '../../shared/config';
import { describeError } from '../../shared/errors';
import { StationEvents } from '../../electron/services/events';
import { createEncoderService, type EncoderServiceHandle } from '../../electron/services/encoder/service';
import { StationFailure } from '../../electron/services/failure';
import { silentLogger } from '../../electron/services/logging/logger';
import { waitFor } from './pty';

let svc: EncoderServiceHandle | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

async function simulator(): Promise<EncoderServiceHandle> {
  svc = createEncoderService({
    config: encoderConfigSchema.parse({ driver: 'simulator' }),
    mode: 'demo',
    events: new StationEvents(),
    notify: () => {},
    log: silentLogger,
  });
  await waitFor(() => svc!.status().state === 'ready', 5000, 'ready');
  return svc;
}

const pms = { id: 'pms:1', label: 'PMS: 2 keys for room 1203', labelZh: 'PMS：房间 1203 的 2 张房卡' };
const errorOf = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as StationFailure).error;

describe('encoder lease', () => {
  it('refuses the desk while the PMS has the encoder, naming it in both languages, and lets it in afterwards', async () => {
    const s = await simulator();
    const lease = s.lease(pms);
    expect(s.leaseHolder()).toEqual(pms);
    const error = await errorOf(s.read(200));
    expect(error.code).toBe('encoder.busy');
    expect(describeError(error, 'en').text).toBe('The encoder is in use: PMS: 2 keys for room 1203.');
    expect(describeError(error, 'zh-CN').text).toBe('发卡器正在使用中：PMS：房间 1203 的 2 张房卡。');
    expect(() => s.lease({ id: 'pms:2', label: 'PMS: room 101', labelZh: 'PMS：房间 101' })).toThrow(StationFailure);
    lease.release();
    lease.release();
    expect(s.leaseHolder()).toBeUndefined();
    await s.simulate({ action: 'place' });
    await expect(s.read(1000)).resolves.toMatchObject({ uid: '04A22B1C' });
  });

  it('refuses the PMS while a clerk is waiting for a card, and two desk reads share the encoder', async () => {
    const s = await simulator();
    const first = s.read(3000);
    const second = s.read(3000);
    const error = (() => {
      try {
        s.lease(pms);
      } catch (err) {
        return (err as StationFailure).error;
      }
    })();
    expect(error?.code).toBe('encoder.busy');
    expect(describeError(error!, 'en').text).toBe('The encoder is in use: a clerk at this desk is reading a card.');
    await s.simulate({ action: 'place' });
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(s.leaseHolder()).toBeUndefined();
    s.lease(pms).release();
  });

  it('a leased read skips the cards this job already used and waits for the next one', async () => {
    const s = await simulator();
    const lease = s.lease(pms);
    await s.simulate({ action: 'place', uid: '04A22B1C' });
    const first = await lease.read(1000);
    expect(first.uid).toBe('04A22B1C');
    const next = lease.read(5000, { except: new Set([first.uid]) });
    await new Promise((r) => setTimeout(r, 100));
    await s.simulate({ action: 'remove' });
    await s.simulate({ action: 'place', uid: '04112233' });
    await expect(next).resolves.toMatchObject({ uid: '04112233' });
    lease.release();
  });

  it('a leased read stops when its signal aborts, as a timeout with the seconds waited', async () => {
    const s = await simulator();
    const lease = s.lease(pms);
    const abort = new AbortController();
    const waiting = lease.read(60_000, { signal: abort.signal });
    setTimeout(() => abort.abort(), 150);
    const error = await errorOf(waiting);
    expect(error.code).toBe('encoder.timeout');
    expect(Number(error.params?.seconds)).toBeLessThan(5);
    lease.release();
  });
});
