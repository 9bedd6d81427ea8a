/**
 * Wires every service from one StationConfig: the single object the Electron main process, the
 * browser harness and the CLI share.
 */
import type { StationConfig } from '../../shared/config';
import type { StationStatus } from '../../shared/domain/status';
import { StationEvents } from './events';
import type { Logger } from './logging/logger';
import { Redactor } from './logging/redact';
import { redactingSecretStore } from './logging/redacting-secret-store';
import type { SecretStore } from './secrets/secret-store';
import type { CloudService, EncoderService, OutboxService, RegistryService, RoomsService, SettingsService } from './services';
import { Rooms } from './rooms/service';
import { createCloudService } from './cloud/service';
import { mergeCloudStatus } from './outbox';
import { openStationOutbox } from './outbox/station-outbox';
import { STATION_VERSION } from './version';
import { createEncoderService } from './encoder/service';
import { createSettingsService } from './settings/settings-service';

export interface StationDeps {
  secrets: SecretStore;
  log: Logger;
  /** Absolute data directory (database, logs, saved settings). */
  dataDir: string;
  /** Where settings changes are saved; absent means they live for this run only. */
  configPath?: string;
  /**
   * The log's redactor (`log.redactor`): every secret it learns is masked in the log and in what the
   * station stores, answers over IPC and exports. A fresh one when not given.
   */
  redactor?: Redactor;
  /**
   * False for command-line tools that only read (rooms list, reports): the outbox keeps what is
   * queued and sends nothing. Default true.
   */
  sendQueued?: boolean;
}

export interface Station {
  readonly config: StationConfig;
  readonly events: StationEvents;
  readonly encoder: EncoderService;
  readonly cloud: CloudService;
  readonly outbox: OutboxService;
  readonly registry: RegistryService;
  readonly settings: SettingsService;
  readonly rooms: RoomsService;
  status(): StationStatus;
  operatorName(): string;
  close(): Promise<void>;
}

export async function createStation(config: StationConfig, deps: StationDeps): Promise<Station> {
  const events = new StationEvents();
  const redactor = deps.redactor ?? new Redactor();
  // Every secret read or written from here on is also one the redactor masks.
  const secrets = redactingSecretStore(deps.secrets, redactor);
  // Settings updates replace this; services read `station.config` (a getter) to see the live values.
  let current = config;

  // Services call this when their part of the status changes; the renderer gets one merged event.
  const notify = (): void => events.emit('station:status', status());
  void notify;

  const encoder = createEncoderService({ config: current.encoder, mode: current.mode, events, notify, log: deps.log });
  const cloud = await createCloudService({ getConfig: () => current, secrets, redactor, log: deps.log, notify: () => notify() });
  const outboxStack = await openStationOutbox({ dataDir: deps.dataDir, log: deps.log, events, notify, executor: cloud.executor, closeOnFailure: [cloud, encoder], sendQueued: deps.sendQueued });
  const outbox: OutboxService = outboxStack.outbox;
  const registry: RegistryService = outboxStack.registry;
  const settings: SettingsService = createSettingsService({
    getConfig: () => current,
    setConfig: (next) => {
      const encoderChanged = JSON.stringify(next.encoder) !== JSON.stringify(current.encoder);
      current = next;
      // A new driver, port or format reaches the running encoder without a restart.
      if (encoderChanged) void encoder.reconfigure(next.encoder).catch((err) => deps.log.warn('encoder reconfigure failed', { error: String(err) }));
      notify();
    },
    secrets,
    dataDir: deps.dataDir,
    configPath: deps.configPath,
    log: deps.log,
    audit: (entry) => outboxStack.outbox.audit.append(entry),
    checkEncoder: (next, previous) => encoder.checkSettings(next, previous),
    demoCloudUrl: () => cloud.sandbox?.url,
  });

  const rooms: RoomsService = new Rooms({
    outbox: outboxStack.outbox,
    registry: outboxStack.registry,
    cloud: cloud.rooms,
    lookup: (request) => cloud.lookup(request),
    events,
    log: deps.log,
    defaultLockType: () => current.uclbrt?.lockType ?? current.encoder.lockType,
  });

  const status = (): StationStatus => ({
    mode: current.mode,
    version: STATION_VERSION,
    encoder: encoder.status(),
    clouds: mergeCloudStatus(cloud.status(), outboxStack.outbox.cloudStatus()),
    queue: outbox.summary(),
  });

  return {
    get config() {
      return current;
    },
    events,
    encoder,
    cloud,
    outbox,
    registry,
    settings,
    rooms,
    status,
    operatorName: () => current.operatorName,
    async close() {
      await rooms.close();
      await outbox.close();
      await cloud.close();
      await encoder.close();
    },
  };
}
