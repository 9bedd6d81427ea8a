/**
 * The sandbox cloud plus the real cloud executor, configured as a live station would be: what
 * the outage and crash tests send through. The fixture is the demo one with more rooms and
 * locks (50 cards need them) and a rate limit high enough for a drain benchmark.
 */
import { parseStationConfig } from '../../electron/services/config';
import { createCloudExecutor } from '../../electron/services/cloud/perform';
import type { CloudExecutor } from '../../electron/services/cloud/executor';
import { demoFixture } from '../../electron/services/sandbox/fixture';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import type { RecordedRequest, SandboxFixture } from '../../electron/services/sandbox/types';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import type { StationConfig } from '../../shared/config';

export const QR_ROOMS = Array.from({ length: 20 }, (_, i) => ({ buildNo: '9', floorNo: '1', roomNo: String(9100 + i) }));
export const PROX_ROOM = { buildNo: '9', floorNo: '2', roomNo: '9200' };
export const TUYA_LOCKS = ['lock-a', 'lock-b', 'lock-c', 'lock-d'];

export function rigFixture(rateLimitPerMinute = 100_000): SandboxFixture {
  const fixture = demoFixture();
  const account = fixture.uclbrt.accounts[0];
  account.rateLimitPerMinute = rateLimitPerMinute;
  const community = account.communities[0];
  community.rooms.push(...QR_ROOMS.map((r) => ({ ...r, lockType: 'QRALOCK' as const })), { ...PROX_ROOM, lockType: 'RFLOCK-V9' as const });
  fixture.tuya.projects[0].devices.push(...TUYA_LOCKS.map((deviceId) => ({ deviceId })));
  return fixture;
}

/** A live station config pointing both providers at the sandbox. */
export function rigConfig(url: string, fixture: SandboxFixture): StationConfig {
  const account = fixture.uclbrt.accounts[0];
  const community = account.communities[0];
  const project = fixture.tuya.projects[0];
  return parseStationConfig({
    mode: 'live',
    uclbrt: {
      baseUrl: url,
      accountSid: account.accountSid,
      authToken: account.authToken,
      communityNo: community.communityNo,
      timezone: community.timeZone,
      lockType: 'QRALOCK',
      operator: {
        creatorAreaCode: community.operators[0].areaCode,
        creatorMobile: community.operators[0].mobile,
        passwordMd5: community.operators[0].passwordMd5,
      },
    },
    tuya: {
      baseUrl: url,
      clientId: project.clientId,
      secret: project.secret,
      projectId: project.projectId,
      lockDeviceIds: project.devices.map((d) => d.deviceId),
    },
    encoder: { driver: 'none', issueMac: community.issuerMacs[0] },
  });
}

export function rigExecutor(config: StationConfig): CloudExecutor {
  return createCloudExecutor(config, new MemorySecretStore(), {
    timeouts: { connectMs: 1000, responseMs: 3000 },
    stationTimeZone: 'Asia/Shanghai',
  });
}

export interface SandboxRig {
  sandbox: SandboxHandle;
  config: StationConfig;
  executor: CloudExecutor;
  /** What reached the sandbox, through its own inspection route. */
  requests(): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export async function startSandboxRig(options: { port?: number; rateLimitPerMinute?: number } = {}): Promise<SandboxRig> {
  const fixture = rigFixture(options.rateLimitPerMinute);
  const sandbox = await startSandbox({ host: '127.0.0.1', port: options.port ?? 0, fixture });
  const config = rigConfig(sandbox.url, fixture);
  return {
    sandbox,
    config,
    executor: rigExecutor(config),
    async requests() {
      const res = await fetch(`${sandbox.url}/__sandbox/requests`);
      return ((await res.json()) as { requests: RecordedRequest[] }).requests;
    },
    close: () => sandbox.close(),
  };
}

/** Form or JSON body fields of a recorded request. */
function fieldsOf(r: RecordedRequest): Record<string, string> {
  const body = r.body.trim();
  if (body.startsWith('{')) {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(body) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

const TUYA_CARD_PATH = /\/lock-devices\/([^/]+)\/cards(?:\/([^/]+)(\/freeze-status)?)?$/;

/** The card and the action a vendor request carried, or undefined for token and other calls. */
export function cardActionOf(r: RecordedRequest): { card: string; action: string } | undefined {
  const f = { ...r.query, ...fieldsOf(r) };
  if (r.path === '/' && r.query.c === 'Qrcode') {
    if (r.query.a === 'getLink') return { card: `room:${f.buildNo}-${f.floorNo}-${f.roomNo}`, action: 'qr.issue' };
    return f.cardNo ? { card: f.cardNo, action: `qr.${r.query.a}` } : undefined;
  }
  const prox = /\/([A-Za-z]+)$/.exec(r.path);
  if (r.path.startsWith('/Home/') && prox && f.serialNum) return { card: f.serialNum.toUpperCase(), action: `prox.${prox[1]}` };
  const tuya = TUYA_CARD_PATH.exec(r.path);
  if (tuya) {
    const [, deviceId, lockCardId, freeze] = tuya;
    if (!lockCardId) return r.method === 'POST' ? { card: `${deviceId}/issue`, action: 'tuya.issue' } : undefined;
    const action = freeze
      ? f.freeze_status === '1'
        ? 'tuya.freeze'
        : 'tuya.unfreeze'
      : r.method === 'PUT'
        ? 'tuya.modify'
        : r.method === 'DELETE'
          ? 'tuya.delete'
          : `tuya.${r.method}`;
    return { card: `${deviceId}/${lockCardId}`, action };
  }
  return undefined;
}
