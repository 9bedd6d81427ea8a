import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs as parseFlags } from '../../electron/cli/args';
import type { CliIo } from '../../electron/cli/command';
import { withCliStation } from '../../electron/cli/context';
import { STATION_FLAGS } from '../../electron/cli/flags';
import { StationFailure } from '../../electron/services/failure';
import { tempDir } from '../helpers';

const parseArgs = (argv: string[]) => parseFlags(argv, { flags: STATION_FLAGS });

const tmp = tempDir('cs-cli-context-');
afterAll(() => tmp.cleanup());

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { STATION_DATA_DIR: join(tmp.dir, 'data'), ...env },
    interrupted: new Promise(() => {}),
  };
  return { value, out, err };
}

describe('CLI context (shared by every command)', () => {
  it('builds a station from --config and environment secrets, then closes it', async () => {
    const file = join(tmp.dir, 'station.json');
    writeFileSync(file, JSON.stringify({ operatorName: 'Night desk', tuya: { clientId: 'c', projectId: 'p' } }));
    const { value } = io({ STATION_TUYA_SECRET: 'tuya-env-secret' });
    let seen: unknown;
    const code = await withCliStation(parseArgs(['--config', file]), value, async ({ station, configPath, dataDir }) => {
      seen = { view: await station.settings.get(), operator: station.operatorName(), configPath, dataDir };
      return 0;
    });
    expect(code).toBe(0);
    expect(seen).toMatchObject({
      view: { tuya: { hasSecret: true } },
      operator: 'Night desk',
      configPath: file,
      dataDir: join(tmp.dir, 'data'),
    });
    expect(JSON.stringify(seen)).not.toContain('tuya-env-secret');
  });

  it('maps failures to the exit codes and prints one JSON object with --json', async () => {
    const timeout = io();
    expect(
      await withCliStation(parseArgs(['--json']), timeout.value, async () => Promise.reject(StationFailure.of('station.timeout'))),
    ).toBe(3);
    expect(JSON.parse(timeout.out.join(''))).toMatchObject({ ok: false, error: { code: 'station.timeout' } });
    const failed = io();
    expect(await withCliStation(parseArgs([]), failed.value, async () => Promise.reject(new Error('disk on fire')))).toBe(4);
    expect(failed.err.join('\n')).toContain('disk on fire');
    expect(failed.out).toEqual([]);
  });

  it('a bad config exits 2 before the command runs', async () => {
    const file = join(tmp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ encoder: { driver: 'rdm6300' } }));
    const bad = io();
    let ran = false;
    const code = await withCliStation(parseArgs(['--config', file, '--json']), bad.value, async () => {
      ran = true;
      return 0;
    });
    expect(code).toBe(2);
    expect(ran).toBe(false);
    expect(JSON.parse(bad.out.join(''))).toMatchObject({ ok: false, error: { field: 'encoder.port' } });
    expect(bad.err.join('\n')).toContain('encoder.port: is required for the rdm6300 driver');
  });
});
