/**
 * The provider settings the clients run with, resolved from the station config and the secret
 * store, or, in demo mode without a provider section, from the demo accounts of the in-process
 * sandbox the station started.
 */
import type { StationConfig } from '../../../shared/config';
import type { LockType, ProviderId } from '../../../shared/domain/cloud';
import { StationFailure } from '../failure';
import type { SecretStore } from '../secrets/secret-store';

export interface UclbrtSettings {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  communityNo: string;
  timezone: string;
  lockType: LockType;
  operator: { creatorAreaCode: string; creatorMobile?: string; creatorEmail?: string; passwordMd5?: string };
  /** The encoder's card-issuer MAC (proximity family). */
  issueMac?: string;
}

export interface TuyaSettings {
  baseUrl: string;
  clientId: string;
  secret: string;
  projectId: string;
  lockDeviceIds: string[];
  /** Demo mode only: the rooms the sandbox fixture's locks serve (live stations import them). */
  lockRooms?: Record<string, { buildNo?: string; floorNo?: string; roomNo: string }>;
}

export type Resolved<T> = { configured: true; settings: T; demo: boolean } | { configured: false; missing: string };

export interface CloudSettings {
  uclbrt: Resolved<UclbrtSettings>;
  tuya: Resolved<TuyaSettings>;
}

/** The sandbox a demo station talks to, and the demo accounts it knows (the first of each in its fixture). */
export interface DemoCloud {
  url: string;
  uclbrt?: {
    accountSid: string;
    authToken: string;
    communityNo: string;
    timeZone: string;
    operator?: { areaCode?: string; mobile?: string; email?: string; passwordMd5?: string };
    issuerMac?: string;
  };
  tuya?: {
    clientId: string;
    secret: string;
    projectId: string;
    devices: { deviceId: string; room?: { buildNo?: string; floorNo?: string; roomNo: string } }[];
  };
}

function demoUclbrt(config: StationConfig, demo: DemoCloud): Resolved<UclbrtSettings> {
  const account = demo.uclbrt;
  if (!account) return { configured: false, missing: 'the demo fixture has no UCLBRT account' };
  const operator = account.operator;
  return {
    configured: true,
    demo: true,
    settings: {
      baseUrl: demo.url,
      accountSid: account.accountSid,
      authToken: account.authToken,
      communityNo: account.communityNo,
      timezone: account.timeZone,
      lockType: config.encoder.lockType,
      operator: {
        creatorAreaCode: operator?.areaCode ?? '86',
        creatorMobile: operator?.mobile,
        creatorEmail: operator?.email,
        passwordMd5: operator?.passwordMd5,
      },
      issueMac: config.encoder.issueMac ?? account.issuerMac,
    },
  };
}

function demoTuya(demo: DemoCloud): Resolved<TuyaSettings> {
  const project = demo.tuya;
  if (!project) return { configured: false, missing: 'the demo fixture has no Tuya project' };
  return {
    configured: true,
    demo: true,
    settings: {
      baseUrl: demo.url,
      clientId: project.clientId,
      secret: project.secret,
      projectId: project.projectId,
      lockDeviceIds: project.devices.map((d) => d.deviceId),
      lockRooms: Object.fromEntries(project.devices.filter((d) => d.room).map((d) => [d.deviceId, d.room!])),
    },
  };
}

export async function resolveCloudSettings(config: StationConfig, secrets: SecretStore, demo?: DemoCloud): Promise<CloudSettings> {
  const useDemo = (provider: ProviderId) => config.mode === 'demo' && demo !== undefined && config[provider] === undefined;

  let uclbrt: Resolved<UclbrtSettings>;
  if (useDemo('uclbrt')) uclbrt = demoUclbrt(config, demo!);
  else if (!config.uclbrt) uclbrt = { configured: false, missing: 'no UCLBRT account in the configuration' };
  else {
    const u = config.uclbrt;
    const authToken = u.authToken ?? (await secrets.get('uclbrt.authToken'));
    uclbrt = authToken
      ? {
          configured: true,
          demo: false,
          settings: {
            baseUrl: u.baseUrl,
            accountSid: u.accountSid,
            authToken,
            communityNo: u.communityNo,
            timezone: u.timezone,
            lockType: u.lockType,
            operator: {
              creatorAreaCode: u.operator.creatorAreaCode,
              creatorMobile: u.operator.creatorMobile,
              creatorEmail: u.operator.creatorEmail,
              passwordMd5: u.operator.passwordMd5 ?? (await secrets.get('uclbrt.passwordMd5')),
            },
            issueMac: config.encoder.issueMac,
          },
        }
      : { configured: false, missing: 'the UCLBRT Auth Token is not set' };
  }

  let tuya: Resolved<TuyaSettings>;
  if (useDemo('tuya')) tuya = demoTuya(demo!);
  else if (!config.tuya) tuya = { configured: false, missing: 'no Tuya project in the configuration' };
  else {
    const t = config.tuya;
    const secret = t.secret ?? (await secrets.get('tuya.secret'));
    tuya = secret
      ? {
          configured: true,
          demo: false,
          settings: { baseUrl: t.baseUrl, clientId: t.clientId, secret, projectId: t.projectId, lockDeviceIds: t.lockDeviceIds },
        }
      : { configured: false, missing: 'the Tuya secret is not set' };
  }
  return { uclbrt, tuya };
}

/** The operator fields UCLBRT's proximity calls take (mobile or e-mail, and the password MD5). */
export function uclbrtCreator(s: UclbrtSettings) {
  const passwordMd5 = s.operator.passwordMd5;
  if (!passwordMd5)
    throw StationFailure.of('uclbrt.not-configured', { detail: 'the operator password is not set' }, { field: 'uclbrt.passwordMd5' });
  return {
    creatorAreaCode: s.operator.creatorMobile ? s.operator.creatorAreaCode : undefined,
    creatorMobile: s.operator.creatorMobile,
    creatorEmail: s.operator.creatorMobile ? undefined : s.operator.creatorEmail,
    creatorPassword: passwordMd5,
  };
}
