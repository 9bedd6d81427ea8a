import { join } from 'node:path';
import { sameCloudAddress } from '../../../shared/cloud-url';
import { parseSiteUrl } from '../../../shared/site/site-url';
import { stationConfigSchema, type EncoderConfig, type StationConfig } from '../../../shared/config';
import type { ProviderId } from '../../../shared/domain/cloud';
import type { RequestOf } from '../../../shared/ipc/contract';
import type { SettingsView } from '../../../shared/settings';
import { readJsonFile, writeJsonFileAtomic } from '../config/json-file';
import { SAVED_CONFIG_FILE, withoutSecrets } from '../config/load-config';
import { parseOrRefuse, StationFailure } from '../failure';
import type { Logger } from '../logging/logger';
import { md5Hex } from '../secrets/md5';
import type { SecretKey, SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../services';

export interface SettingsDeps {
  getConfig(): StationConfig;
  /** Makes a saved change live (the station's current config). */
  setConfig(next: StationConfig): void;
  secrets: SecretStore;
  dataDir: string;
  /** The config file changes are saved to; defaults to `<dataDir>/station.config.json`. */
  configPath?: string;
  log: Logger;
  /** Appends to the activity log (`settings.changed`); never given a secret value. */
  audit?: (entry: { at: string; operator: string; action: 'settings.changed'; detail: string }) => void;
  /** Demo mode: where the in-process sandbox cloud listens, shown instead of the real cloud's address. */
  demoCloudUrl?: () => string | undefined;
  /** Refuses an encoder driver/port the station must not open; called before anything is saved. */
  checkEncoder?: (next: EncoderConfig, previous: EncoderConfig) => Promise<void>;
}

type Patch = RequestOf<'settings:update'>;

export async function settingsView(
  config: StationConfig,
  secrets: SecretStore,
  dataDir: string,
  demoCloudUrl?: string,
): Promise<SettingsView> {
  const u = config.uclbrt;
  const t = config.tuya;
  return {
    mode: config.mode,
    language: config.language,
    operatorName: config.operatorName,
    dataDir,
    uclbrt: u
      ? {
          baseUrl: u.baseUrl,
          accountSid: u.accountSid,
          communityNo: u.communityNo,
          timezone: u.timezone,
          lockType: u.lockType,
          creatorAreaCode: u.operator.creatorAreaCode,
          ...(u.operator.creatorMobile ? { creatorMobile: u.operator.creatorMobile } : {}),
          ...(u.operator.creatorEmail ? { creatorEmail: u.operator.creatorEmail } : {}),
          hasAuthToken: Boolean(await secrets.get('uclbrt.authToken')),
          hasPassword: Boolean(await secrets.get('uclbrt.passwordMd5')),
        }
      : null,
    tuya: t
      ? {
          baseUrl: t.baseUrl,
          clientId: t.clientId,
          projectId: t.projectId,
          lockDeviceIds: [...t.lockDeviceIds],
          hasSecret: Boolean(await secrets.get('tuya.secret')),
        }
      : null,
    encoder: { ...config.encoder },
    staff: { ...config.staff },
    site: config.site ? { ...config.site, hasPassword: Boolean(await secrets.get('site.password')) } : null,
    ...(config.mode === 'demo' && demoCloudUrl ? { demoCloudUrl } : {}),
  };
}

/** The secrets each provider keeps, the patch field that replaces each, and how staff call it. */
const PROVIDER_SECRETS: Record<ProviderId, ReadonlyArray<{ key: SecretKey; field: string; en: string; zh: string }>> = {
  uclbrt: [
    { key: 'uclbrt.authToken', field: 'authToken', en: 'auth token', zh: '授权令牌（Auth Token）' },
    { key: 'uclbrt.passwordMd5', field: 'password', en: 'operator password', zh: '操作员密码' },
  ],
  tuya: [{ key: 'tuya.secret', field: 'secret', en: 'secret', zh: '密钥（Secret）' }],
};
const PROVIDER_NAMES: Record<ProviderId, string> = { uclbrt: 'UCLBRT', tuya: 'Tuya' };

/**
 * Stored secrets go only to the address they were entered for: a change that points a provider at
 * another server (scheme, host or port) must carry every secret that provider has stored, or it is
 * refused (`station.secrets-reenter`, naming the first missing field) and nothing changes.
 */
async function refuseSecretsForNewAddress(previous: StationConfig, patch: Patch, secrets: SecretStore): Promise<void> {
  for (const provider of ['uclbrt', 'tuya'] as const) {
    const section = patch[provider] as Record<string, unknown> | null | undefined;
    if (!section || sameCloudAddress(previous[provider]?.baseUrl, section.baseUrl as string)) continue;
    const missing: Array<(typeof PROVIDER_SECRETS)[ProviderId][number]> = [];
    for (const secret of PROVIDER_SECRETS[provider]) {
      if (!section[secret.field] && (await secrets.get(secret.key))) missing.push(secret);
    }
    if (missing.length === 0) continue;
    throw StationFailure.of(
      'station.secrets-reenter',
      {
        provider: PROVIDER_NAMES[provider],
        secrets: missing.map((m) => m.en).join(' and '),
        secretsZh: missing.map((m) => m.zh).join('和'),
      },
      { field: `${provider}.${missing[0].field}` },
    );
  }
  // The site role's password, likewise, belongs to the server and role it was entered for.
  const site = patch.site;
  if (
    site &&
    !site.password &&
    previous.site &&
    !sameSiteAddress(previous.site.postgresUrl, site.postgresUrl) &&
    (await secrets.get('site.password'))
  ) {
    throw StationFailure.of(
      'station.secrets-reenter',
      { provider: 'site database', secrets: 'role password', secretsZh: '角色密码' },
      { field: 'site.password' },
    );
  }
}

/** Same server, port and role: the stored password may go there. */
function sameSiteAddress(a: string, b: string): boolean {
  const pa = parseSiteUrl(a);
  const pb = parseSiteUrl(b);
  if ('problem' in pa || 'problem' in pb) return a.trim() === b.trim();
  return pa.host === pb.host && pa.port === pb.port && pa.user === pb.user;
}

/** Applies a patch to the non-secret config; secrets are returned separately, the password already hashed. */
function applyPatch(config: StationConfig, patch: Patch): { next: unknown; secretChanges: Array<[SecretKey, string | null]> } {
  const next: Record<string, unknown> = { ...withoutSecrets(config) };
  const secretChanges: Array<[SecretKey, string | null]> = [];
  if (patch.mode !== undefined) next.mode = patch.mode;
  if (patch.language !== undefined) next.language = patch.language;
  if (patch.operatorName !== undefined) next.operatorName = patch.operatorName;
  if (patch.uclbrt === null) {
    delete next.uclbrt;
    secretChanges.push(['uclbrt.authToken', null], ['uclbrt.passwordMd5', null]);
  } else if (patch.uclbrt) {
    const { authToken, password, creatorAreaCode, creatorMobile, ...rest } = patch.uclbrt;
    const previousEmail = config.uclbrt?.operator.creatorEmail;
    next.uclbrt = {
      ...rest,
      operator: { creatorAreaCode, ...(creatorMobile ? { creatorMobile } : {}), ...(previousEmail ? { creatorEmail: previousEmail } : {}) },
    };
    if (authToken) secretChanges.push(['uclbrt.authToken', authToken]);
    if (password) secretChanges.push(['uclbrt.passwordMd5', md5Hex(password)]);
  }
  if (patch.tuya === null) {
    delete next.tuya;
    secretChanges.push(['tuya.secret', null]);
  } else if (patch.tuya) {
    const { secret, ...rest } = patch.tuya;
    next.tuya = rest;
    if (secret) secretChanges.push(['tuya.secret', secret]);
  }
  if (patch.staff) next.staff = { ...config.staff, ...Object.fromEntries(Object.entries(patch.staff).filter(([, v]) => v !== undefined)) };
  if (patch.site === null) {
    delete next.site;
    secretChanges.push(['site.password', null]);
  } else if (patch.site) {
    const { password, ...rest } = patch.site;
    next.site = rest;
    if (password) secretChanges.push(['site.password', password]);
  }
  if (patch.encoder) {
    const merged: Record<string, unknown> = { ...config.encoder };
    for (const [k, v] of Object.entries(patch.encoder)) if (v !== undefined) merged[k] = v;
    next.encoder = merged;
  }
  return { next, secretChanges };
}

/** Reads and changes the station's settings: non-secrets to the config file, secrets to the SecretStore. */
export function createSettingsService(deps: SettingsDeps): SettingsService {
  const configPath = deps.configPath ?? join(deps.dataDir, SAVED_CONFIG_FILE);
  let saving: Promise<unknown> = Promise.resolve();

  const save = async (patch: Patch, operator: string): Promise<SettingsView> => {
    const { next, secretChanges } = applyPatch(deps.getConfig(), patch);
    const parsed = parseOrRefuse(stationConfigSchema, next);
    await refuseSecretsForNewAddress(deps.getConfig(), patch, deps.secrets);
    const config = withoutSecrets(parsed);
    await deps.checkEncoder?.(config.encoder, deps.getConfig().encoder);

    // Keep what the file has that the schema does not own ($schema, hand-written secret fields).
    const existing = (readJsonFile(configPath) ?? {}) as Record<string, unknown>;
    const fileSecrets = withFileSecretsOnly(existing);
    writeJsonFileAtomic(
      configPath,
      mergeSecretsBack({ ...(existing.$schema ? { $schema: existing.$schema } : {}), ...config }, fileSecrets),
    );

    for (const [key, value] of secretChanges) {
      if (value === null) await deps.secrets.delete(key);
      else await deps.secrets.set(key, value);
    }
    deps.setConfig(config);
    const changed = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    const secretsChanged = secretChanges.map(([k]) => k);
    deps.log.info('settings changed', { operator, changed, secretsChanged });
    try {
      const detail = `changed: ${changed.join(', ') || 'nothing'}${secretsChanged.length ? `; secrets replaced: ${secretsChanged.join(', ')}` : ''}`;
      deps.audit?.({ at: new Date().toISOString(), operator, action: 'settings.changed', detail });
    } catch (err) {
      // The change is saved; a failing activity log must not report it as failed.
      deps.log.error('could not record settings.changed in the activity log', { err });
    }
    return settingsView(config, deps.secrets, deps.dataDir, deps.demoCloudUrl?.());
  };

  return {
    get: () => settingsView(deps.getConfig(), deps.secrets, deps.dataDir, deps.demoCloudUrl?.()),
    update: (patch, operator) => {
      // One save at a time: two quick saves must not interleave their file writes.
      const run = saving.then(() => save(patch, operator));
      saving = run.catch(() => undefined);
      return run;
    },
  };
}

type FileSecrets = { authToken?: unknown; passwordMd5?: unknown; tuyaSecret?: unknown; pmsHttpToken?: unknown };

function withFileSecretsOnly(raw: Record<string, unknown>): FileSecrets {
  const u = raw.uclbrt as Record<string, unknown> | undefined;
  const op = u?.operator as Record<string, unknown> | undefined;
  const t = raw.tuya as Record<string, unknown> | undefined;
  const pmsHttp = (raw.pms as Record<string, unknown> | undefined)?.http as Record<string, unknown> | undefined;
  return { authToken: u?.authToken, passwordMd5: op?.passwordMd5, tuyaSecret: t?.secret, pmsHttpToken: pmsHttp?.token };
}

/** Secrets a person wrote into the file by hand stay there (the CLI's key store) unless the section goes. */
function mergeSecretsBack(config: Record<string, unknown>, s: FileSecrets): Record<string, unknown> {
  const out = structuredClone(config);
  const u = out.uclbrt as Record<string, unknown> | undefined;
  if (u) {
    if (s.authToken !== undefined) u.authToken = s.authToken;
    if (s.passwordMd5 !== undefined) (u.operator as Record<string, unknown>).passwordMd5 = s.passwordMd5;
  }
  const t = out.tuya as Record<string, unknown> | undefined;
  if (t && s.tuyaSecret !== undefined) t.secret = s.tuyaSecret;
  const pmsHttp = (out.pms as Record<string, unknown> | undefined)?.http as Record<string, unknown> | undefined;
  if (pmsHttp && s.pmsHttpToken !== undefined) pmsHttp.token = s.pmsHttpToken;
  return out;
}
