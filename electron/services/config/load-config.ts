import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stationConfigSchema, type StationConfig } from '../../../shared/config';
import { describeIssues, issueLine, validationError } from '../../../shared/errors/from-zod';
import { stationError, type StationError } from '../../../shared/errors';
import { SECRET_ENV } from '../secrets/env-file-secret-store';
import { defaultDataDir } from './data-dir';
import { readFileBounded } from './json-file';

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

/** A station configuration is a few hundred bytes; anything past this is the wrong file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const PLAIN_PASSWORD_HINT = `is not a known key: the plain password is never kept in the file; put its MD5 in uclbrt.operator.passwordMd5, or give the password to the CLI in ${SECRET_ENV.password}`;
/** Unknown keys that deserve more than "did you mean". */
const KEY_HINTS: Record<string, string> = {
  'uclbrt.operator.password': PLAIN_PASSWORD_HINT,
  'uclbrt.password': PLAIN_PASSWORD_HINT,
};

export function parseStationConfig(raw: unknown, path?: string): StationConfig {
  const parsed = stationConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error, stationConfigSchema, KEY_HINTS);
  throw new ConfigError(validationError(issues, 'station.config-invalid'), issues.map(issueLine), path);
}

/** The first line (1-based) holding bytes that are not UTF-8; a line break byte never occurs inside a UTF-8 sequence. */
function firstNonUtf8Line(bytes: Buffer): number {
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    if (!isUtf8(bytes.subarray(start, end < 0 ? bytes.length : end))) return line;
    if (end < 0) return line;
    start = end + 1;
  }
}

/** The file's JSON; undefined when it does not exist. Refuses (ConfigError) a huge file, bytes that are not UTF-8, and bad JSON. */
function readConfigJson(path: string): unknown {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileBounded(path, MAX_CONFIG_BYTES);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConfigError(stationError('station.config-unreadable', { path, detail }), [`(file): ${detail}`], path);
  }
  if (bytes === undefined) return undefined;
  if (bytes.length > MAX_CONFIG_BYTES) {
    const error = stationError('station.config-too-large', { path, limit: '1 MB' });
    throw new ConfigError(error, ['(file): is larger than 1 MB; a station configuration is a short JSON file'], path);
  }
  if (!isUtf8(bytes)) {
    const line = firstNonUtf8Line(bytes);
    const error = stationError('station.config-not-utf8', { path, line });
    throw new ConfigError(error, [`(file): line ${line} is not UTF-8 text; save the file with the encoding UTF-8`], path);
  }
  try {
    return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConfigError(stationError('station.config-unreadable', { path, detail }), [`(file): ${detail}`], path);
  }
}

/** Loads and validates the station config; no path means demo mode with every default. */
export function loadStationConfig(path: string | undefined): LoadedConfig {
  if (!path) return { config: parseStationConfig({}), raw: {} };
  const raw = readConfigJson(path);
  if (raw === undefined) {
    const detail = 'the file does not exist';
    throw new ConfigError(stationError('station.config-unreadable', { path, detail }), [`(file): ${detail}`], path);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const issues = [{ field: '', message: 'the file must hold a JSON object' }];
    throw new ConfigError(validationError(issues, 'station.config-invalid'), issues.map(issueLine), path);
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
  if (copy.pms?.http) delete copy.pms.http.token;
  return copy;
}
