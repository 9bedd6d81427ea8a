/**
 * The cloud service: provider status, live lookups, the MAC list and connection tests, plus the
 * executor the outbox sends through. Every call through it, lookups and operations alike, is
 * recorded in one CloudHealth, which the status reads. A demo station hands it the sandbox it
 * started (`demo`); the cloud service never starts one itself.
 */
import type { StationConfig } from '../../../shared/config';
import { PROVIDERS, type CloudStatus, type ProviderId } from '../../../shared/domain/cloud';
import type { CloudLookup } from '../../../shared/domain/lookup';
import { StationFailure } from '../failure';
import type { Redactor } from '../logging/redact';
import type { SecretStore } from '../secrets/secret-store';
import type { CloudService } from '../services';
import { isVendorCode } from './call-error';
import type { CloudExecutor } from './executor';
import { probeProvider, type CloudClients, type CloudTimeouts } from './clients';
import { createCloudExecutor } from './perform';
import { CloudHealth } from './health';
import { classifyFailure, maskOutcome } from './outcome';
import { uclbrtCreator, type DemoCloud } from './settings';
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

/** CloudService plus what the station wiring needs: the outbox's executor (it records in `health`) and the rooms' view. */
export interface StationCloudService extends CloudService {
  readonly executor: CloudExecutor;
  readonly health: CloudHealth;
  readonly rooms: RoomsCloud;
}

export interface CloudServiceDeps {
  getConfig: () => StationConfig;
  secrets: SecretStore;
  /** Called when a provider's status changes. */
  notify?: () => void;
  timeouts?: CloudTimeouts;
  /** The sandbox a demo station started: providers without settings use its demo accounts. */
  demo?: DemoCloud;
  /** Zone for Tuya times (default: this computer's). */
  stationTimeZone?: string;
  /** The log's redactor: masks secrets in every error this service stores or answers. */
  redactor?: Redactor;
}

/** Vendor codes that mean "no such card" for a lookup. */
const NOT_FOUND: Record<ProviderId, readonly string[]> = {
  uclbrt: ['5210', '5307', '5016', '6108'],
  tuya: ['1000', '2010'],
};

export async function createCloudService(deps: CloudServiceDeps): Promise<StationCloudService> {
  const demo = deps.demo;
  const started = new Date().toISOString();
  let closed = false;
  const health = new CloudHealth(() => {
    if (!closed) deps.notify?.();
  });

  const executor = createCloudExecutor(deps.getConfig, deps.secrets, {
    demo,
    timeouts: deps.timeouts,
    health,
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
      health.record(provider, { kind: 'success', result: {} });
      return value;
    } catch (err) {
      const outcome = maskOutcome(classifyFailure(err), clients.redactor);
      health.record(provider, outcome);
      throw new StationFailure(outcome.error);
    }
  }

  const isNotFound = (provider: ProviderId, err: unknown) => isVendorCode(err, ...NOT_FOUND[provider]);

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
        return {
          provider: 'uclbrt',
          found: true,
          validFrom: local(a.startTime),
          validTo: local(a.endTime),
          status: str(a.cardStatus),
          fields,
        };
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
      health.record(provider, { kind: 'retryable', error: { code: 'cloud.unreachable', message: `${provider} cannot be reached` } });
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
        return client.queryByRoom({
          communityNo: settings.communityNo,
          buildNo: room.buildNo,
          floorNo: room.floorNo,
          roomNo: room.roomNo,
          startDate,
          endDate,
        });
      }),
    qrCard: (card) =>
      call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        return client.getCard({
          roomFlag: card.cardNo,
          mobile: card.mobile,
          areaCode: card.mobile ? (card.areaCode ?? '86') : undefined,
          communityNo: settings.communityNo,
          cardType: '0',
          resultType: '1',
        });
      }),
    readProximity: (serialNum) =>
      call('uclbrt', async () => {
        const { client, settings } = await clients.uclbrt();
        const creator = uclbrtCreator(settings);
        try {
          return await client.readCard(
            {
              communityNo: settings.communityNo,
              issueMac: settings.issueMac?.toUpperCase(),
              ...creator,
              operateCardType: operateCardTypeFor(settings.lockType),
              serialNum,
            },
            { lockType: settings.lockType },
          );
        } catch (err) {
          if (isVendorCode(err, '5300', '5307', '5311')) return undefined;
          throw err;
        }
      }),
    async tuyaLocks() {
      const resolved = (await clients.settings()).tuya;
      if (!resolved.configured) return { configured: false, locks: [] };
      const rooms = resolved.settings.lockRooms ?? {};
      return {
        configured: true,
        locks: resolved.settings.lockDeviceIds.map((deviceId) => ({ deviceId, ...(rooms[deviceId] ? { room: rooms[deviceId] } : {}) })),
      };
    },
    async configured(provider) {
      return (await clients.settings())[provider].configured;
    },
    wallClockZone: () => deps.getConfig().uclbrt?.timezone ?? demo?.uclbrt?.timeZone ?? stationTimeZone,
  };

  return {
    executor,
    health,
    rooms,
    status(): CloudStatus[] {
      return PROVIDERS.map((provider) => {
        const baseUrl = baseUrlOf(provider);
        if (!hasSettings(provider)) return { provider, state: 'unconfigured', since: started };
        // Online from the start until a call says otherwise.
        return { provider, state: 'online', since: started, ...health.status(provider), ...(baseUrl ? { baseUrl } : {}) };
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
    },
  };
}
