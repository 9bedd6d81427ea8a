/**
 * The cloud service: provider status, live lookups, the MAC list and connection tests, plus the
 * executor the outbox sends through. In demo mode without provider settings it starts the
 * sandbox cloud in-process (127.0.0.1, free port) with the demo fixture.
 */
import type { StationConfig } from '../../../shared/config';
import type { CloudState, CloudStatus, ProviderId } from '../../../shared/domain/cloud';
import type { CloudLookup } from '../../../shared/domain/lookup';
import type { StationError } from '../../../shared/errors';
import { StationFailure } from '../failure';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redact';
import { demoFixture } from '../sandbox/fixture';
import { startSandbox, type SandboxHandle } from '../sandbox/server';
import type { SecretStore } from '../secrets/secret-store';
import type { CloudService } from '../services';
import { CloudCallError } from './call-error';
import type { CloudExecutor, CloudOutcome } from './executor';
import { createCloudExecutor, probeProvider, type CloudClients, type CloudTimeouts } from './executor-impl';
import { classifyFailure, maskOutcome } from './outcome';
import { instantToZonedWallTime, uclbrtTimeToLocal } from './uclbrt/time';
import { operateCardTypeFor } from './uclbrt/validate';
import type { RoomRef } from '../../../shared/domain/rooms';

/** What the rooms service asks the clouds, through the same clients and status as everything else. */
export interface RoomsCloud {
  /** UCLBRT's room tree (`fetchRoomInfo` data); throws when UCLBRT is not configured or fails. */
  roomTree(): Promise<unknown>;
  /** One room's door log (`queryByRoom` data) between two `yyyy-mm-dd` dates. */
  doorLog(room: RoomRef, startDate: string, endDate: string): Promise<unknown>;
  /** The QR card as the guest gets it (`getCard`, resultType 1: `baseImg` and validity). */
  qrCard(card: { cardNo: string; mobile?: string; areaCode?: string }): Promise<Record<string, unknown>>;
  /** `Home/Qrm/readCard` for the card on the encoder; undefined when the cloud cannot read one (5300, 5307). */
  readProximity(serialNum: string): Promise<Record<string, unknown> | undefined>;
  /** The configured Tuya locks, with their rooms where known (demo fixture). */
  tuyaLocks(): Promise<{ configured: boolean; locks: { deviceId: string; room?: RoomRef }[] }>;
  /** Whether a provider has settings to call it with. */
  configured(provider: ProviderId): Promise<boolean>;
  /** The zone UCLBRT validity times are read in (the community's), else this computer's. */
  wallClockZone(): string;
}

/** CloudService plus what the station wiring needs: the outbox's executor and the demo sandbox. */
export interface StationCloudService extends CloudService {
  readonly executor: CloudExecutor;
  /** The in-process sandbox of a demo station (undefined otherwise). */
  readonly sandbox?: SandboxHandle;
  readonly rooms: RoomsCloud;
}

export interface CloudServiceDeps {
  getConfig: () => StationConfig;
  secrets: SecretStore;
  log?: Logger;
  /** Called when a provider's status changes. */
  notify?: () => void;
  timeouts?: CloudTimeouts;
  /** Demo mode starts the sandbox unless this is false (tests that bring their own). */
  startDemoSandbox?: boolean;
  /** Zone for Tuya times (default: this computer's). */
  stationTimeZone?: string;
  /** The log's redactor: masks secrets in every error this service stores or answers. */
  redactor?: Redactor;
}

/** Vendor codes that mean "no such card" for a lookup. */
const NOT_FOUND: Record<ProviderId, ReadonlySet<string>> = {
  uclbrt: new Set(['5210', '5307', '5016', '6108']),
  tuya: new Set(['1000', '2010']),
};

interface ProviderHealth {
  state: CloudState;
  since: string;
  lastError?: StationError;
}

function nextState(outcome: CloudOutcome): CloudState {
  if (outcome.kind === 'success') return 'online';
  const code = outcome.error.code;
  if (code === 'uclbrt.not-configured' || code === 'station.not-available') return 'unconfigured';
  if (code === 'cloud.unreachable') return 'offline';
  if (outcome.kind === 'retryable' || outcome.kind === 'ambiguous') return 'degraded';
  return 'online'; // the cloud answered, it refused this one request
}

export async function createCloudService(deps: CloudServiceDeps): Promise<StationCloudService> {
  const log = deps.log;
  const config = deps.getConfig();
  let sandbox: SandboxHandle | undefined;
  if (config.mode === 'demo' && (!config.uclbrt || !config.tuya) && deps.startDemoSandbox !== false) {
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, fixture: demoFixture() });
    log?.info('demo sandbox cloud started', { url: sandbox.url });
  }
  const demo = sandbox ? { url: sandbox.url, fixture: sandbox.state.fixture } : undefined;

  const started = new Date().toISOString();
  const health: Record<ProviderId, ProviderHealth> = {
    uclbrt: { state: 'online', since: started },
    tuya: { state: 'online', since: started },
  };
  let closed = false;

  const record = (provider: ProviderId, outcome: CloudOutcome): void => {
    const state = nextState(outcome);
    const h = health[provider];
    const lastError = outcome.kind === 'success' ? undefined : outcome.error;
    const changed = h.state !== state;
    health[provider] = { state, since: changed ? new Date().toISOString() : h.since, lastError };
    if (changed && !closed) deps.notify?.();
  };

  const executor = createCloudExecutor(deps.getConfig, deps.secrets, {
    demo,
    timeouts: deps.timeouts,
    onOutcome: record,
    stationTimeZone: deps.stationTimeZone,
    redactor: deps.redactor,
  });
  const clients: CloudClients = executor.clients;
  const stationTimeZone = deps.stationTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  const hasSettings = (provider: ProviderId): boolean => {
    const c = deps.getConfig();
    return c[provider] !== undefined || (c.mode === 'demo' && demo !== undefined);
  };
  const baseUrlOf = (provider: ProviderId): string | undefined => {
    const c = deps.getConfig();
    return c[provider]?.baseUrl ?? (c.mode === 'demo' ? demo?.url : undefined);
  };

  /** Runs a call for a user (lookup, test), records its outcome, and throws the station error. */
  async function call<T>(provider: ProviderId, fn: () => Promise<T>): Promise<T> {
    try {
      const value = await fn();
      record(provider, { kind: 'success', result: {} });
      return value;
    } catch (err) {
      const outcome = maskOutcome(classifyFailure(err), clients.redactor);
      record(provider, outcome);
      throw new StationFailure(outcome.error);
    }
  }

  const isNotFound = (provider: ProviderId, err: unknown) =>
    err instanceof CloudCallError && err.phase === 'vendor' && NOT_FOUND[provider].has(err.vendorCode ?? '');

  async function lookupUclbrt(cardNo: string): Promise<CloudLookup> {
    return call('uclbrt', async () => {
      const { client } = await clients.uclbrt();
      try {
        const a = await client.getCard({ cardNo });
        const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
        const local = (v: unknown) => {
          const s = str(v);
          try {
            return s ? uclbrtTimeToLocal(s) : undefined;
          } catch {
            return undefined;
          }
        };
        const fields: CloudLookup['fields'] = {};
        for (const k of ['cardNo', 'cardType', 'buildNo', 'floorNo', 'roomNo', 'lockType', 'isLost']) {
          const v = str(a[k]);
          if (v !== undefined) fields[k] = v;
        }
        return { provider: 'uclbrt', found: true, validFrom: local(a.startTime), validTo: local(a.endTime), status: str(a.cardStatus), fields };
      } catch (err) {
        if (isNotFound('uclbrt', err)) return { provider: 'uclbrt', found: false, fields: { cardNo } };
        throw err;
      }
    });
  }

  async function lookupTuya(deviceId: string, lockCardId: string): Promise<CloudLookup> {
    return call('tuya', async () => {
      const { client, settings } = await clients.tuya();
      try {
        const info = await client.queryCard(settings.projectId, deviceId, lockCardId);
        const wall = (ms: number | undefined) => (ms === undefined ? undefined : instantToZonedWallTime(ms, stationTimeZone));
        return {
          provider: 'tuya',
          found: true,
          validFrom: wall(info.beginMs),
          validTo: wall(info.endMs),
          fields: { deviceId, lockCardId: info.lockCardId },
        };
      } catch (err) {
        if (isNotFound('tuya', err)) return { provider: 'tuya', found: false, fields: { deviceId, lockCardId } };
        throw err;
      }
    });
  }

  // A first reachability check, so the status bar is honest soon after start.
  for (const provider of ['uclbrt', 'tuya'] as const) {
    if (!hasSettings(provider)) continue;
    void probeProvider(clients, provider, { connectMs: 3_000, responseMs: 5_000 }).then((reachable) => {
      if (closed || reachable) return;
      record(provider, { kind: 'retryable', error: { code: 'cloud.unreachable', message: `${provider} cannot be reached` } });
    });
  }

  const rooms: RoomsCloud = {
    roomTree: () =>
      call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        return client.fetchRoomInfo({ communityNo: settings.communityNo });
      }),
    doorLog: (room, startDate, endDate) =>
      call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        return client.queryByRoom({ communityNo: settings.communityNo, buildNo: room.buildNo, floorNo: room.floorNo, roomNo: room.roomNo, startDate, endDate });
      }),
    qrCard: (card) =>
      call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        return client.getCard({ roomFlag: card.cardNo, mobile: card.mobile, areaCode: card.mobile ? (card.areaCode ?? '86') : undefined, communityNo: settings.communityNo, cardType: '0', resultType: '1' });
      }),
    readProximity: (serialNum) =>
      call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        const passwordMd5 = settings.operator.passwordMd5;
        if (!passwordMd5) throw StationFailure.of('uclbrt.not-configured', { detail: 'the operator password is not set' }, { field: 'uclbrt.passwordMd5' });
        try {
          return await client.readCard({
            communityNo: settings.communityNo,
            issueMac: settings.issueMac?.toUpperCase(),
            creatorAreaCode: settings.operator.creatorMobile ? settings.operator.creatorAreaCode : undefined,
            creatorMobile: settings.operator.creatorMobile,
            creatorEmail: settings.operator.creatorMobile ? undefined : settings.operator.creatorEmail,
            creatorPassword: passwordMd5,
            operateCardType: operateCardTypeFor(settings.lockType),
            serialNum,
          }, { lockType: settings.lockType });
        } catch (err) {
          if (err instanceof CloudCallError && err.phase === 'vendor' && ['5300', '5307', '5311'].includes(err.vendorCode ?? '')) return undefined;
          throw err;
        }
      }),
    async tuyaLocks() {
      const resolved = (await clients.settings()).tuya;
      if (!resolved.configured) return { configured: false, locks: [] };
      const rooms = resolved.settings.lockRooms ?? {};
      return { configured: true, locks: resolved.settings.lockDeviceIds.map((deviceId) => ({ deviceId, ...(rooms[deviceId] ? { room: rooms[deviceId] } : {}) })) };
    },
    async configured(provider) {
      return (await clients.settings())[provider].configured;
    },
    wallClockZone: () => deps.getConfig().uclbrt?.timezone ?? (demo ? (demo.fixture.uclbrt.accounts[0]?.communities[0]?.timeZone ?? stationTimeZone) : stationTimeZone),
  };

  return {
    executor,
    sandbox,
    rooms,
    status(): CloudStatus[] {
      return (['uclbrt', 'tuya'] as const).map((provider) => {
        const baseUrl = baseUrlOf(provider);
        if (!hasSettings(provider)) return { provider, state: 'unconfigured', since: started };
        const h = health[provider];
        return { provider, state: h.state, since: h.since, ...(baseUrl ? { baseUrl } : {}), ...(h.lastError ? { lastError: h.lastError } : {}) };
      });
    },
    lookup(request) {
      return request.provider === 'uclbrt' ? lookupUclbrt(request.cardNo) : lookupTuya(request.deviceId, request.lockCardId);
    },
    macList() {
      return call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        return client.getMacList({ communityNo: settings.communityNo });
      });
    },
    async testConnection({ provider }) {
      const t0 = performance.now();
      try {
        await call(provider, async () => {
          if (provider === 'uclbrt') {
            const { client, settings } = await clients.uclbrt();
            await client.getMacList({ communityNo: settings.communityNo });
          } else {
            const { client } = await clients.tuya();
            await client.probe();
          }
        });
        return { ok: true, latencyMs: Math.round(performance.now() - t0) };
      } catch (err) {
        const error = err instanceof StationFailure ? err.error : maskOutcome(classifyFailure(err), clients.redactor).error;
        return { ok: false, latencyMs: Math.round(performance.now() - t0), error };
      }
    },
    async close() {
      closed = true;
      await sandbox?.close();
    },
  };
}
