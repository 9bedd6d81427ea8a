import type { SecretKey, SecretStore } from '../secrets/secret-store';
import type { Redactor } from './redact';

/** Wraps a SecretStore so every secret read or written is also masked in the logs from then on. */
export function redactingSecretStore(store: SecretStore, redactor: Redactor): SecretStore {
  return {
    async get(key: SecretKey) {
      const value = await store.get(key);
      redactor.addSecret(value);
      return value;
    },
    async set(key: SecretKey, value: string) {
      redactor.addSecret(value);
      await store.set(key, value);
    },
    delete: (key: SecretKey) => store.delete(key),
  };
}
