import type { PortInfo } from '../../../shared/domain/encoder';
import type { StationStatus } from '../../../shared/domain/status';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { flagBool, flagNumber, flagString, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command } from '../command';
import { msFlag, STATION_FLAGS, tcpPortFlag } from '../flags';
import {
  CliConfigError,
  createCliSecrets,
  loadCliConfig,
  loadCliStation,
  printJson,
  reportCliFailure,
  withCliStation,
  type CliStation,
} from '../context';
import { ensureWritableDataDir } from '../../services/config';
import { toStationError } from '../../services/failure';
import { describeError } from '../../../shared/errors';
import { createFileLogger } from '../../services/logging';
import { startHarness } from '../../services/harness';
import { listenerLine } from './pms';
import { settingsView } from '../../services/settings';
import { APP_SECRETS_FILE, keysKeptEncrypted } from '../../services/secrets/encrypted-file-secret-store';
import { missingSecretError, missingSecretLine, requiredSecrets } from '../../services/secrets/required-secrets';
import type { SecretKey } from '../../services/secrets/secret-store';

/** "HID devices cannot be listed ...: why. What to do." for each listing that failed. */
function listingProblems(ports: PortInfo[]): string[] {
  return ports.flatMap((p) => {
    if (!p.unavailable) return [];
    const { text, action } = describeError(p.unavailable, 'en');
    return [`${text}. ${action ?? ''}`.trim()];
  });
}

function portsTable(ports: PortInfo[]): string {
  const devices = ports.filter((p) => !p.unavailable);
  const problems = listingProblems(ports);
  if (devices.length === 0) return [problems.length ? 'No devices found.' : 'No serial or HID devices found.', ...problems].join('\n');
  return devices
    .map((p) => {
      const ids = p.vendorId ? ` ${p.vendorId}:${p.productId ?? '????'}` : '';
      const who = [p.manufacturer, p.product].filter(Boolean).join(' ');
      const hint = p.likelyEncoder ? `  <- ${p.likelyEncoder}` : '';
      return `${p.kind.padEnd(6)} ${p.path}${ids}${who ? `  ${who}` : ''}${hint}`;
    })
    .concat(problems)
    .join('\n');
}

const ports: Command = {
  name: 'ports',
  summary: 'List serial and HID devices (path, VID:PID, manufacturer) an encoder may be on',
  flags: STATION_FLAGS,
  run: (args, io) =>
    withCliStation(args, io, async ({ station }) => {
      const found = await station.encoder.ports();
      if (flagBool(args, 'json')) {
        printJson(io, found);
        for (const line of listingProblems(found)) io.stderr(line);
      } else io.stdout(portsTable(found));
      return EXIT.ok;
    }),
};

/** How `config check` reports one secret: where it is, or that it is missing. */
function secretState(set: boolean, keptByApp: boolean, needed: boolean): string {
  if (set) return 'set';
  if (keptByApp) return 'kept by the app (encrypted)';
  return needed ? 'MISSING' : 'not set';
}

const configCheck: Command = {
  name: 'config check',
  summary: 'Validate the station configuration and say which secrets are set (never their values); not OK while a needed secret is missing',
  flags: STATION_FLAGS,
  async run(args, io) {
    try {
      const { config, configPath, dataDir } = loadCliConfig(args, io);
      const log = createFileLogger({});
      const secrets = createCliSecrets(configPath, io.env, log);
      const view = await settingsView(config, secrets, dataDir);
      // The app keeps secrets encrypted for its desktop user; the CLI sees that they are there, not what they are.
      const keptByApp = keysKeptEncrypted(join(dataDir, APP_SECRETS_FILE));
      const required = requiredSecrets(config);
      const missing = [];
      for (const secret of required) if (!(await secrets.get(secret.key)) && !keptByApp.includes(secret.key)) missing.push(secret);
      const ok = missing.length === 0;
      const result = {
        ok,
        path: configPath ?? null,
        demoDefaults: !configPath,
        ...(ok
          ? {}
          : {
              error: missingSecretError(missing[0]),
              missingSecrets: missing.map(({ key, provider, name, env, field }) => ({ key, provider, name, env, field })),
            }),
        secretsKeptByApp: keptByApp,
        settings: view,
      };
      if (flagBool(args, 'json')) printJson(io, result);
      else {
        if (ok) io.stdout(`Configuration OK: ${configPath ?? 'no file given, demo mode defaults'}`);
        else {
          io.stderr(`Configuration not ready: ${configPath ?? 'no file given'}`);
          for (const secret of missing) io.stderr(`  ${missingSecretLine(secret)}`);
        }
        const state = (key: SecretKey, set: boolean) =>
          secretState(
            set,
            keptByApp.includes(key),
            required.some((r) => r.key === key),
          );
        io.stdout(
          `Mode ${view.mode}, encoder ${view.encoder.driver}${view.encoder.port ? ` on ${view.encoder.port}` : ''}, data in ${dataDir}`,
        );
        if (view.uclbrt)
          io.stdout(
            `UCLBRT ${view.uclbrt.baseUrl}: auth token ${state('uclbrt.authToken', view.uclbrt.hasAuthToken)}, operator password ${state('uclbrt.passwordMd5', view.uclbrt.hasPassword)}`,
          );
        if (view.tuya) io.stdout(`Tuya ${view.tuya.baseUrl}: secret ${state('tuya.secret', view.tuya.hasSecret)}`);
        const pms = config.pms;
        if (pms?.fias)
          io.stdout(
            `PMS FIAS interface on ${pms.fias.host}:${pms.fias.port}, encoder ${pms.fias.encoderId}, PMS allowed from ${(pms.fias.allow ?? ['127.0.0.1', '::1']).join(', ')}`,
          );
        if (pms?.http)
          io.stdout(
            `PMS HTTP key API on ${pms.http.host}:${pms.http.port}, encoder ${pms.http.encoderId}: token ${state('pms.httpToken', Boolean(await secrets.get('pms.httpToken')))}`,
          );
      }
      return ok ? EXIT.ok : EXIT.usage;
    } catch (err) {
      return reportCliFailure(err, args, io);
    }
  },
};

export interface Check {
  ok: boolean;
  detail: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: { config: Check; dataDir: Check; encoder: Check; clouds: Check & { providers: Array<Check & { provider: string }> } };
}

/** Waits for the encoder to leave `connecting` (it opens in the background), up to `ms`. */
async function settledEncoder(ctx: CliStation, ms: number): Promise<StationStatus['encoder']> {
  const current = ctx.station.encoder.status();
  if (current.state !== 'connecting') return current;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(ctx.station.encoder.status());
    }, ms);
    const off = ctx.station.events.on('station:status', (s) => {
      if (s.encoder.state === 'connecting') return;
      clearTimeout(timer);
      off();
      resolve(s.encoder);
    });
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

async function encoderCheck(ctx: CliStation, timeoutMs: number): Promise<Check> {
  if (ctx.config.encoder.driver === 'none') return { ok: true, detail: 'No encoder configured (driver "none").' };
  const s = await settledEncoder(ctx, timeoutMs);
  const driver = s.driver === 'none' ? ctx.config.encoder.driver : s.driver;
  const where = `${driver}${s.port && s.port !== driver ? ` on ${s.port}` : ''}`;
  if (s.state === 'ready')
    return { ok: true, detail: `Encoder ${where} is ready${s.model ? ` (${s.model}${s.firmware ? ` ${s.firmware}` : ''})` : ''}.` };
  return { ok: false, detail: `Encoder ${where} is ${s.state}${s.error ? `: ${s.error.message}` : '.'}` };
}

async function cloudChecks(ctx: CliStation, timeoutMs: number): Promise<DoctorReport['checks']['clouds']> {
  const providers: Array<Check & { provider: string }> = [];
  for (const c of ctx.station.cloud.status()) {
    if (c.state === 'unconfigured') {
      providers.push({ provider: c.provider, ok: true, detail: 'Not configured on this station.' });
      continue;
    }
    try {
      const r = await withTimeout(ctx.station.cloud.testConnection({ provider: c.provider }), timeoutMs, `${c.provider} cloud`);
      providers.push({
        provider: c.provider,
        ok: r.ok,
        detail: r.ok
          ? `Reachable (${r.latencyMs} ms)${c.baseUrl ? ` at ${c.baseUrl}` : ''}.`
          : `Not reachable: ${r.error?.message ?? 'no answer'}`,
      });
    } catch (err) {
      providers.push({ provider: c.provider, ok: false, detail: toStationError(err).message });
    }
  }
  const ok = providers.every((p) => p.ok);
  return { ok, detail: providers.map((p) => `${p.provider}: ${p.detail}`).join(' '), providers };
}

function skipped(reason: string): Check {
  return { ok: false, detail: `Not checked: ${reason}` };
}

function printDoctor(args: ParsedArgs, io: CliIo, report: DoctorReport): void {
  if (flagBool(args, 'json')) return printJson(io, report);
  for (const [name, check] of Object.entries(report.checks)) io.stdout(`${check.ok ? 'OK  ' : 'FAIL'} ${name.padEnd(8)} ${check.detail}`);
  io.stdout(report.ok ? 'Everything the station needs is in order.' : 'Some checks failed; see above.');
}

const doctor: Command = {
  name: 'doctor',
  summary: 'Check the configuration, data folder, encoder and clouds; one line (or one JSON object) per check',
  flags: [...STATION_FLAGS, msFlag('timeout', 'How long to wait for the encoder and each cloud (default 8000)', { min: 1 })],
  async run(args, io) {
    const timeoutMs = flagNumber(args, 'timeout') ?? 8000;
    const report: DoctorReport = {
      ok: false,
      checks: {
        config: skipped('—'),
        dataDir: skipped('the configuration is not valid'),
        encoder: skipped('the configuration is not valid'),
        clouds: { ...skipped('the configuration is not valid'), providers: [] },
      },
    };
    let dataDir: string;
    try {
      const loaded = loadCliConfig(args, io);
      dataDir = loaded.dataDir;
      report.checks.config = {
        ok: true,
        detail: loaded.configPath
          ? `${loaded.configPath} is valid (${loaded.config.mode} mode).`
          : 'No configuration file: demo mode defaults.',
      };
    } catch (err) {
      if (!(err instanceof CliConfigError)) return reportCliFailure(err, args, io);
      report.checks.config = { ok: false, detail: err.message };
      io.stderr(err.message);
      printDoctor(args, io, report);
      return EXIT.usage;
    }
    try {
      ensureWritableDataDir(dataDir);
      report.checks.dataDir = { ok: true, detail: `${dataDir} is writable.` };
    } catch (err) {
      report.checks.dataDir = { ok: false, detail: toStationError(err).message };
      report.checks.encoder = skipped('the data folder is not usable');
      report.checks.clouds = { ...skipped('the data folder is not usable'), providers: [] };
      printDoctor(args, io, report);
      return EXIT.operationFailed;
    }
    let ctx: CliStation | undefined;
    try {
      ctx = await loadCliStation(args, io);
      report.checks.encoder = await encoderCheck(ctx, timeoutMs);
      report.checks.clouds = await cloudChecks(ctx, timeoutMs);
    } catch (err) {
      const detail = toStationError(err).message;
      if (!ctx) {
        report.checks.encoder = { ok: false, detail: `The station could not start: ${detail}` };
        report.checks.clouds = { ok: false, detail: `The station could not start: ${detail}`, providers: [] };
      }
    } finally {
      await ctx?.close().catch(() => undefined);
    }
    report.ok = Object.values(report.checks).every((c) => c.ok);
    printDoctor(args, io, report);
    return report.ok ? EXIT.ok : EXIT.operationFailed;
  },
};

const web: Command = {
  name: 'web',
  summary: 'Run the station with the browser harness on 127.0.0.1 and print its URL (Ctrl-C stops it)',
  flags: [
    tcpPortFlag('Port on 127.0.0.1 (default 0: a free one)'),
    { name: 'renderer', type: 'string', value: 'DIR', help: 'The built renderer (default out/renderer)' },
    ...STATION_FLAGS,
  ],
  run: (args, io) =>
    withCliStation(
      args,
      io,
      async ({ station, log }) => {
        const rendererDir = resolve(flagString(args, 'renderer') ?? join(process.cwd(), 'out', 'renderer'));
        if (!existsSync(join(rendererDir, 'index.html'))) {
          io.stderr(`The renderer is not built (${rendererDir} has no index.html). Run "npm run build" first.`);
          return EXIT.operationFailed;
        }
        const harness = await startHarness({
          station,
          rendererDir,
          host: '127.0.0.1',
          port: flagNumber(args, 'port') ?? 0,
          log: log.child('harness'),
        });
        // The hotel's PMS reaches this station too while it runs (when pms is configured).
        const pms = await station.pms.start();
        for (const l of pms.listeners) if (l.state !== 'off') io.stderr(`PMS${listenerLine(l)}`);
        if (flagBool(args, 'json')) printJson(io, { url: harness.url, port: harness.port });
        else io.stdout(`Card Station is running at\n\n  ${harness.url}\n\nOpen it in Chromium or Chrome. Press Ctrl-C to stop.`);
        await io.interrupted;
        io.stderr('Stopping...');
        await harness.close();
        return EXIT.ok;
      },
      { siteSync: 'background' },
    ),
};

/** The station as a whole: what is attached, whether its configuration and clouds are in order, the browser harness. */
export const stationCommands: Command[] = [ports, configCheck, doctor, web];
