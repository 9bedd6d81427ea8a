/**
 * What every CLI command that needs the station shares: config (`--config FILE` or
 * `STATION_CONFIG`), secrets (environment, then config file), the redacting logger, and the Station.
 *
 *   run: (args, io) => withCliStation(args, io, async ({ station }) => { ...; return EXIT.ok; })
 *
 * Commands that use it declare STATION_FLAGS (`--config`, `--verbose`, `--json`; see flags.ts).
 */
import { join } from 'node:path';
import type { StationConfig } from '../../shared/config';
import { describeError, type Language, type StationError } from '../../shared/errors';
import { flagBool, flagString, UsageError, type ParsedArgs } from './args';
import { EXIT, type CliIo } from './command';
import {
  ConfigError,
  ensureWritableDataDir,
  loadStationConfig,
  resolveConfigPath,
  resolveDataDir,
  SAVED_CONFIG_FILE,
  withoutSecrets,
} from '../services/config';
import { StationFailure, toStationError } from '../services/failure';
import { createFileLogger, redactingSecretStore, type StationLogger } from '../services/logging';
import { EnvFileSecretStore, SECRET_ENV } from '../services/secrets/env-file-secret-store';
import { SECRET_KEYS, type SecretStore } from '../services/secrets/secret-store';
import { createStation, type Station } from '../services/station';
import { Registry } from '../services/registry/service';
import { HotelCards } from '../services/site/hotel-cards';
import { openStationReader, type StationReader } from '../services/store/station-data';

export interface CliConfig {
  /** Validated, without secret fields (those are in `secrets`). */
  config: StationConfig;
  /** Absolute path of the config file; undefined means demo defaults. */
  configPath?: string;
  dataDir: string;
}

export interface CliStation extends CliConfig {
  station: Station;
  secrets: SecretStore;
  log: StationLogger;
  /** Closes the station (ports, database, timers). withCliStation calls it for you. */
  close(): Promise<void>;
}

/** A config problem; extends UsageError so the CLI exits 2 even if a command lets it escape. */
export class CliConfigError extends UsageError {
  constructor(readonly problem: ConfigError) {
    super(
      [
        problem.path ? `The configuration file ${problem.path} is not valid:` : 'The configuration is not valid:',
        ...problem.issues.map((i) => `  ${i}`),
      ].join('\n'),
    );
    this.name = 'CliConfigError';
  }
}

/** Loads and validates the config without touching the data directory or any device. */
export function loadCliConfig(args: ParsedArgs, io: Pick<CliIo, 'env'>): CliConfig {
  const configPath = resolveConfigPath(flagString(args, 'config'), io.env);
  try {
    const { config } = loadStationConfig(configPath);
    return { config: withoutSecrets(config), configPath, dataDir: resolveDataDir(config, configPath, io.env) };
  } catch (err) {
    if (err instanceof ConfigError) throw new CliConfigError(err);
    throw err;
  }
}

export function createCliSecrets(configPath: string | undefined, env: NodeJS.ProcessEnv, log: StationLogger): SecretStore {
  if (env[SECRET_ENV.password]) log.redactor.addSecret(env[SECRET_ENV.password]);
  return redactingSecretStore(new EnvFileSecretStore(configPath, env), log.redactor);
}

/** Config + secrets + logger + Station. Throws CliConfigError (exit 2) or StationFailure (exit 4). */
/** What a command needs of the station beyond the defaults. */
export interface CliStationOptions {
  /** The site sync: only when the command asks (default), or in the background (the `web` harness). */
  siteSync?: 'background' | 'manual';
  /** False: the outbox sends nothing while the command runs (commands that only read). */
  sendQueued?: boolean;
}

export async function loadCliStation(
  args: ParsedArgs,
  io: Pick<CliIo, 'env' | 'stderr'>,
  options: CliStationOptions = {},
): Promise<CliStation> {
  const { config, configPath, dataDir } = loadCliConfig(args, io);
  ensureWritableDataDir(dataDir);
  const verbose = flagBool(args, 'verbose') || Boolean(io.env.STATION_VERBOSE);
  const log = createFileLogger({
    file: join(dataDir, 'logs', 'station.log'),
    level: verbose ? 'debug' : 'info',
    console: { level: verbose ? 'debug' : 'error', write: (line) => io.stderr(line) },
  });
  // Settings changes (and secrets set from the CLI) go to the config file, or to the data folder's one.
  const savePath = configPath ?? join(dataDir, SAVED_CONFIG_FILE);
  const secrets = createCliSecrets(savePath, io.env, log);
  // Read every secret once so the redactor masks it even where a service forgets to.
  for (const key of SECRET_KEYS) await secrets.get(key);
  const station = await createStation(config, {
    secrets,
    log,
    dataDir,
    configPath: savePath,
    redactor: log.redactor,
    sendQueued: options.sendQueued,
    siteSync: options.siteSync ?? 'manual',
  });
  printNotices(io, station.status().notices ?? [], config.language);
  log.debug('cli station ready', { configPath: configPath ?? '(demo defaults)', dataDir, mode: config.mode });
  return { station, config, configPath, dataDir, secrets, log, close: () => station.close() };
}

/** What staff must know although the command can run (a damaged database kept aside): on stderr, with what to do. */
export function printNotices(io: Pick<CliIo, 'stderr'>, notices: readonly StationError[], language: Language = 'en'): void {
  for (const notice of notices) {
    const { text, action } = describeError(notice, language);
    io.stderr(`Warning: ${text}${action ? ` ${action}` : ''}`);
  }
}

/** Writes the one JSON value a `--json` command prints. */
export function printJson(io: Pick<CliIo, 'stdout'>, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}

/** Turns a failure into the CLI's conventions: stderr message, `{ok:false,error}` with --json, and the exit code. */
export function reportCliFailure(err: unknown, args: ParsedArgs, io: Pick<CliIo, 'stdout' | 'stderr'>): number {
  let error: StationError;
  let code: number;
  let extra: Record<string, unknown> = {};
  if (err instanceof CliConfigError) {
    error = err.problem.error;
    code = EXIT.usage;
    extra = { issues: err.problem.issues };
    io.stderr(err.message);
  } else if (err instanceof UsageError) {
    error = err.error ?? { code: 'station.usage', message: err.message };
    code = EXIT.usage;
    io.stderr(err.message);
  } else {
    error = err instanceof StationFailure ? err.error : toStationError(err);
    code = error.code === 'station.timeout' || /\.timeout$|no-answer$/.test(error.code) ? EXIT.timeout : EXIT.operationFailed;
    io.stderr(`Error: ${error.message}`);
  }
  if (flagBool(args, 'json')) printJson(io, { ok: false, error, ...extra });
  return code;
}

/** Runs `fn` with a loaded station, always closes it, and maps failures to exit codes. */
export async function withCliStation(
  args: ParsedArgs,
  io: CliIo,
  fn: (ctx: CliStation) => Promise<number>,
  options: CliStationOptions = {},
): Promise<number> {
  let ctx: CliStation;
  try {
    ctx = await loadCliStation(args, io, options);
  } catch (err) {
    return reportCliFailure(err, args, io);
  }
  try {
    return await fn(ctx);
  } catch (err) {
    return reportCliFailure(err, args, io);
  } finally {
    await ctx.close().catch((err) => ctx.log.warn('closing the station failed', { err }));
  }
}

/** What a command that only looks gets: the reading side of the station's stores and the registry on them. */
export interface CliStationReader {
  data: StationReader;
  registry: Registry;
  config: StationConfig;
  dataDir: string;
}

/**
 * Runs `fn` on the station database opened for looking only (queue list, cards find, audit
 * export): no worker starts, so looking at the queue never sends anything (or keeps the command
 * waiting for a cloud answer), and nothing can be written. Always closes it; failures become exit codes.
 */
export async function withStationReader(args: ParsedArgs, io: CliIo, fn: (reader: CliStationReader) => Promise<number>): Promise<number> {
  let data: StationReader | undefined;
  try {
    const { dataDir, config } = loadCliConfig(args, io);
    data = openStationReader({ dataDir });
    printNotices(io, data.notices(), config.language);
    // A desk in a site finds every desk's cards, as the app does.
    const reader = data;
    const me = () => (config.site ? reader.siteIdentity()?.stationId : undefined);
    const hotel = { cards: new HotelCards(data.cards, data.siteView, me), view: data.siteView, me };
    return await fn({ data, registry: new Registry(data.cards, data.audit, hotel), config, dataDir });
  } catch (err) {
    return reportCliFailure(err, args, io);
  } finally {
    data?.close();
  }
}
