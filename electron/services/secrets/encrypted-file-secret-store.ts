import { readJsonFile, writeJsonFileAtomic } from '../config/json-file';
import { StationFailure } from '../failure';
import { SECRET_KEYS, type SecretKey, type SecretStore } from './secret-store';

/** What Electron's `safeStorage` offers (an OS key store: DPAPI, Keychain, libsecret/kwallet). */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** The app's encrypted secrets, in the data folder. */
export const APP_SECRETS_FILE = 'secrets.json';

/**
 * Which secrets the app keeps in `file`, without decrypting anything (the CLI cannot: the key is
 * the desktop user's key store). Lets `config check` tell "kept by the app" from "missing".
 */
export function keysKeptEncrypted(file: string): SecretKey[] {
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch {
    return [];
  }
  if (typeof raw !== 'object' || raw === null) return [];
  return SECRET_KEYS.filter((key) => typeof (raw as Record<string, unknown>)[key] === 'string');
}

/**
 * Secrets encrypted by the OS key store, kept as base64 blobs in one JSON file in the data folder.
 * The file alone is useless on another machine or for another user.
 */
export class EncryptedFileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: StringCipher,
  ) {}

  private readBlobs(): Partial<Record<SecretKey, string>> {
    const raw = readJsonFile(this.file);
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Partial<Record<SecretKey, string>> = {};
    for (const key of SECRET_KEYS) {
      const v = (raw as Record<string, unknown>)[key];
      if (typeof v === 'string') out[key] = v;
    }
    return out;
  }

  private requireCipher(): void {
    if (!this.cipher.isEncryptionAvailable()) {
      throw StationFailure.of('station.secret-store', { detail: 'the operating system offers no encryption for this user' });
    }
  }

  async get(key: SecretKey): Promise<string | undefined> {
    const blob = this.readBlobs()[key];
    if (!blob) return undefined;
    this.requireCipher();
    try {
      return this.cipher.decryptString(Buffer.from(blob, 'base64'));
    } catch (err) {
      throw StationFailure.of('station.secret-store', {
        detail: `cannot decrypt ${key}: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  async set(key: SecretKey, value: string): Promise<void> {
    this.requireCipher();
    const blobs = this.readBlobs();
    blobs[key] = this.cipher.encryptString(value).toString('base64');
    writeJsonFileAtomic(this.file, blobs);
  }

  async delete(key: SecretKey): Promise<void> {
    const blobs = this.readBlobs();
    if (!(key in blobs)) return;
    delete blobs[key];
    writeJsonFileAtomic(this.file, blobs);
  }
}

/** Reads from `primary`, falling back to `fallback` (e.g. a hand-written config file); writes go to `primary`. */
export function layeredSecretStore(primary: SecretStore, fallback: SecretStore): SecretStore {
  return {
    async get(key) {
      return (await primary.get(key)) ?? (await fallback.get(key));
    },
    set: (key, value) => primary.set(key, value),
    async delete(key) {
      await primary.delete(key);
      await fallback.delete(key);
    },
  };
}
