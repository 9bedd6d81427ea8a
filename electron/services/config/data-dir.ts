import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { StationConfig } from '../../../shared/config';
import { StationFailure } from '../failure';

const APP_DIR = 'Card Station';

/** Where the station keeps its database, logs and saved settings unless told otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'card-station');
}

/**
 * The data directory: `STATION_DATA_DIR` wins (tests, portable installs), then the config's
 * `dataDir` (relative to the config file), then the platform default.
 */
export function resolveDataDir(
  config: Pick<StationConfig, 'dataDir'>,
  configPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (env.STATION_DATA_DIR) return resolve(env.STATION_DATA_DIR);
  if (config.dataDir) {
    if (isAbsolute(config.dataDir)) return config.dataDir;
    return resolve(configPath ? dirname(configPath) : process.cwd(), config.dataDir);
  }
  return defaultDataDir(env);
}

/**
 * Creates the directory if needed and proves it is writable by writing a small probe file, which
 * is always removed, also when the write fails half-way (a full disk creates the file, then fails).
 * Fails with `station.data-dir-full` on a full disk and `station.data-dir` otherwise.
 */
export function ensureWritableDataDir(dir: string): void {
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, 'ok');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw StationFailure.of('station.data-dir-full', { path: dir });
    throw StationFailure.of('station.data-dir', { path: dir, detail: err instanceof Error ? err.message : String(err) });
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      // the folder itself is unusable: the error above says so
    }
  }
}
