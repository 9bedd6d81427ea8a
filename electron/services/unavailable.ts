import { StationFailure } from './failure';
import type { CloudService, EncoderService, OutboxService, RegistryService } from './services';

/** Placeholders for services a build does not have yet: every call says so in words. */
function notAvailable(feature: string): never {
  throw StationFailure.of('station.not-available', { feature });
}

const now = () => new Date().toISOString();

export function unavailableEncoder(): EncoderService {
  const since = now();
  return {
    status: () => ({ state: 'unavailable', driver: 'none', since }),
    read: async () => notAvailable('The card encoder'),
    test: async () => notAvailable('The card encoder'),
    ports: async () => [],
    leaseHolder: () => undefined,
    hold: () => notAvailable('The card encoder'),
    releaseHold: () => false,
    simulate: async () => notAvailable('The simulated encoder'),
    close: async () => {},
  };
}

export function unavailableCloud(): CloudService {
  const since = now();
  return {
    status: () => [
      { provider: 'uclbrt', state: 'unavailable', since },
      { provider: 'tuya', state: 'unavailable', since },
    ],
    lookup: async () => notAvailable('Cloud lookup'),
    macList: async () => notAvailable('The MAC list'),
    testConnection: async () => notAvailable('Connection test'),
    close: async () => {},
  };
}

export function unavailableOutbox(): OutboxService {
  return {
    submit: async () => notAvailable('The operation queue'),
    list: async () => ({ items: [], total: 0 }),
    get: async () => notAvailable('The operation queue'),
    retry: async () => notAvailable('The operation queue'),
    discard: async () => notAvailable('The operation queue'),
    resend: async () => notAvailable('The operation queue'),
    drain: async () => notAvailable('The operation queue'),
    summary: () => null,
    close: async () => {},
  };
}

export function unavailableRegistry(): RegistryService {
  return {
    find: async () => [],
    details: async () => ({ card: null, history: [] }),
    auditList: async () => ({ items: [], total: 0 }),
    auditCsv: async () => notAvailable('The activity log'),
    auditOperators: async () => [],
    knowsCard: () => false,
  };
}
