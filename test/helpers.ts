import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig } from '../electron/services/config';
import { silentLogger, type Logger } from '../electron/services/logging/logger';
import { MemorySecretStore, type SecretStore } from '../electron/services/secrets/secret-store';
import { createStation, type Station } from '../electron/services/station';

export function tempDir(prefix = 'cs-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A demo-mode station in a fresh data folder. */
export async function demoStation(
  opts: { secrets?: SecretStore; log?: Logger; config?: unknown } = {},
): Promise<{ station: Station; dataDir: string; cleanup: () => Promise<void> }> {
  const tmp = tempDir();
  const station = await createStation(parseStationConfig(opts.config ?? {}), {
    secrets: opts.secrets ?? new MemorySecretStore(),
    log: opts.log ?? silentLogger,
    dataDir: tmp.dir,
  });
  return {
    station,
    dataDir: tmp.dir,
    cleanup: async () => {
      await station.close();
      tmp.cleanup();
    },
  };
}

export const REPO_ROOT = join(__dirname, '..');
