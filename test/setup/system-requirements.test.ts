/**
 * A test that needs a missing system package skips with one line naming the package, and the run
 * stays green. Proven by running real test files with the package taken away: PATH without socat,
 * and STATION_TEST_WITHOUT for a library.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { needs, systemCommand, systemLibrary } from '../system-requirements';
import { REPO_ROOT } from '../helpers';

const emptyPath = mkdtempSync(join(tmpdir(), 'cs-no-tools-'));
afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

function vitest(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', file], {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('skipping for a missing system package', { timeout: 120_000 }, () => {
  it('without socat on PATH, the pty tests skip with a line naming socat, and the run passes', async () => {
    const r = await vitest('test/encoder/hotplug.test.ts', { PATH: emptyPath });
    expect(r.output).toContain('SKIPPED: PN532 hot-plug: needs socat, which is not installed: sudo apt-get install -y socat');
    expect(r.output).toMatch(/Tests\s+1 skipped/);
    expect(r.code, r.output).toBe(0);
  });

  it('without libusb, the real node-hid test skips with a line naming libusb-1.0-0 instead of failing', async () => {
    const r = await vitest('test/encoder/hid.test.ts', { STATION_TEST_WITHOUT: 'libusb-1.0-0' });
    expect(r.output).toContain(
      'SKIPPED: HID transport (real node-hid): needs libusb-1.0.so.0 (Debian package libusb-1.0-0), which is not installed: sudo apt-get install -y libusb-1.0-0',
    );
    expect(r.output).toMatch(/Tests\s+\d+ passed \| 1 skipped/);
    expect(r.code, r.output).toBe(0);
  });

  it('prints one line per thing skipped, names every missing package once, and says nothing when all are there', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const tool = systemCommand('no-such-tool-for-card-station', 'card-station-tools');
      const lib = systemLibrary('libno-such-library.so.9', 'libnosuch9');
      const reason = needs('a test', tool, lib);
      expect(reason).toBe(
        'needs no-such-tool-for-card-station (Debian package card-station-tools) and libno-such-library.so.9 (Debian package libnosuch9), which are not installed: sudo apt-get install -y card-station-tools libnosuch9',
      );
      needs('a test', tool, lib);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(`SKIPPED: a test: ${reason}`);
      expect(needs('another test', systemCommand('node', 'nodejs'))).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
