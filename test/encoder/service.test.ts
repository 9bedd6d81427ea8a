import { afterEach, describe, expect, it } from 'vitest';
import { encoderConfigSchema, type EncoderConfig } from '../../shared/config';
import type { CardRead, EncoderStatus } from '../../shared/domain/encoder';
import { describeError } from '../../shared/errors';
import { StationEvents } from '../../electron/services/events';
import { createEncoderService, type EncoderServiceHandle } from '../../electron/services/encoder/service';
import { Pn532Emulator } from '../../electron/services/encoder/pn532/emulator';
import { openSerial } from '../../electron/services/encoder/transports/serial';
import type { ByteTransport } from '../../electron/services/encoder/types';
import { StationFailure } from '../../electron/services/failure';
import { silentLogger } from '../../electron/services/logging/logger';
import { needs, SOCAT } from '../system-requirements';
import { PtyPair, waitFor } from './pty';

let service: EncoderServiceHandle | undefined;
let pty: PtyPair | undefined;
let device: ByteTransport | undefined;
afterEach(async () => {
  await service?.close();
  await device?.close().catch(() => undefined);
  await pty?.dispose();
  service = undefined;
  device = undefined;
  pty = undefined;
});

function start(config: Partial<EncoderConfig>) {
  const events = new StationEvents();
  const statuses: EncoderStatus[] = [];
  const cards: CardRead[] = [];
  const removed: string[] = [];
  events.on('encoder:card', (c) => cards.push(c));
  events.on('encoder:card-removed', (r) => removed.push(r.uid));
  const svc = createEncoderService({
    config: encoderConfigSchema.parse(config),
    mode: 'demo',
    events,
    notify: () => statuses.push(svc.status()),
    log: silentLogger,
  });
  service = svc;
  return { svc, statuses, cards, removed };
}

const failureOf = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StationFailure);
  return (err as StationFailure).error;
};

describe('EncoderService with the simulated encoder (real PN532 driver over an in-memory link)', () => {
  it('becomes ready, emits cards in the configured format with the issueMac, and removals', async () => {
    const { svc, statuses, cards, removed } = start({ driver: 'simulator', serialFormat: 'hex-reversed', issueMac: '7c778a6c7d9c' });
    await waitFor(() => svc.status().state === 'ready', 5000, 'ready');
    expect(svc.status()).toMatchObject({ state: 'ready', driver: 'simulator', model: 'PN532', firmware: '1.6', issueMac: '7C778A6C7D9C' });
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'ready']);

    await svc.simulate({ action: 'place', uid: '04a22b1c' });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      serialNum: '1C2BA204',
      uid: '04A22B1C',
      driver: 'simulator',
      cardType: 'mifare-classic-1k',
      issueMac: '7C778A6C7D9C',
    });
    await expect(svc.read(1000)).resolves.toMatchObject({ uid: '04A22B1C' });

    await svc.simulate({ action: 'remove' });
    await waitFor(() => removed.length === 1, 5000, 'removal');
    expect(removed).toEqual(['04A22B1C']);
  });

  it('places the demo card when no UID is given, and reads it', async () => {
    const { svc } = start({ driver: 'simulator', serialFormat: 'dec' });
    await waitFor(() => svc.status().state === 'ready', 5000, 'ready');
    const reading = svc.read(5000);
    await svc.simulate({ action: 'place' });
    await expect(reading).resolves.toMatchObject({ uid: '04A22B1C', serialNum: '0077736732' });
  });

  it('times out a read with a message staff understand, in English and Chinese', async () => {
    const { svc } = start({ driver: 'simulator' });
    await waitFor(() => svc.status().state === 'ready', 5000, 'ready');
    const error = await failureOf(svc.read(200));
    expect(error.code).toBe('encoder.timeout');
    expect(describeError(error, 'zh-CN').text).toContain('0.2');
    expect(describeError(error, 'zh-CN').action).toBeTruthy();
  });

  it('tests encoder settings without disturbing the running one', async () => {
    const { svc } = start({ driver: 'simulator' });
    expect(await svc.test({ driver: 'simulator' })).toMatchObject({ state: 'ready', model: 'PN532' });
    expect(await svc.test({ driver: 'pn532', port: '/dev/ttyUSB97' })).toMatchObject({
      state: 'error',
      error: { code: 'encoder.port-missing' },
    });
    expect(await svc.test({ driver: 'pn532' })).toMatchObject({ state: 'error', error: { code: 'encoder.port-required' } });
    expect(await svc.test({ driver: 'none' })).toMatchObject({ state: 'unavailable' });
  });
});

describe('EncoderService settings changes', () => {
  it('applies a new serialNum format at once and reopens the reader when the driver changes', async () => {
    const { svc, cards, statuses } = start({ driver: 'simulator', serialFormat: 'hex' });
    await waitFor(() => svc.status().state === 'ready', 5000, 'ready');
    await svc.reconfigure(encoderConfigSchema.parse({ driver: 'simulator', serialFormat: 'dec-reversed', issueMac: '7C778A6C7D9C' }));
    expect(svc.status()).toMatchObject({ state: 'ready', issueMac: '7C778A6C7D9C' });
    await svc.simulate({ action: 'place' });
    expect(cards.at(-1)).toMatchObject({ serialNum: '0472621572', issueMac: '7C778A6C7D9C' });

    await svc.reconfigure(encoderConfigSchema.parse({ driver: 'pn532', port: '/dev/does-not-exist' }));
    await waitFor(() => svc.status().state === 'error', 5000, 'error after switching to a missing port');
    expect(svc.status()).toMatchObject({ driver: 'pn532', port: '/dev/does-not-exist', error: { code: 'encoder.port-missing' } });

    await svc.reconfigure(encoderConfigSchema.parse({ driver: 'none' }));
    expect(svc.status()).toMatchObject({ state: 'unavailable', driver: 'none' });
    expect(statuses.at(-1)?.state).toBe('unavailable');
  });
});

describe('EncoderService with other drivers', () => {
  it('refuses to simulate cards on a real encoder', async () => {
    const { svc } = start({ driver: 'pn532', port: '/dev/does-not-exist' });
    expect((await failureOf(svc.simulate({ action: 'place' }))).code).toBe('encoder.not-simulator');
  });

  it('shows a missing port as an error status and fails reads with it at once', async () => {
    const { svc } = start({ driver: 'pn532', port: '/dev/does-not-exist' });
    await waitFor(() => svc.status().state === 'error', 5000, 'error status');
    expect(svc.status().error?.message).toBe('The encoder port /dev/does-not-exist does not exist on this computer.');
    expect((await failureOf(svc.read(5000))).code).toBe('encoder.port-missing');
  });

  it('is unavailable with driver "none"', async () => {
    const { svc } = start({ driver: 'none' });
    expect(svc.status()).toMatchObject({ state: 'unavailable', driver: 'none' });
    expect((await failureOf(svc.read(1000))).code).toBe('encoder.not-configured');
  });

  it('lists ports even when one listing fails, marking likely encoders', async () => {
    const events = new StationEvents();
    const svc = createEncoderService({
      config: encoderConfigSchema.parse({ driver: 'none' }),
      mode: 'demo',
      events,
      notify: () => {},
      log: silentLogger,
      discovery: {
        listSerial: async () => [
          { path: '/dev/ttyS0' },
          { path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523', manufacturer: 'QinHeng' },
        ],
        listHid: async () => {
          throw new Error('libusb missing');
        },
      },
    });
    service = svc;
    const ports = await svc.ports();
    expect(ports[0]).toMatchObject({ path: '/dev/ttyUSB0', vendorId: '1a86', likelyEncoder: 'CH340 USB-serial bridge' });
    expect(ports[1]).toEqual({ kind: 'serial', path: '/dev/ttyS0' });
  });
});

describe.skipIf(needs('EncoderService hot-plug over a pty', SOCAT))('EncoderService hot-plug over a pty', () => {
  it('notifies disconnected on unplug and ready on replug, then reads', async () => {
    pty = new PtyPair();
    await pty.start();
    const emulator = new Pn532Emulator();
    device = await openSerial({ path: pty.b, baudRate: 115200 });
    emulator.attach(device);
    const { svc, statuses, cards } = start({ driver: 'pn532', port: pty.a });
    await waitFor(() => svc.status().state === 'ready', 5000, 'ready');
    await pty.kill();
    await waitFor(() => svc.status().state === 'disconnected', 5000, 'disconnected');
    expect(svc.status().error?.code).toBe('encoder.disconnected');
    await pty.start();
    device = await openSerial({ path: pty.b, baudRate: 115200 });
    emulator.attach(device);
    await waitFor(() => svc.status().state === 'ready', 10_000, 'ready again');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'ready', 'disconnected', 'ready']);
    emulator.placeCard('04112233445566');
    await expect(svc.read(5000)).resolves.toMatchObject({ uid: '04112233445566', driver: 'pn532' });
    expect(cards.map((c) => c.uid)).toEqual(['04112233445566']);
  });
});
