/** `station pms serve` and `station pms status`, and the PMS lines of `config check`. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/command';
import { PMS_STATUS_FILE } from '../../electron/services/pms/status-file';
import { tempDir } from '../helpers';
import { startSandboxRig, type SandboxRig } from '../outbox/sandbox-rig';
import { waitFor } from '../encoder/pty';
import { FiasTestClient } from './fias-client';
import { HTTP_TOKEN, departureIn, postRoomKeys } from './pms-rig';

let sandbox: SandboxRig;
const tmp = tempDir('cs-pms-cli-');
const configFile = join(tmp.dir, 'station.config.json');
const env = { ...process.env, STATION_CONFIG: '', STATION_PMS_HTTP_TOKEN: HTTP_TOKEN };

function io(interrupted: Promise<void> = new Promise(() => {})) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, interrupted };
  return { cli, out, err };
}

function writeConfig(extra: Record<string, unknown>): void {
  writeFileSync(configFile, JSON.stringify({ ...sandbox.config, dataDir: join(tmp.dir, 'data'), encoder: { driver: 'none' }, ...extra }));
}

beforeAll(async () => {
  sandbox = await startSandboxRig();
});
afterAll(async () => {
  await sandbox?.close();
  tmp.cleanup();
});

describe('station pms serve / pms status', () => {
  it('serve runs only the PMS listeners until Ctrl-C; status shows listeners, the connected PMS, last records and answers by outcome', async () => {
    writeConfig({ pms: { fias: { port: 0, mobileField: 'MN' }, http: { port: 0 }, cardKind: 'qr' } });

    const before = io();
    expect(await runCli(['pms', 'status', '--config', configFile, '--json'], before.cli)).toBe(4);
    const stopped = JSON.parse(before.out[0]);
    expect(stopped).toMatchObject({
      running: false,
      listeners: [
        { interface: 'fias', state: 'stopped' },
        { interface: 'http', state: 'stopped' },
      ],
    });

    let stop!: () => void;
    const serveIo = io(new Promise<void>((r) => (stop = r)));
    const serving = runCli(['pms', 'serve', '--config', configFile], serveIo.cli);
    await waitFor(() => existsSync(join(tmp.dir, 'data', PMS_STATUS_FILE)), 15_000, 'the PMS status file');
    expect(serveIo.out.join('\n')).toMatch(/FIAS {2}listening on 127\.0\.0\.1:\d+ \(PMS allowed from: 127\.0\.0\.1, ::1\)/);
    expect(serveIo.out.join('\n')).toMatch(/HTTP {2}listening on 127\.0\.0\.1:\d+ \(token required\)/);

    const running = io();
    expect(await runCli(['pms', 'status', '--config', configFile, '--json'], running.cli)).toBe(0);
    const status = JSON.parse(running.out[0]);
    expect(status.running).toBe(true);
    const fiasPort = status.listeners.find((l: { interface: string }) => l.interface === 'fias').port;
    const httpPort = status.listeners.find((l: { interface: string }) => l.interface === 'http').port;

    const client = await FiasTestClient.open(fiasPort);
    await client.handshake();
    const out = departureIn(2);
    const ka = await client.request(`KR|K#1|KC1|KTN|RN9-1-9100|WS2|DA261123|TI090000|GD${out.fias}|MN13800000000|`);
    expect(ka.fields.AS).toBe('OK');
    const unknown = await postRoomKeys(`http://127.0.0.1:${httpPort}`, {
      keyType: 'New',
      encoderId: '1',
      roomId: '9-1-9999',
      keyValidityEnd: `${out.iso}T12:00`,
      mobile: '13800000000',
    });
    expect(unknown.body.responseCode).toBe('UNKNOWN_ROOM');

    // The status file is written a moment after a change.
    await new Promise((r) => setTimeout(r, 500));
    const human = io();
    expect(await runCli(['pms', 'status', '--config', configFile], human.cli)).toBe(0);
    const text = human.out.join('\n');
    expect(text).toMatch(
      /^PMS interfaces: running in process \d+ since .*; keys are qr cards \(unless the room directory gives a room its own kind\)\.$/m,
    );
    expect(text).toMatch(/Connected PMS:\n {2}127\.0\.0\.1:\d+ {2}link up/);
    expect(text).toContain('Answers since start: ok 1, unknown-room 1');
    expect(text).toContain('AS OK: 1 key(s) for room 9100 made.');
    expect(text).toContain('FIAS KR: new key, 1 key(s), room 9-1-9100, encoder 1');
    expect(text).not.toContain('13800000000');

    client.close();
    stop();
    expect(await serving).toBe(0);
    expect(existsSync(join(tmp.dir, 'data', PMS_STATUS_FILE))).toBe(false);
    const after = io();
    expect(await runCli(['pms', 'status', '--config', configFile], after.cli)).toBe(4);
    expect(after.out[0]).toContain('PMS interfaces: not running');
  });

  it('serve without a pms section exits 2 and says what to add', async () => {
    writeConfig({});
    const r = io();
    expect(await runCli(['pms', 'serve', '--config', configFile], r.cli)).toBe(2);
    expect(r.err.join('\n')).toContain('No PMS interface is configured on this station.');
  });

  it('config check names the HTTP token a LAN-bound key API needs, and is OK once it is given', async () => {
    writeConfig({ pms: { http: { host: '0.0.0.0', port: 5011 } } });
    const missing = io();
    const noToken = { ...missing.cli, env: { ...env, STATION_PMS_HTTP_TOKEN: '' } };
    expect(await runCli(['config', 'check', '--config', configFile], noToken)).toBe(2);
    expect(missing.err.join('\n')).toContain(
      'PMS HTTP key API token is not set: set STATION_PMS_HTTP_TOKEN (or pms.http.token in the configuration file)',
    );
    const given = io();
    expect(await runCli(['config', 'check', '--config', configFile], given.cli)).toBe(0);
    expect(given.out.join('\n')).toContain('PMS HTTP key API on 0.0.0.0:5011, encoder 1: token set');
    expect(given.out.join('\n')).not.toContain(HTTP_TOKEN);
  });

  it('refuses a FIAS listener on the LAN without the PMS addresses it may accept', async () => {
    writeConfig({ pms: { fias: { host: '0.0.0.0', port: 5010 } } });
    const r = io();
    expect(await runCli(['config', 'check', '--config', configFile], r.cli)).toBe(2);
    expect(r.err.join('\n')).toContain("pms.fias.allow: is required when FIAS listens on 0.0.0.0: list the PMS computers' addresses");
  });
});
