/**
 * The station's EncoderService: runs the configured driver, keeps its status for the UI (calling
 * `notify` on every change), turns cards into CardRead events in the configured serialNum format,
 * and offers read / test / ports / simulate. The driver reconnects by itself after an unplug.
 */
import type { EncoderConfig } from '../../../shared/config';
import type { CardRead, DeskEncoderJob, EncoderHold, EncoderStatus } from '../../../shared/domain/encoder';
import type { RequestOf } from '../../../shared/ipc/contract';
import type { StationEvents } from '../events';
import { StationFailure, toStationError } from '../failure';
import type { Logger } from '../logging/logger';
import type { EncoderService } from '../services';
import { discoverPorts, type DiscoveryDeps } from './discovery';
import { DESK_HOLD_IDLE_MS, DeskHolds, type HoldingWindow } from './desk-holds';
import { DESK_OWNER, EncoderLeases, isDeskOwner, type EncoderOwner } from './lease';
import type { SupervisorTiming } from './driver-base';
import { createDriver, SIMULATOR_PORT, type DriverSettings } from './drivers';
import { resolveEncoderPort, type PortAccessDeps } from './port-access';
import { toHex } from './bytes';
import { Pn532Emulator } from './pn532/emulator';
import { formatSerial, normaliseIssueMac } from './serial-format';
import type { CardPresence, DriverStatus, EncoderDriver } from './types';

export const DEMO_UID = '04A22B1C';

export interface EncoderServiceOptions {
  config: EncoderConfig;
  mode: 'demo' | 'live';
  events: StationEvents;
  notify: () => void;
  log: Logger;
  timing?: Partial<SupervisorTiming>;
  discovery?: DiscoveryDeps;
  /** How requested ports are checked before they are opened (tests inject the file system). */
  portAccess?: Omit<PortAccessDeps, 'listPorts'>;
  /** How long `test` waits for a reader to answer, ms. */
  testTimeoutMs?: number;
  /** A desk window's hold ends after this long without input there (default 2 minutes). */
  deskHoldIdleMs?: number;
}

export interface LeasedReadOptions {
  /** Cards (UIDs in hex) that do not count: the ones this job already used. */
  except?: ReadonlySet<string>;
  /** Stops the wait early (a PMS request ran out of time); rejects with `encoder.timeout`. */
  signal?: AbortSignal;
  /**
   * Only a card placed after the job took the encoder: a card already lying on it may be one a
   * clerk read for another guest (or the previous job's last card), never to be taken over.
   */
  placedAfterLease?: boolean;
}

/** The encoder held by one job until `release()`. */
export interface EncoderLease {
  readonly owner: EncoderOwner;
  /** Waits for a card that is not in `except` (or returns the one on the encoder if it is not). */
  read(timeoutMs: number, options?: LeasedReadOptions): Promise<CardRead>;
  release(): void;
}

export interface EncoderServiceHandle extends EncoderService {
  /**
   * Exclusive use of the encoder (see lease.ts): throws `encoder.busy` while another job has it.
   * The desk's `read` takes it for the length of its wait.
   */
  lease(owner: EncoderOwner): EncoderLease;
  /** Who has the encoder now, if anyone. */
  leaseHolder(): EncoderOwner | undefined;
  /** The desk windows' holds (desk-holds.ts), for tests. */
  readonly deskHolds: DeskHolds;
  /** The emulator behind the simulator driver (demo mode), for tests and training tools. */
  readonly emulator: Pn532Emulator;
  /**
   * Applies changed encoder settings: reopens the reader if the driver, port or baud rate changed,
   * otherwise just uses the new serialNum format and issueMac from the next card on.
   */
  reconfigure(config: EncoderConfig): Promise<void>;
  /**
   * Refuses encoder settings whose driver or port changed to something the station must not
   * open (see port-access.ts); the settings service calls it before saving.
   */
  checkSettings(next: EncoderConfig, previous: EncoderConfig): Promise<void>;
}

const now = () => new Date().toISOString();

function toEncoderStatus(s: DriverStatus, settings: DriverSettings, issueMac: string | undefined, since: string): EncoderStatus {
  const base = {
    driver: settings.driver,
    ...(settings.driver === 'simulator' ? { port: SIMULATOR_PORT } : settings.port ? { port: settings.port } : {}),
    ...(issueMac ? { issueMac } : {}),
    since,
  };
  switch (s.state) {
    case 'ready':
      return { state: 'ready', ...base, model: s.model, firmware: s.firmware };
    case 'connecting':
      return { state: 'connecting', ...base };
    case 'disconnected':
      return { state: 'disconnected', ...base, error: s.error };
    case 'error':
      return { state: 'error', ...base, error: s.error };
  }
}

export function createEncoderService(options: EncoderServiceOptions): EncoderServiceHandle {
  const { events, notify, log } = options;
  const emulator = new Pn532Emulator();
  let config = options.config;
  let settings: DriverSettings = { driver: config.driver, port: config.port, baudRate: config.baudRate };
  let issueMac = normaliseIssueMac(config.issueMac);
  let status: EncoderStatus = { state: 'unavailable', driver: config.driver, since: now() };
  let driver: EncoderDriver | undefined;
  let closed = false;
  let muted = false;

  const setStatus = (next: EncoderStatus) => {
    status = next;
    if (muted) return;
    try {
      notify();
    } catch (err) {
      log.warn('encoder status notification failed', { detail: err instanceof Error ? err.message : String(err) });
    }
  };

  const cardRead = (card: CardPresence): CardRead => ({
    serialNum: formatSerial(card.serialBytes, config.serialFormat),
    uid: toHex(card.uid),
    cardType: card.cardType,
    driver: config.driver,
    ...(issueMac ? { issueMac } : {}),
    at: now(),
  });

  /** Creates and starts the driver for the current config; status says how it goes. */
  function startDriver(): void {
    driver = undefined;
    if (config.driver === 'none') {
      setStatus({ state: 'unavailable', driver: 'none', since: now() });
      return;
    }
    let created: EncoderDriver;
    try {
      created = createDriver(settings, { log, emulator, timing: options.timing });
    } catch (err) {
      setStatus({
        state: 'error',
        driver: config.driver,
        since: now(),
        error: toStationError(err),
        ...(settings.port ? { port: settings.port } : {}),
      });
      return;
    }
    driver = created;
    setStatus(toEncoderStatus({ state: 'connecting' }, settings, issueMac, now()));
    if (config.driver === 'simulator' && options.mode === 'live') {
      log.warn('the simulated encoder is in use in live mode: cards placed on it are not real');
    }
    const forThisDriver = settings;
    created.on('status', (s) => {
      if (!closed && driver === created) setStatus(toEncoderStatus(s, forThisDriver, issueMac, now()));
    });
    created.on('card-present', (card) => {
      lastPlaced = { uid: toHex(card.uid), at: performance.now() };
      const read = cardRead(card);
      log.info('card read', { uid: read.uid, driver: read.driver, cardType: read.cardType });
      // While another job (a PMS request) has the encoder, its cards are that job's: the desk's
      // card screens are not handed them (a clerk's form must not fill in the PMS guest's card).
      const holder = leases.current();
      if (holder && !isDeskOwner(holder)) return;
      events.emit('encoder:card', read);
    });
    created.on('card-removed', (card) => events.emit('encoder:card-removed', { uid: toHex(card.uid), at: now() }));
    // Started on the next turn so the station has finished wiring (status() reads every
    // service). Keeps retrying in the background when the reader is missing.
    setImmediate(() => {
      if (!closed && driver === created) created.open().catch(() => undefined);
    });
  }

  const leases = new EncoderLeases((holder) => {
    if (closed) return;
    events.emit('encoder:holder', { holder: holder ? { id: holder.id, label: holder.label, labelZh: holder.labelZh } : null });
  });
  const deskHolds = new DeskHolds({ acquire: (owner) => leases.acquire(owner), idleMs: options.deskHoldIdleMs ?? DESK_HOLD_IDLE_MS, log });
  /** When the card now on the encoder was placed (performance.now()), for reads that want only new cards. */
  let lastPlaced: { uid: string; at: number } | undefined;
  const placedAt = (card: CardPresence) => (lastPlaced?.uid === toHex(card.uid) ? lastPlaced.at : -Infinity);

  // The station is still being wired: set the first status without notifying.
  muted = true;
  startDriver();
  muted = false;

  function usableDriver(): EncoderDriver {
    if (!driver) throw status.error ? new StationFailure(status.error) : StationFailure.of('encoder.not-configured');
    if (status.state === 'error' && status.error) throw new StationFailure(status.error);
    return driver;
  }

  /** Waiting ran out while the reader was unplugged: say that, not "no card". */
  function explainTimeout(err: unknown): never {
    if (status.state === 'disconnected' && status.error && err instanceof StationFailure && err.error.code === 'encoder.timeout') {
      throw new StationFailure(status.error);
    }
    throw err;
  }

  async function read(timeoutMs: number, owner: EncoderOwner = DESK_OWNER): Promise<CardRead> {
    const release = leases.acquire(owner);
    try {
      return cardRead(await usableDriver().readCard(timeoutMs));
    } catch (err) {
      explainTimeout(err);
    } finally {
      release();
    }
  }

  /** The first card on the encoder that is not in `except`, now or within `timeoutMs`. */
  function readOther(timeoutMs: number, options: LeasedReadOptions, leasedAt: number): Promise<CardRead> {
    const reader = usableDriver();
    const except = options.except ?? new Set<string>();
    const usable = (card: CardPresence | undefined) => card !== undefined && !except.has(toHex(card.uid));
    const present = reader.currentCard();
    if (usable(present) && (!options.placedAfterLease || placedAt(present!) > leasedAt)) return Promise.resolve(cardRead(present!));
    const started = Date.now();
    return new Promise<CardRead>((resolve, reject) => {
      const seconds = () => Math.round((Date.now() - started) / 100) / 10;
      const finish = (err: unknown, card?: CardPresence) => {
        clearTimeout(timer);
        offCard();
        offStatus();
        options.signal?.removeEventListener('abort', onAbort);
        if (card) resolve(cardRead(card));
        else {
          try {
            explainTimeout(err);
          } catch (explained) {
            reject(explained);
          }
        }
      };
      const onAbort = () => finish(StationFailure.of('encoder.timeout', { seconds: seconds() }));
      const timer = setTimeout(
        () => finish(StationFailure.of('encoder.timeout', { seconds: Math.round(timeoutMs / 100) / 10 })),
        timeoutMs,
      );
      const offCard = reader.on('card-present', (card) => {
        if (usable(card)) finish(undefined, card);
      });
      const offStatus = reader.on('status', () => {
        if (closed || driver !== reader) finish(StationFailure.of('encoder.closed'));
      });
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function lease(owner: EncoderOwner): EncoderLease {
    const release = leases.acquire(owner);
    const leasedAt = performance.now();
    let released = false;
    return {
      owner,
      read: (timeoutMs, options = {}) => {
        if (released) return Promise.reject(StationFailure.of('encoder.closed'));
        return readOther(timeoutMs, options, leasedAt);
      },
      release: () => {
        released = true;
        release();
      },
    };
  }

  const listPorts = () => discoverPorts({ log, ...options.discovery });
  const allowedPort = (driverId: DriverSettings['driver'], port: string) =>
    resolveEncoderPort(driverId, port, { ...options.portAccess, listPorts });

  async function test(request: RequestOf<'encoder:test'>): Promise<EncoderStatus> {
    const wanted: DriverSettings = { driver: request.driver, port: request.port, baudRate: request.baudRate };
    if (wanted.driver === 'none') return { state: 'unavailable', driver: 'none', since: now() };
    const same = driver && wanted.driver === settings.driver && (wanted.driver === 'simulator' || wanted.port === settings.port);
    // The running driver holds (or keeps retrying) that port: its settled status is the answer.
    if (same) return settledStatus(options.testTimeoutMs ?? 5000);
    let probe: EncoderDriver;
    try {
      const port = wanted.port === undefined ? undefined : await allowedPort(wanted.driver, wanted.port);
      probe = createDriver({ ...wanted, port }, { log, emulator: wanted.driver === 'simulator' ? new Pn532Emulator() : undefined });
    } catch (err) {
      return {
        state: 'error',
        driver: wanted.driver,
        since: now(),
        error: toStationError(err),
        ...(wanted.port ? { port: wanted.port } : {}),
      };
    }
    const timeoutMs = options.testTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe.open(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(StationFailure.of('encoder.no-answer', { port: wanted.port ?? '?', baud: wanted.baudRate ?? 115200 })),
            timeoutMs,
          );
        }),
      ]);
      return toEncoderStatus(probe.status(), wanted, issueMac, now());
    } catch (err) {
      return {
        state: 'error',
        driver: wanted.driver,
        since: now(),
        error: toStationError(err),
        ...(wanted.port ? { port: wanted.port } : {}),
      };
    } finally {
      if (timer) clearTimeout(timer);
      await probe.close().catch(() => undefined);
    }
  }

  function settledStatus(timeoutMs: number): Promise<EncoderStatus> {
    if (status.state !== 'connecting') return Promise.resolve(status);
    return new Promise((resolve) => {
      const started = Date.now();
      const check = setInterval(() => {
        if (status.state !== 'connecting' || Date.now() - started > timeoutMs) {
          clearInterval(check);
          resolve(status);
        }
      }, 20);
    });
  }

  async function reconfigure(next: EncoderConfig): Promise<void> {
    const same = next.driver === config.driver && next.port === config.port && next.baudRate === config.baudRate;
    config = next;
    issueMac = normaliseIssueMac(next.issueMac);
    if (same && driver) {
      // Only the format or the MAC changed: the reader stays open.
      setStatus({ ...status, ...(issueMac ? { issueMac } : { issueMac: undefined }) });
      return;
    }
    const old = driver;
    driver = undefined;
    await old?.close();
    settings = { driver: next.driver, port: next.port, baudRate: next.baudRate };
    if (!closed) startDriver();
  }

  async function checkSettings(next: EncoderConfig, previous: EncoderConfig): Promise<void> {
    if (next.port === undefined || (next.port === previous.port && next.driver === previous.driver)) return;
    try {
      await allowedPort(next.driver, next.port);
    } catch (err) {
      // A serial port that is not plugged in yet may be saved: the driver waits for it.
      if (err instanceof StationFailure && err.error.code === 'encoder.port-missing') return;
      if (err instanceof StationFailure) throw new StationFailure({ ...err.error, field: 'encoder.port' });
      throw err;
    }
  }

  async function simulate(request: RequestOf<'encoder:simulate'>): Promise<EncoderStatus> {
    const sim = driver;
    if (!sim || config.driver !== 'simulator') throw StationFailure.of('encoder.not-simulator', { driver: config.driver });
    if (request.action === 'remove') {
      emulator.removeCard();
      return status;
    }
    const uid = (request.uid ?? DEMO_UID).toUpperCase();
    const already = sim.currentCard();
    if (already && toHex(already.uid) === uid) return status;
    const seen = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve();
      }, 1500);
      const off = sim.on('card-present', (card) => {
        if (toHex(card.uid) === uid) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    });
    try {
      emulator.placeCard(uid);
    } catch {
      throw StationFailure.of('encoder.bad-uid', { uid });
    }
    // Answer once the real driver has seen the card, so a read right after returns it.
    if (status.state === 'ready') await seen;
    return status;
  }

  return {
    emulator,
    status: () => status,
    read,
    lease,
    leaseHolder: () => leases.current(),
    deskHolds,
    hold: (window: HoldingWindow, request: { job: DeskEncoderJob; room?: string }, operator: string): EncoderHold =>
      deskHolds.hold(window, request, operator),
    releaseHold: (window: HoldingWindow, holdId: string) => deskHolds.release(window, holdId),
    test,
    ports: listPorts,
    simulate,
    reconfigure,
    checkSettings,
    async close() {
      deskHolds.close();
      closed = true;
      await driver?.close();
    },
  };
}
