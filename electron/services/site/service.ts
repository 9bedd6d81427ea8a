/**
 * The site as the station sees it: built by station.ts when the configuration has a `site`
 * section, on the station's database (store/station-data.ts). The app and the browser harness sync in the background;
 * the CLI syncs only when asked (`site sync`), so a one-shot command never waits on PostgreSQL.
 */
import type { SiteConfig } from '../../../shared/config';
import type { SiteStatus } from '../../../shared/domain/site';
import type { Logger } from '../logging/logger';
import type { Outbox } from '../outbox';
import type { SecretStore } from '../secrets/secret-store';
import type { StationData } from '../store/station-data';
import { outboxDesk } from './outbox-desk';
import type { StationSeen } from './pg/remote';
import { siteHold, siteSendGate } from './send-gate';
import { SiteSync, type AdoptReport, type SyncReport } from './sync';
import type { SiteView } from './site-view';

export interface SiteService {
  readonly config: SiteConfig;
  /** Hotel-wide answers: cards, rooms, operators, operations, activity. */
  readonly view: SiteView;
  status(): SiteStatus;
  /** One push and pull now. */
  syncNow(): Promise<SyncReport>;
  /** How far behind this desk is, and the desks the site knows, without acting for this desk. */
  probe(): Promise<{ status: SiteStatus; stations: StationSeen[] }>;
  adopt(from: string, operator: string, options?: { dryRun?: boolean }): Promise<AdoptReport>;
  close(): Promise<void>;
}

export interface SiteServiceDeps {
  config: SiteConfig;
  /** The station's stores (the fact log and the site tables are on its connection). */
  data: Pick<StationData, 'db' | 'operations' | 'audit'>;
  /** Where adopted operations are queued and withdrawn ones discarded. */
  outbox: Outbox;
  secrets: SecretStore;
  log: Logger;
  onStatus: () => void;
  /** Other desks' changes arrived (cards, rooms, operators, activity). */
  onApplied?: () => void;
  /** Sync on an interval (the app) or only on demand (the CLI). */
  background: boolean;
}

export function createSiteService(deps: SiteServiceDeps): SiteService {
  const sync = new SiteSync({
    db: deps.data.db,
    config: deps.config,
    password: () => deps.secrets.get('site.password'),
    desk: outboxDesk(deps.outbox, deps.data),
    log: deps.log,
    onStatus: deps.onStatus,
    onApplied: deps.onApplied,
  });
  if (deps.background) sync.start();
  return {
    config: deps.config,
    view: sync.view,
    status: () => sync.status(),
    syncNow: () => sync.syncNow(),
    probe: () => sync.probe(),
    adopt: (from, operator, options) => sync.adopt(from, operator, options),
    close: () => sync.close(),
  };
}

/** What the site holds back from being sent (adopt, room order across desks), and the outbox's gate from it. */
export { siteHold, siteSendGate };
