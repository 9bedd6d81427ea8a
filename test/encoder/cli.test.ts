import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/command';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../electron/services/encoder/bytes';
import { Pn532Driver } from '../../electron/services/encoder/pn532/driver';
import { serialOpener } from '../../electron/services/encoder/transports/serial';
import { needs, SOCAT } from '../system-requirements';
import { PtyPair, waitFor } from './pty';

const noSocat = needs('read and emulate pn532 through a pty', SOCAT);

function io(interrupted: Promise<void> = new Promise(() => {})) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { ...process.env, STATION_CONFIG: '' }, interrupted };
  return { cli, out, err };
}

let pty: PtyPair | undefined;
afterEach(async () => {
  await pty?.dispose();
  pty = undefined;
});

describe('station CLI: read', () => {
  it('reads the simulated card and prints one JSON object', async () => {
    const { cli, out } = io();
    const code = await runCli(['read', '--driver', 'simulator', '--uid', '04112233445566', '--format', 'hex-reversed', '--json'], cli);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0])).toEqual({
      serialNum: '66554433221104',
      uid: '04112233445566',
      driver: 'simulator',
      cardType: 'mifare-ultralight',
    });
  });

  it('exits 3 with a JSON error when no card comes in time', async () => {
    const { cli, out } = io();
    const code = await runCli(['read', '--driver', 'simulator', '--present-after', '60000', '--timeout', '300', '--json'], cli);
    expect(code).toBe(3);
    expect(JSON.parse(out[0])).toMatchObject({ ok: false, error: { code: 'encoder.timeout' } });
  });

  it('stops waiting on Ctrl-C with a clear error', async () => {
    const { cli, out } = io(new Promise((r) => setTimeout(r, 300)));
    const code = await runCli(['read', '--driver', 'simulator', '--present-after', '60000', '--timeout', '60000', '--json'], cli);
    expect(code).toBe(4);
    expect(JSON.parse(out[0])).toMatchObject({ ok: false, error: { code: 'encoder.closed' } });
  });

  it('uses the configured encoder, format and issueMac when no --driver is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enc-cli-'));
    try {
      const configPath = join(dir, 'station.json');
      writeFileSync(
        configPath,
        JSON.stringify({
          mode: 'demo',
          dataDir: join(dir, 'data'),
          encoder: { driver: 'simulator', serialFormat: 'dec', issueMac: '7C778A6C7D9C' },
        }),
      );
      const { cli, out } = io();
      const code = await runCli(['read', '--config', configPath, '--json'], cli);
      expect(code).toBe(0);
      expect(JSON.parse(out[0])).toEqual({
        serialNum: '0077736732',
        uid: '04A22B1C',
        driver: 'simulator',
        cardType: 'mifare-classic-1k',
        issueMac: '7C778A6C7D9C',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on bad flags', async () => {
    expect(await runCli(['read', '--driver', 'acr122'], io().cli)).toBe(2);
    expect(await runCli(['read', '--driver', 'pn532'], io().cli)).toBe(2);
    expect(await runCli(['read', '--driver', 'simulator', '--format', 'octal'], io().cli)).toBe(2);
    expect(await runCli(['emulate', 'acr122', '--port', '/tmp/x'], io().cli)).toBe(2);
    expect(await runCli(['emulate', 'pn532', '--port', '/tmp/x', '--uid', '123'], io().cli)).toBe(2);
  });

  it('exits 4 with a JSON error for a port that does not exist', async () => {
    const { cli, out } = io();
    expect(await runCli(['read', '--driver', 'pn532', '--port', '/dev/nope-nope', '--json'], cli)).toBe(4);
    expect(JSON.parse(out[0]).error.code).toBe('encoder.port-missing');
  });

  it.skipIf(noSocat)('reads from `emulate pn532` through a pty, both real commands', async () => {
    pty = new PtyPair();
    await pty.start();
    let stop: () => void = () => {};
    const emu = io(new Promise<void>((r) => (stop = r)));
    const emulating = runCli(['emulate', 'pn532', '--port', pty.b, '--uid', '0102030405060708090A', '--present-after', '300'], emu.cli);
    const reader = io();
    const code = await runCli(
      ['read', '--driver', 'pn532', '--port', pty.a, '--format', 'hex', '--timeout', '10000', '--json'],
      reader.cli,
    );
    stop();
    expect(code).toBe(0);
    expect(JSON.parse(reader.out[0])).toMatchObject({ uid: '0102030405060708090A', driver: 'pn532' });
    expect(await emulating).toBe(0);
  });

  it.skipIf(noSocat)('`emulate pn532 --remove-after` takes the card away again', async () => {
    pty = new PtyPair();
    await pty.start();
    let stop: () => void = () => {};
    const emu = io(new Promise<void>((r) => (stop = r)));
    const driver = new Pn532Driver({ open: serialOpener({ path: pty.a, baudRate: 115200 }), port: pty.a });
    const seen: string[] = [];
    driver.on('card-present', (c) => seen.push(`+${toHex(c.uid)}`));
    driver.on('card-removed', (c) => seen.push(`-${toHex(c.uid)}`));
    const emulating = runCli(['emulate', 'pn532', '--port', pty.b, '--present-after', '500', '--remove-after', '400'], emu.cli);
    try {
      await driver.open();
      await waitFor(() => seen.length === 2, 10_000, 'card placed and removed');
      expect(seen).toEqual(['+04A22B1C', '-04A22B1C']);
    } finally {
      await driver.close();
      stop();
    }
    expect(await emulating).toBe(0);
  });
});
