/**
 * Which secrets a configuration cannot work without, and where each one comes from: what
 * `config check` holds a configuration to before it says OK.
 */
import { isLoopbackHost, type StationConfig } from '../../../shared/config';
import { stationError, type StationError } from '../../../shared/errors';
import { SECRET_ENV } from './env-file-secret-store';
import type { SecretKey } from './secret-store';

export interface RequiredSecret {
  key: SecretKey;
  provider: 'UCLBRT' | 'Tuya' | 'PMS' | 'Site database';
  /** As staff call it, in English and Chinese. */
  name: string;
  nameZh: string;
  /** The environment variable(s) the CLI reads it from. */
  env: string;
  /** Where it may sit in the config file instead; undefined: never in the file (environment or the app's key store). */
  field?: string;
}

const AUTH_TOKEN: RequiredSecret = {
  key: 'uclbrt.authToken',
  provider: 'UCLBRT',
  name: 'auth token',
  nameZh: '授权令牌（Auth Token）',
  env: SECRET_ENV.authToken,
  field: 'uclbrt.authToken',
};
const PASSWORD: RequiredSecret = {
  key: 'uclbrt.passwordMd5',
  provider: 'UCLBRT',
  name: 'operator password',
  nameZh: '操作员密码',
  env: `${SECRET_ENV.password} or ${SECRET_ENV.passwordMd5}`,
  field: 'uclbrt.operator.passwordMd5',
};
const TUYA_SECRET: RequiredSecret = {
  key: 'tuya.secret',
  provider: 'Tuya',
  name: 'client secret',
  nameZh: '密钥（Client Secret）',
  env: SECRET_ENV.tuyaSecret,
  field: 'tuya.secret',
};
const PMS_HTTP_TOKEN: RequiredSecret = {
  key: 'pms.httpToken',
  provider: 'PMS',
  name: 'HTTP key API token',
  nameZh: 'HTTP 制卡接口令牌',
  env: SECRET_ENV.pmsHttpToken,
  field: 'pms.http.token',
};

const SITE_PASSWORD: RequiredSecret = {
  key: 'site.password',
  provider: 'Site database',
  name: 'role password',
  nameZh: '站点数据库角色密码',
  env: SECRET_ENV.sitePassword,
};

/**
 * The secrets the configured providers need: the UCLBRT auth token signs every call; the operator
 * password goes with proximity-card calls, so it is needed once an operator (mobile or e-mail) is
 * set; the Tuya secret signs every Tuya call. A provider that is not configured needs nothing.
 */
export function requiredSecrets(config: StationConfig): RequiredSecret[] {
  const out: RequiredSecret[] = [];
  if (config.uclbrt) {
    out.push(AUTH_TOKEN);
    if (config.uclbrt.operator.creatorMobile || config.uclbrt.operator.creatorEmail) out.push(PASSWORD);
  }
  if (config.tuya) out.push(TUYA_SECRET);
  // The key API may listen without a token only where nothing but this computer can reach it.
  if (config.pms?.http && !isLoopbackHost(config.pms.http.host)) out.push(PMS_HTTP_TOKEN);
  if (config.site) out.push(SITE_PASSWORD);
  return out;
}

export function missingSecretError(secret: RequiredSecret): StationError {
  if (!secret.field) return stationError('site.password-missing', { env: secret.env });
  return stationError(
    'station.secret-missing',
    { provider: secret.provider, secret: secret.name, secretZh: secret.nameZh, env: secret.env, field: secret.field },
    { field: secret.field },
  );
}

/** One line for a person: what is missing and how to provide it. */
export function missingSecretLine(secret: RequiredSecret): string {
  if (!secret.field) return `${secret.provider} ${secret.name} is not set: set ${secret.env}, or enter it in Settings in the app.`;
  return `${secret.provider} ${secret.name} is not set: set ${secret.env} (or ${secret.field} in the configuration file), or enter it in Settings in the app.`;
}
