/**
 * libnfc (Debian's nfc-list) is an independent PN532 host: pointed at our emulator through a pty
 * it must find the emulated card. The emulator runs through the real `emulate pn532` CLI command.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/command';
import { needs, NFC_LIST, NFC_MFCLASSIC, SOCAT } from '../system-requirements';
import { PtyPair } from './pty';

function libnfc(
  tool: string,
  args: string[],
  port: string,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tool, args, {
      cwd,
      env: {
        ...process.env,
        LIBNFC_DEFAULT_DEVICE: `pn532_uart:${port}:115200`,
        LIBNFC_AUTO_SCAN: 'false',
        LIBNFC_INTRUSIVE_SCAN: 'false',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let pty: PtyPair | undefined;
afterEach(async () => {
  await pty?.dispose();
  pty = undefined;
});

const nfcList = (port: string) => libnfc('nfc-list', [], port);

async function emulateAnd<T>(uid: string, work: (port: string) => Promise<T>) {
  pty = new PtyPair();
  await pty.start();
  let stop: () => void = () => {};
  const errors: string[] = [];
  const io: CliIo = {
    stdout: () => {},
    stderr: (t) => errors.push(t),
    env: process.env,
    interrupted: new Promise<void>((r) => (stop = r)),
  };
  const emulating = runCli(['emulate', 'pn532', '--port', pty.b, '--uid', uid], io);
  // Let the emulator open its end before libnfc starts talking.
  await new Promise((r) => setTimeout(r, 300));
  const listed = await work(pty.a);
  stop();
  const exit = await emulating;
  return { listed, exit, errors };
}

const emulateAndList = (uid: string) => emulateAnd(uid, nfcList);

describe.skipIf(needs('nfc-list (libnfc) against the PN532 emulator', SOCAT, NFC_LIST))(
  'nfc-list (libnfc) against the PN532 emulator',
  () => {
    it('finds the emulated 4-byte UID', async () => {
      const { listed, exit } = await emulateAndList('04A22B1C');
      expect(listed.stdout).toContain('1 ISO14443A passive target(s) found');
      expect(listed.stdout).toMatch(/UID \(NFCID1\): 04\s+a2\s+2b\s+1c/);
      expect(listed.stdout).toMatch(/SAK \(SEL_RES\): 08/);
      expect(exit).toBe(0);
    });

    it('finds a 7-byte UID', async () => {
      const { listed } = await emulateAndList('04112233445566');
      expect(listed.stdout).toMatch(/UID \(NFCID1\): 04\s+11\s+22\s+33\s+44\s+55\s+66/);
    });
  },
);

describe.skipIf(needs('nfc-mfclassic (libnfc) against the PN532 emulator', SOCAT, NFC_MFCLASSIC))(
  'nfc-mfclassic (libnfc) against the PN532 emulator',
  () => {
    it('authenticates and dumps a 1K card whose block 0 holds the UID and its BCC', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'enc-mfc-'));
      try {
        const { listed } = await emulateAnd('04A22B1C', (port) => libnfc('nfc-mfclassic', ['r', 'a', 'u', 'dump.mfd'], port, dir));
        expect(listed.stdout).toContain('64 of 64 blocks read');
        const dump = readFileSync(join(dir, 'dump.mfd'));
        expect(dump.length).toBe(1024);
        expect(dump.subarray(0, 5).toString('hex')).toBe('04a22b1c91'); // BCC = XOR of the UID bytes
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
