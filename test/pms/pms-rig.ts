/**
 * A live station against the sandbox cloud with its PMS listeners on free loopback ports, as the
 * app runs it (secrets in the secret store, a file log in the data folder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStationConfig, withoutSecrets } from '../../electron/services/config';
import { createFileLogger, type StationLogger } from '../../electron/services/logging';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import type { StationConfig } from '../../shared/config';
import type { PmsStatus } from '../../shared/domain/pms';
import { tempDir } from '../helpers';
import { startSandboxRig, type SandboxRig } from '../outbox/sandbox-rig';

export const HTTP_TOKEN = 'pms-test-token-0123456789abcdef';

export interface PmsRigOptions {
  /** `pms` section; ports default to 0 (free ones). */
  pms?: Record<string, unknown>;
  encoder?: Record<string, unknown>;
  /** A token for the HTTP key API (default HTTP_TOKEN); null: none. */
  token?: string | null;
  httpAnswerWithinMs?: number;
  cloudWaitMs?: number;
  fiasLink?: { startRetryMs?: number; aliveIntervalMs?: number; silenceTimeoutMs?: number; startOnOpen?: boolean };
  /** Reuse a running sandbox (the bench and tests that share one). */
  rig?: SandboxRig;
  /** How long a desk window's hold on the encoder lasts without input (default 2 minutes). */
  deskHoldIdleMs?: number;
}

export interface PmsRig {
  rig: SandboxRig;
  station: Station;
  config: StationConfig;
  dataDir: string;
  log: StationLogger;
  status: PmsStatus;
  fiasPort: number;
  httpPort: number;
  httpUrl: string;
  /** The log file as written so far. */
  logText(): string;
  close(): Promise<void>;
}

export async function startPmsRig(options: PmsRigOptions = {}): Promise<PmsRig> {
  const rig = options.rig ?? (await startSandboxRig());
  const pms = { fias: { port: 0 }, http: { port: 0 }, ...options.pms };
  const config = parseStationConfig({ ...rig.config, encoder: { ...rig.config.encoder, ...options.encoder }, pms });
  const tmp = tempDir('cs-pms-');
  const log = createFileLogger({ file: join(tmp.dir, 'logs', 'station.log'), level: 'debug' });
  const secrets = new MemorySecretStore({
    'uclbrt.authToken': config.uclbrt?.authToken,
    'uclbrt.passwordMd5': config.uclbrt?.operator.passwordMd5,
    'tuya.secret': config.tuya?.secret,
    ...(options.token === null ? {} : { 'pms.httpToken': options.token ?? HTTP_TOKEN }),
  });
  for (const key of ['uclbrt.authToken', 'uclbrt.passwordMd5', 'tuya.secret', 'pms.httpToken'] as const)
    log.redactor.addSecret(await secrets.get(key));
  const station = await createStation(withoutSecrets(config), {
    secrets,
    log,
    dataDir: tmp.dir,
    redactor: log.redactor,
    pmsTiming: { httpAnswerWithinMs: options.httpAnswerWithinMs, fiasLink: options.fiasLink },
    pmsCloudWaitMs: options.cloudWaitMs,
    deskHoldIdleMs: options.deskHoldIdleMs,
  });
  const status = await station.pms.start();
  const port = (i: 'fias' | 'http') => status.listeners.find((l) => l.interface === i)?.port ?? 0;
  return {
    rig,
    station,
    config,
    dataDir: tmp.dir,
    log,
    status,
    fiasPort: port('fias'),
    httpPort: port('http'),
    httpUrl: `http://127.0.0.1:${port('http')}`,
    logText: () => {
      try {
        return readFileSync(join(tmp.dir, 'logs', 'station.log'), 'utf8');
      } catch {
        return '';
      }
    },
    async close() {
      await station.close();
      if (!options.rig) await rig.close();
      tmp.cleanup();
    },
  };
}

/** POST /v1/room-keys with plain fetch, as a PMS would. */
export async function postRoomKeys(
  url: string,
  body: unknown,
  token: string | null = HTTP_TOKEN,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/v1/room-keys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A departure date a few days ahead, as FIAS yymmdd and as an ISO date. */
export function departureIn(days: number): { fias: string; iso: string } {
  const d = new Date(Date.now() + days * 86_400_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    fias: `${two(d.getFullYear() % 100)}${two(d.getMonth() + 1)}${two(d.getDate())}`,
    iso: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
  };
}
