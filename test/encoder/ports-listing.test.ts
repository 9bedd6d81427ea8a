/**
 * `ports` (CLI) and `station:ports` (IPC) say which kind of device could not be listed and why,
 * instead of an empty list: HID without libusb, serial without udevadm. The machine has both, so
 * the CLI runs as a real process with one taken away: PATH without udevadm, or node-hid's native
 * binding failing to load as the dynamic linker fails it without libusb (test/fixtures/without-libusb.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PortInfo } from '../../shared/domain/encoder';
import { describeError } from '../../shared/errors';
import { discoverPorts } from '../../electron/services/encoder/discovery';
import { REPO_ROOT } from '../helpers';
import { needs, UDEVADM } from '../system-requirements';

const dataDir = mkdtempSync(join(tmpdir(), 'cs-ports-'));
const emptyPath = mkdtempSync(join(tmpdir(), 'cs-empty-path-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(emptyPath, { recursive: true, force: true });
});

function station(
  args: string[],
  opts: { env?: Record<string, string>; preload?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const preload = opts.preload ? ['--import', opts.preload] : [];
    const child = spawn(process.execPath, [...preload, '--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, STATION_DATA_DIR: dataDir, STATION_CONFIG: '', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const WITHOUT_LIBUSB = join(REPO_ROOT, 'test/fixtures/without-libusb.mjs');

describe('ports when a listing is unavailable', { timeout: 90_000 }, () => {
  it('without libusb: says HID readers cannot be listed, why, and the package to install (text and --json)', async () => {
    const text = await station(['ports'], { preload: WITHOUT_LIBUSB });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      'USB keyboard card readers (HID) cannot be listed on this computer: the system library libusb-1.0.so.0 is missing (Debian/Ubuntu package libusb-1.0-0)',
    );
    expect(text.stdout).toContain('sudo apt-get install -y libusb-1.0-0');

    const json = await station(['ports', '--json'], { preload: WITHOUT_LIBUSB });
    expect(json.code, json.stderr).toBe(0);
    const ports = JSON.parse(json.stdout) as PortInfo[];
    const hid = ports.find((p) => p.kind === 'hid' && p.unavailable);
    expect(hid).toMatchObject({
      path: '',
      unavailable: { code: 'encoder.hid-listing-unavailable', params: { detail: expect.stringContaining('libusb-1.0-0') } },
    });
    // Every real device entry is still a device: old readers of the array keep working.
    for (const p of ports.filter((x) => !x.unavailable)) expect(p.path).not.toBe('');
    expect(json.stderr).toContain('libusb-1.0.so.0 is missing');
    expect(describeError(hid!.unavailable!, 'zh-CN').text).toContain('此电脑无法列出 USB 键盘式读卡器（HID）');
  });

  it('without udevadm: says serial ports cannot be listed and why, instead of an empty list', async () => {
    const r = await station(['ports', '--json'], { env: { PATH: emptyPath } });
    expect(r.code, r.stderr).toBe(0);
    const ports = JSON.parse(r.stdout) as PortInfo[];
    expect(ports).toContainEqual(
      expect.objectContaining({
        kind: 'serial',
        path: '',
        unavailable: expect.objectContaining({
          code: 'encoder.serial-listing-unavailable',
          message: expect.stringContaining('udevadm is missing (Debian/Ubuntu package udev)'),
        }),
      }),
    );
    const text = await station(['ports'], { env: { PATH: emptyPath } });
    expect(text.stdout).toContain('Serial ports cannot be listed on this computer: the program udevadm is missing');
  });

  it.skipIf(needs('ports lists serial ports through udevadm', UDEVADM))(
    'with udev installed, lists serial ports with no listing problem',
    async () => {
      const r = await station(['ports', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const ports = JSON.parse(r.stdout) as PortInfo[];
      expect(ports.filter((p) => p.kind === 'serial' && p.unavailable)).toEqual([]);
    },
  );

  it('discovery keeps the devices it could list and adds one entry per failed listing, last', async () => {
    const ports = await discoverPorts({
      listSerial: async () => [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }],
      listHid: async () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
      },
    });
    expect(ports).toEqual([
      expect.objectContaining({ kind: 'serial', path: '/dev/ttyUSB0', likelyEncoder: 'CH340 USB-serial bridge' }),
      { kind: 'hid', path: '', unavailable: expect.objectContaining({ code: 'encoder.hid-listing-unavailable' }) },
    ]);
    const other = await discoverPorts({ listSerial: async () => [], listHid: async () => Promise.reject(new Error('hid_init failed')) });
    expect(other[0].unavailable?.message).toBe('USB keyboard card readers (HID) cannot be listed on this computer: hid_init failed');
  });
});
