/** The secrets the station keeps; never sent to the renderer, never logged. */
export const SECRET_KEYS = ['uclbrt.authToken', 'uclbrt.passwordMd5', 'tuya.secret', 'pms.httpToken', 'site.password'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Electron safeStorage in the app; config file or environment variables for the CLI; memory in tests. */
export interface SecretStore {
  get(key: SecretKey): Promise<string | undefined>;
  set(key: SecretKey, value: string): Promise<void>;
  delete(key: SecretKey): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<SecretKey, string>();

  constructor(initial: Partial<Record<SecretKey, string>> = {}) {
    for (const [k, v] of Object.entries(initial)) if (v) this.values.set(k as SecretKey, v);
  }

  async get(key: SecretKey): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: SecretKey, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: SecretKey): Promise<void> {
    this.values.delete(key);
  }
}
