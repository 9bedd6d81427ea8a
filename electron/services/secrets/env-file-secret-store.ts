import { readJsonFile, writeJsonFileAtomic } from '../config/json-file';
import { md5Hex } from './md5';
import type { SecretKey, SecretStore } from './secret-store';

/** Where each secret may sit in the station config file (the site password never does: environment or key store only). */
const FILE_FIELDS: Partial<Record<SecretKey, readonly string[]>> = {
  'uclbrt.authToken': ['uclbrt', 'authToken'],
  'uclbrt.passwordMd5': ['uclbrt', 'operator', 'passwordMd5'],
  'tuya.secret': ['tuya', 'secret'],
  'pms.httpToken': ['pms', 'http', 'token'],
};

/** Environment variables the CLI reads secrets from; they win over the config file. */
export const SECRET_ENV = {
  authToken: 'STATION_UCLBRT_AUTH_TOKEN',
  /** The plain operator password: hashed to MD5 at once, never kept. */
  password: 'STATION_UCLBRT_PASSWORD',
  passwordMd5: 'STATION_UCLBRT_PASSWORD_MD5',
  tuyaSecret: 'STATION_TUYA_SECRET',
  /** The bearer token the hotel's PMS sends to the HTTP key API. */
  pmsHttpToken: 'STATION_PMS_HTTP_TOKEN',
  /** The site database role's password (`site.postgresUrl` names the role). */
  sitePassword: 'STATION_SITE_PASSWORD',
} as const;

function secretsFromEnv(env: NodeJS.ProcessEnv): Partial<Record<SecretKey, string>> {
  const out: Partial<Record<SecretKey, string>> = {};
  if (env[SECRET_ENV.authToken]) out['uclbrt.authToken'] = env[SECRET_ENV.authToken];
  if (env[SECRET_ENV.password]) out['uclbrt.passwordMd5'] = md5Hex(env[SECRET_ENV.password]!);
  else if (env[SECRET_ENV.passwordMd5]) out['uclbrt.passwordMd5'] = env[SECRET_ENV.passwordMd5]!.toLowerCase();
  if (env[SECRET_ENV.tuyaSecret]) out['tuya.secret'] = env[SECRET_ENV.tuyaSecret];
  if (env[SECRET_ENV.pmsHttpToken]) out['pms.httpToken'] = env[SECRET_ENV.pmsHttpToken];
  if (env[SECRET_ENV.sitePassword]) out['site.password'] = env[SECRET_ENV.sitePassword];
  return out;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: string | undefined): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null) {
      if (value === undefined) return;
      cur[key] = {};
    }
    cur = cur[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/**
 * The CLI's SecretStore: environment variables first, then the secret fields of the config file.
 * `set` writes the config file's field (the file is the CLI's key store) or, with no file, keeps
 * the value for this run only.
 */
export class EnvFileSecretStore implements SecretStore {
  private readonly fromEnv: Partial<Record<SecretKey, string>>;
  private readonly memory = new Map<SecretKey, string | undefined>();

  constructor(
    private readonly configPath: string | undefined,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.fromEnv = secretsFromEnv(env);
  }

  async get(key: SecretKey): Promise<string | undefined> {
    if (this.memory.has(key)) return this.memory.get(key);
    if (this.fromEnv[key]) return this.fromEnv[key];
    const field = FILE_FIELDS[key];
    if (!this.configPath || !field) return undefined;
    const value = getPath(readJsonFile(this.configPath), field);
    return typeof value === 'string' && value ? value : undefined;
  }

  async set(key: SecretKey, value: string): Promise<void> {
    this.memory.set(key, value);
    this.writeFile(key, value);
  }

  async delete(key: SecretKey): Promise<void> {
    this.memory.set(key, undefined);
    this.writeFile(key, undefined);
  }

  private writeFile(key: SecretKey, value: string | undefined): void {
    const field = FILE_FIELDS[key];
    if (!this.configPath || !field) return;
    const raw = (readJsonFile(this.configPath) ?? {}) as Record<string, unknown>;
    setPath(raw, field, value);
    writeJsonFileAtomic(this.configPath, raw);
  }
}
