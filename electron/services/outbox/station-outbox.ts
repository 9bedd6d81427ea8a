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
  /** Services already started; closed if the database cannot be opened (the station will not start). */
  closeOnFailure?: { close(): Promise<void> }[];
  /** False: keep what is queued and send nothing (read-only command-line tools). Default true. */
  sendQueued?: boolean;
}

/** The station's outbox and registry on `station.db` in the data directory. */
export async function openStationOutbox(deps: StationOutboxDeps): Promise<OutboxStack> {
  try {
    return createOutboxStack({
      database: join(deps.dataDir, 'station.db'),
      executor: deps.executor,
      events: deps.events,
      notify: deps.notify,
      log: deps.log,
      autoStart: deps.sendQueued !== false,
    });
  } catch (err) {
    await Promise.allSettled((deps.closeOnFailure ?? []).map((s) => s.close()));
    throw err;
  }
}

/** For builds without cloud clients: operations are kept and wait, nothing is sent. */
export function notConnectedExecutor(): CloudExecutor {
  return {
    execute: async () => ({ kind: 'retryable', error: stationError('station.not-available', { feature: 'The cloud connection' }) }),
    probe: async () => false,
  };
}
