import { resolve } from 'node:path';
import { describeConfigIssues, stationConfigSchema, type StationConfig } from '../../../shared/config';
import { stationError, type StationError } from '../../../shared/errors';
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

/** `--config FILE` wins over `STATION_CONFIG`; neither means demo defaults. */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = flag ?? env.STATION_CONFIG;
  return chosen ? resolve(chosen) : undefined;
}

export function parseStationConfig(raw: unknown, path?: string): StationConfig {
  const parsed = stationConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = describeConfigIssues(parsed.error);
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
