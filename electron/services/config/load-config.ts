import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeConfigIssues, stationConfigSchema, type StationConfig } from '../../../shared/config';
import { stationError, type StationError } from '../../../shared/errors';
import { defaultDataDir } from './data-dir';
import { readJsonFile } from './json-file';

/** A configuration that cannot be used; `issues` has one `field: rule` line per problem. */
export class ConfigError extends Error {
  constructor(
    readonly error: StationError,
    readonly issues: string[],
    readonly path?: string,
  ) {
    super(error.message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: StationConfig;
  /** Absolute path of the file it came from; undefined in demo mode with no file. */
  path?: string;
  /** The file's JSON as written (secret fields included); settings updates start from it. */
  raw: Record<string, unknown>;
}

/** The file the Settings screen saves to when no `--config`/`STATION_CONFIG` names one. */
export const SAVED_CONFIG_FILE = 'station.config.json';

/**
 * `--config FILE` wins over `STATION_CONFIG`; then the settings file the app saved in the data
 * directory (`STATION_DATA_DIR` or the platform default), if there is one; else demo defaults.
 */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = flag ?? env.STATION_CONFIG;
  if (chosen) return resolve(chosen);
  const saved = join(env.STATION_DATA_DIR ? resolve(env.STATION_DATA_DIR) : defaultDataDir(env), SAVED_CONFIG_FILE);
  return existsSync(saved) ? saved : undefined;
}

export function parseStationConfig(raw: unknown, path?: string): StationConfig {
  const parsed = stationConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = describeConfigIssues(parsed.error).map((line, i) => {
    const issue = parsed.error.issues[i];
    // zod's wording for a missing field ("expected string, received undefined") says less than this.
    return issue?.code === 'invalid_type' && /received undefined/.test(issue.message) ? line.replace(issue.message, 'is required') : line;
  });
  const first = parsed.error.issues[0];
  const field = first?.path.length ? first.path.join('.') : undefined;
  const error = stationError('station.config-invalid', { detail: issues.join('; ') }, field ? { field } : undefined);
  throw new ConfigError(error, issues, path);
}

/** Loads and validates the station config; no path means demo mode with every default. */
export function loadStationConfig(path: string | undefined): LoadedConfig {
  if (!path) return { config: parseStationConfig({}), raw: {} };
  let raw: unknown;
  try {
    raw = readJsonFile(path);
    if (raw === undefined) throw new Error('the file does not exist');
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConfigError(stationError('station.config-unreadable', { path, detail }), [`(file): ${detail}`], path);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const error = stationError('station.config-invalid', { detail: '(root): must be a JSON object' });
    throw new ConfigError(error, ['(root): must be a JSON object'], path);
  }
  return { config: parseStationConfig(raw, path), path, raw: raw as Record<string, unknown> };
}

/** The config without its secret fields: secrets live only in the SecretStore. */
export function withoutSecrets(config: StationConfig): StationConfig {
  const copy = structuredClone(config);
  if (copy.uclbrt) {
    delete copy.uclbrt.authToken;
    if (copy.uclbrt.operator) delete copy.uclbrt.operator.passwordMd5;
  }
  if (copy.tuya) delete copy.tuya.secret;
  return copy;
}
