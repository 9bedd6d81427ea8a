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
import { Outbox } from './outbox';
import { Registry } from './registry/service';
import { createStationCloud } from './station-cloud';
import { openStationData, type StationData } from './store/station-data';
import { STATION_VERSION } from './version';
import { createEncoderService } from './encoder/service';
import { createSettingsService } from './settings/settings-service';
import type { KdfParams } from './staff/kdf';
import { StaffService } from './staff/service';
import { createPmsService, pmsEncoderId, type PmsService, type PmsServiceDeps } from './pms/service';
import { createRoomKeyRequests } from './pms/room-key-requests';
import { createSiteService, siteHold, type SiteService } from './site/service';
import { HotelCards } from './site/hotel-cards';
import type { SiteIdentity } from './site/site-state';
import type { Operation } from '../../shared/domain/operations';

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
  /** Overrides `staff.idleLockMinutes` (tests lock a window after seconds). */
  idleLockMs?: number | (() => number);
  /** How long a desk window's hold on the encoder lasts without input there (default 2 minutes; tests shorten it). */
  deskHoldIdleMs?: number;
  /** Overrides the PIN/password hashing parameters (the staff benchmark compares them). */
  kdf?: KdfParams;
  /**
   * False for command-line tools that only read (rooms list, reports): the outbox keeps what is
   * queued and sends nothing. Default true.
   */
  sendQueued?: boolean;
  /** PMS timings for tests and the bench (the listeners start with `station.pms.start()`). */
  pmsTiming?: PmsServiceDeps['timing'];
  /** How long a PMS request waits for the cloud before it answers "queued" (default 15 s). */
  pmsCloudWaitMs?: number;
  /**
   * With a `site` section: sync with the site database in the background (the app, the harness;
   * default), or only when asked (`manual`: the CLI, whose commands must not wait on it).
   */
  siteSync?: 'background' | 'manual';
}

export interface Station {
  readonly config: StationConfig;
  readonly events: StationEvents;
  readonly encoder: EncoderService;
  readonly cloud: CloudService;
  readonly outbox: OutboxService;
  readonly registry: RegistryService;
  readonly settings: SettingsService;
  /** Operators, sign-in, sessions and the idle lock. */
  readonly staff: StaffService;
  readonly rooms: RoomsService;
  /**
   * The hotel's PMS interfaces. Created with the station; the listeners start only when asked
   * (`pms.start()`: the app, `station web`, `station pms serve`), so a one-shot CLI command never
   * takes the PMS's ports from the running station.
   */
  readonly pms: PmsService;
  /** The hotel's site database, when the configuration has a `site` section. */
  readonly site?: SiteService;
  status(): StationStatus;
  /** This desk's name (config `operatorName`); the person acting is whoever signed in. */
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

  const encoder = createEncoderService({
    config: current.encoder,
    mode: current.mode,
    events,
    notify,
    log: deps.log,
    deskHoldIdleMs: deps.deskHoldIdleMs,
  });
  // A demo station starts its sandbox cloud here; the cloud service records every call in one tracker.
  const cloud = await createStationCloud({ getConfig: () => current, secrets, redactor, log: deps.log, notify: () => notify() });
  // The one owner of station.db: every service below gets its stores from here.
  let data: StationData;
  let outboxImpl: Outbox;
  // In a site (configured, and joined: site/site-state.ts), answers about cards, rooms and activity are hotel-wide.
  let identity: SiteIdentity | undefined;
  const siteMe = (): string | undefined => {
    if (!current.site) return undefined;
    identity ??= data.siteState.identity();
    return identity?.stationId;
  };
  let hotelCards: HotelCards;
  try {
    data = openStationData({ dataDir: deps.dataDir }, { recordFacts: Boolean(config.site) });
    hotelCards = new HotelCards(data.cards, data.siteView, siteMe);
    data.facts.onInvalid((type, problem) =>
      deps.log.warn('site: a change could not be told to the other desks (not a valid fact)', { type, problem }),
    );
    // A desk in a site holds back what another desk may have adopted while it was away, and what
    // waits for another desk's earlier work on the same room (site/send-gate.ts); the queue says why.
    const hold = siteHold(data.db, { inSite: () => Boolean(current.site), linesOf: (id) => data.operations.subjectsOf(id) });
    data.operations.setOutsideHold(hold);
    try {
      outboxImpl = new Outbox({
        data,
        executor: cloud.executor,
        events,
        notify,
        log: deps.log,
        autoStart: deps.sendQueued !== false,
        sendGate: (op: Operation) => hold(op) === undefined,
        cardLookup: hotelCards,
      });
    } catch (err) {
      data.close();
      throw err;
    }
  } catch (err) {
    await Promise.allSettled([cloud.close(), encoder.close()]);
    throw err;
  }
  let site: SiteService | undefined;
  const startSite = (siteConfig: StationConfig['site']): void => {
    site = siteConfig
      ? createSiteService({
          config: siteConfig,
          data,
          outbox: outboxImpl,
          secrets,
          log: deps.log,
          onStatus: notify,
          // Another desk's cards or rooms changed: the rooms list is reloaded (as after a refresh).
          onApplied: () =>
            events.emit('rooms:changed', {
              total: data.rooms.count(),
              ...(data.rooms.refreshedAt() ? { refreshedAt: data.rooms.refreshedAt() } : {}),
            }),
          background: deps.siteSync !== 'manual',
        })
      : undefined;
  };
  startSite(config.site);
  outboxImpl.wake();
  const outbox: OutboxService = outboxImpl;
  const hotel = { cards: hotelCards, view: data.siteView, me: siteMe };
  const registryImpl = new Registry(data.cards, data.audit, hotel);
  const registry: RegistryService = registryImpl;
  const staff = new StaffService({
    store: data.operators,
    audit: (entry) => data.audit.append(entry),
    getConfig: () => current,
    log: deps.log,
    idleLockMs: deps.idleLockMs,
    kdf: deps.kdf,
  });
  const settings: SettingsService = createSettingsService({
    getConfig: () => current,
    setConfig: (next) => {
      const encoderChanged = JSON.stringify(next.encoder) !== JSON.stringify(current.encoder);
      const siteChanged = JSON.stringify(next.site) !== JSON.stringify(current.site);
      current = next;
      staff.configChanged();
      // Another site database, role or station id: the sync starts again with it.
      if (siteChanged) {
        data.recordFacts(Boolean(next.site));
        const old = site;
        startSite(next.site);
        void old?.close().catch((err) => deps.log.warn('closing the site sync failed', { error: String(err) }));
      }
      // A new driver, port or format reaches the running encoder without a restart.
      if (encoderChanged)
        void encoder.reconfigure(next.encoder).catch((err) => deps.log.warn('encoder reconfigure failed', { error: String(err) }));
      notify();
    },
    secrets,
    dataDir: deps.dataDir,
    configPath: deps.configPath,
    log: deps.log,
    audit: (entry) => data.audit.append(entry),
    checkEncoder: (next, previous) => encoder.checkSettings(next, previous),
    demoCloudUrl: () => cloud.sandbox?.url,
  });

  const notices = data.notices();
  for (const notice of notices) deps.log.warn(notice.message, { code: notice.code });

  const roomsService = new Rooms({
    data,
    outbox: outboxImpl,
    registry: registryImpl,
    hotel,
    cloud: cloud.rooms,
    lookup: (request) => cloud.lookup(request),
    events,
    log: deps.log,
    defaultLockType: () => current.uclbrt?.lockType ?? current.encoder.lockType,
    encoderHolder: () => encoder.leaseHolder(),
  });
  const rooms: RoomsService = roomsService;

  // The PMS asks for the room actions, as `pms:<workstation>`, taking the encoder's lease for its cards.
  // In a site, a card still a key at another desk counts as that room's (hotel-wide cards).
  const keys = createRoomKeyRequests({
    config: () => current,
    rooms: roomsService,
    encoder,
    cards: hotelCards,
    cloudStatus: () => cloud.status(),
    ownEncoderId: (via) => pmsEncoderId(current, via),
    audit: (entry) => data.audit.append(entry),
    cloudWaitMs: deps.pmsCloudWaitMs,
  });
  const pms = createPmsService({
    getConfig: () => current,
    keys,
    secrets,
    log: deps.log,
    events,
    audit: (entry) => data.audit.append(entry),
    redactor,
    dataDir: deps.dataDir,
    timing: deps.pmsTiming,
    timeZone: () => cloud.rooms.wallClockZone(),
  });

  const status = (): StationStatus => ({
    mode: current.mode,
    version: STATION_VERSION,
    encoder: encoder.status(),
    clouds: cloud.status(),
    queue: outbox.summary(),
    ...(site ? { site: site.status() } : {}),
    ...(notices.length ? { notices } : {}),
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
    staff,
    rooms,
    pms,
    get site() {
      return site;
    },
    status,
    operatorName: () => current.operatorName,
    async close() {
      await site?.close();
      staff.close();
      await pms.close();
      await rooms.close();
      await outbox.close();
      data.close();
      await cloud.close();
      await encoder.close();
    },
  };
}
