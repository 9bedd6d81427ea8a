/**
 * `encoder:test` and a port saved with `settings:update` open only encoder ports: devices discovery
 * lists, HID readers by VID:PID, or serial device nodes that exist. Anything else is refused
 * before it is opened, with the same answer whether the path exists or not.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EncoderStatus, PortInfo } from '../../shared/domain/encoder';
import { describeError, type StationError } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc/contract';
import { resolveEncoderPort, type PortAccessDeps } from '../../electron/services/encoder/port-access';
import { openSerial } from '../../electron/services/encoder/transports/serial';
import type { ByteTransport } from '../../electron/services/encoder/types';
import { createDispatcher, type Dispatch, type HandlerContext } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import { signedInContext } from '../sign-in';
import type { Station } from '../../electron/services/station';
import { demoStation } from '../helpers';
import { needs, SOCAT } from '../system-requirements';
import { PtyPair } from './pty';

const dir = mkdtempSync(join(tmpdir(), 'enc-port-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = async (driver: 'pn532' | 'rdm6300' | 'hid', port: string, deps: PortAccessDeps = {}): Promise<StationError> => {
  const err = await resolveEncoderPort(driver, port, deps).then(
    (opened) => new Error(`opened ${opened}`),
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ error: { code: expect.any(String) } });
  return (err as { error: StationError }).error;
};

/** The refusal's text with the port taken out: what an attacker could learn besides their own input. */
const shape = (e: StationError, port: string) => ({
  code: e.code,
  en: e.message.replace(port, '<port>'),
  zh: describeError(e, 'zh-CN').text.replace(port, '<port>'),
});

describe('which ports a request may open', () => {
  it('refuses files, with the same answer whether they exist or not (no oracle)', async () => {
    const regular = join(dir, 'regular-file');
    writeFileSync(regular, 'not a device');
    const linkToPasswd = join(dir, 'ttyUSB0');
    symlinkSync('/etc/passwd', linkToPasswd);
    const candidates = [
      '/etc/shadow',
      '/etc/passwd',
      '/etc/no-such-file',
      regular,
      join(dir, 'missing'),
      linkToPasswd,
      '/dev/ttyS0/../../etc/passwd',
      '/dev/null',
      '/dev/tty',
      '/dev/tty1',
      'etc/passwd',
      'COM3',
    ];
    const answers = [];
    for (const port of candidates) {
      for (const driver of ['pn532', 'rdm6300', 'hid'] as const) {
        const error = await refusal(driver, port, { platform: 'linux', listPorts: async () => [] });
        answers.push(shape(error, port));
      }
    }
    const first = answers[0];
    expect(first.code).toBe('encoder.port-not-allowed');
    expect(first.en).toBe(
      '<port> is not an encoder port: the station opens only serial ports (such as /dev/ttyUSB0 or COM3) and the devices it lists under "Ports on this computer".',
    );
    expect(first.zh).toContain('不是发卡器端口');
    for (const a of answers) expect(a).toEqual(first);
  });

  it('says a serial device name that is not there is missing (device names are no secret)', async () => {
    expect((await refusal('pn532', '/dev/ttyUSB97', { platform: 'linux' })).code).toBe('encoder.port-missing');
  });

  it('opens a serial device through its symlink by the resolved device, and refuses a link that leads elsewhere', async () => {
    const links: Record<string, string> = {
      '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0': '/dev/ttyUSB0',
      '/dev/cu.usbserial-1410': '/dev/cu.usbserial-1410',
      '/tmp/fake-tty': '/dev/ttyFAKE',
    };
    const deps: PortAccessDeps = {
      platform: 'linux',
      realpath: async (p) => {
        if (links[p]) return links[p];
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
      // ttyFAKE is a regular file someone created under /dev: not a device, not opened.
      isCharacterDevice: async (p) => p !== '/dev/ttyFAKE',
      listPorts: async () => [],
    };
    await expect(resolveEncoderPort('pn532', '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0', deps)).resolves.toBe('/dev/ttyUSB0');
    await expect(resolveEncoderPort('rdm6300', '/dev/cu.usbserial-1410', deps)).resolves.toBe('/dev/cu.usbserial-1410');
    expect((await refusal('pn532', '/tmp/fake-tty', deps)).code).toBe('encoder.port-not-allowed');
  });

  it('on Windows opens COMn only', async () => {
    const win: PortAccessDeps = { platform: 'win32', listPorts: async () => [] };
    await expect(resolveEncoderPort('pn532', 'COM3', win)).resolves.toBe('COM3');
    await expect(resolveEncoderPort('pn532', '\\\\.\\COM12', win)).resolves.toBe('\\\\.\\COM12');
    for (const port of ['C:\\Windows\\win.ini', '..\\COM3', 'COM0', 'COM3.txt', '\\\\server\\share\\COM3']) {
      expect((await refusal('pn532', port, win)).code, port).toBe('encoder.port-not-allowed');
    }
  });

  it('opens HID readers by VID:PID or as discovery lists them, and serial ports discovery lists', async () => {
    const listed: PortInfo[] = [
      { kind: 'hid', path: '/dev/hidraw3', vendorId: 'ffff', productId: '0035' },
      { kind: 'serial', path: '/dev/rfcomm0' },
    ];
    const deps: PortAccessDeps = { platform: 'linux', listPorts: async () => listed };
    await expect(resolveEncoderPort('hid', 'ffff:0035', deps)).resolves.toBe('ffff:0035');
    await expect(resolveEncoderPort('hid', '/dev/hidraw3', deps)).resolves.toBe('/dev/hidraw3');
    await expect(resolveEncoderPort('pn532', '/dev/rfcomm0', deps)).resolves.toBe('/dev/rfcomm0');
    // Listed, but as the other kind: a PN532 must not write frames into a HID device.
    expect((await refusal('pn532', '/dev/hidraw3', deps)).code).toBe('encoder.port-not-allowed');
    expect((await refusal('hid', '/dev/hidraw4', deps)).code).toBe('encoder.port-not-allowed');
    expect((await refusal('hid', '/dev/rfcomm0', deps)).code).toBe('encoder.port-not-allowed');
  });
});

describe('encoder:test and settings:update over IPC', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let dispatch: Dispatch;
  /** Settings and the encoder test are the administrator's. */
  let trusted: HandlerContext;

  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    dispatch = createDispatcher(createHandlers(station), station.staff);
    trusted = await signedInContext(station, 'administrator');
  });
  afterAll(async () => cleanup());

  const encoderTest = async (request: Record<string, unknown>): Promise<EncoderStatus> => {
    const r = (await dispatch('encoder:test', request, trusted)) as IpcResult<EncoderStatus>;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };

  it('encoder:test cannot tell /etc/shadow from /etc/passwd or from a file that does not exist', async () => {
    const answers = [];
    for (const port of ['/etc/shadow', '/etc/passwd', '/etc/no-such-file', join(dir, 'nothing-here')]) {
      for (const driver of ['pn532', 'rdm6300', 'hid']) {
        const status = await encoderTest({ driver, port, baudRate: 115200 });
        expect(status).toMatchObject({ state: 'error', driver, port, error: { code: 'encoder.port-not-allowed' } });
        answers.push(shape(status.error!, port));
      }
    }
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it('settings:update refuses such a port, naming the field, and keeps the saved one', async () => {
    const before = station.config.encoder;
    const r = await dispatch('settings:update', { encoder: { driver: 'pn532', port: '/etc/passwd' } }, trusted);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'encoder.port-not-allowed', field: 'encoder.port', params: { port: '/etc/passwd' } },
    });
    const hid = await dispatch('settings:update', { encoder: { driver: 'hid', port: '/dev/hidraw-not-listed' } }, trusted);
    expect(hid).toMatchObject({ ok: false, error: { code: 'encoder.port-not-allowed' } });
    expect(station.config.encoder).toEqual(before);
    const got = await dispatch('settings:get', {}, trusted);
    expect(got).toMatchObject({ ok: true, data: { encoder: { driver: before.driver } } });
  });

  it('settings:update still saves a serial port that is not plugged in yet', async () => {
    const r = await dispatch('settings:update', { encoder: { driver: 'pn532', port: '/dev/ttyUSB97' } }, trusted);
    expect(r).toMatchObject({ ok: true, data: { encoder: { driver: 'pn532', port: '/dev/ttyUSB97' } } });
    await dispatch('settings:update', { encoder: { driver: 'simulator' } }, trusted);
  });
});

const noSocat = needs('encoder:test writes nothing to a terminal it refuses', SOCAT);

describe.skipIf(noSocat)('encoder:test on a terminal that is not a serial port (real pty)', () => {
  let pty: PtyPair | undefined;
  let other: ByteTransport | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await other?.close().catch(() => undefined);
    await pty?.dispose();
    await cleanup?.();
  });

  it('refuses it before opening: not one PN532 wake-up byte reaches the other end', async () => {
    pty = new PtyPair();
    await pty.start();
    other = await openSerial({ path: pty.b, baudRate: 115200 });
    const received: number[] = [];
    other.onData((chunk) => received.push(...chunk));
    const demo = await demoStation();
    cleanup = demo.cleanup;
    const dispatch = createDispatcher(createHandlers(demo.station), demo.station.staff);
    const r = await dispatch('encoder:test', { driver: 'pn532', port: pty.a }, await signedInContext(demo.station, 'administrator'));
    expect(r).toMatchObject({ ok: true, data: { state: 'error', error: { code: 'encoder.port-not-allowed' } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);
  });
});
