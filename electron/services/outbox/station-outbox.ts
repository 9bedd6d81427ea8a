import { join } from 'node:path';
import { stationError } from '../../../shared/errors';
import type { CloudExecutor } from '../cloud/executor';
import type { StationEvents } from '../events';
import type { Logger } from '../logging/logger';
import { createOutboxStack, type OutboxStack } from './index';

export interface StationOutboxDeps {
  dataDir: string;
  log: Logger;
  events: StationEvents;
  notify: () => void;
  executor: CloudExecutor;
}

/** The station's outbox and registry on `station.db` in the data directory. */
export function openStationOutbox(deps: StationOutboxDeps): OutboxStack {
  return createOutboxStack({
    database: join(deps.dataDir, 'station.db'),
    executor: deps.executor,
    events: deps.events,
    notify: deps.notify,
    log: deps.log,
  });
}

/** For builds without cloud clients: operations are kept and wait, nothing is sent. */
export function notConnectedExecutor(): CloudExecutor {
  return {
    execute: async () => ({ kind: 'retryable', error: stationError('station.not-available', { feature: 'The cloud connection' }) }),
    probe: async () => false,
  };
}
