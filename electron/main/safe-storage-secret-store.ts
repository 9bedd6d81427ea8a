import { join } from 'node:path';
import { safeStorage } from 'electron';
import { APP_SECRETS_FILE, EncryptedFileSecretStore } from '../services/secrets/encrypted-file-secret-store';

/** Secrets encrypted with Electron's safeStorage (DPAPI, Keychain, libsecret), blobs in `<dataDir>/secrets.json`. */
export class SafeStorageSecretStore extends EncryptedFileSecretStore {
  constructor(dataDir: string) {
    super(join(dataDir, APP_SECRETS_FILE), safeStorage);
  }
}

/** On Linux without a key ring, safeStorage falls back to a fixed key: worth a warning in the log. */
export function safeStorageBackend(): string {
  return process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
}
