/**
 * What this desk remembers about its site, in station.db (`site_state`): which site and station
 * its facts belong to, how far they are pushed, how far others' facts are pulled, and when the
 * site database last answered.
 */
import { statementCache, type StationDatabase } from '../store/database';

export interface SiteIdentity {
  siteId: string;
  stationId: string;
}

const KEYS = {
  site: 'site_id',
  station: 'station_id',
  pushed: 'pushed_seq',
  pushing: 'pushing_seq',
  pulled: 'pulled_pos',
  head: 'site_head',
  contact: 'contact_at',
  lastSync: 'last_sync_at',
} as const;

export class SiteState {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: StationDatabase) {
    this.sql = statementCache(db);
  }

  private get(key: string): string | undefined {
    const row = this.sql('SELECT value FROM site_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  private set(key: string, value: string | number): void {
    this.sql('INSERT INTO site_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      String(value),
    );
  }

  private number(key: string): number {
    return Number(this.get(key) ?? 0);
  }

  identity(): SiteIdentity | undefined {
    const siteId = this.get(KEYS.site);
    const stationId = this.get(KEYS.station);
    return siteId && stationId ? { siteId, stationId } : undefined;
  }

  setIdentity(identity: SiteIdentity): void {
    this.set(KEYS.site, identity.siteId);
    this.set(KEYS.station, identity.stationId);
  }

  /** The last of this desk's facts the site log has. */
  pushedSeq(): number {
    return this.number(KEYS.pushed);
  }

  setPushedSeq(seq: number): void {
    if (seq > this.pushedSeq()) this.set(KEYS.pushed, seq);
  }

  /**
   * The last of this desk's facts ever handed to a push: the site may have it even if the answer
   * was lost (what the send gate must assume could have been adopted).
   */
  pushingSeq(): number {
    return Math.max(this.number(KEYS.pushing), this.pushedSeq());
  }

  setPushingSeq(seq: number): void {
    if (seq > this.number(KEYS.pushing)) this.set(KEYS.pushing, seq);
  }

  /** The site-log position up to which facts were pulled and applied. */
  pulledPos(): number {
    return this.number(KEYS.pulled);
  }

  setPulledPos(pos: number): void {
    this.set(KEYS.pulled, pos);
  }

  /** The site log's last position when it was last asked (for "behind by N facts"). */
  siteHead(): number {
    return this.number(KEYS.head);
  }

  setSiteHead(pos: number): void {
    this.set(KEYS.head, pos);
  }

  /** When (this computer's clock, ms) the site database last confirmed nothing of ours was adopted. */
  contactAt(): number | undefined {
    const v = this.get(KEYS.contact);
    return v === undefined ? undefined : Number(v);
  }

  setContactAt(ms: number): void {
    this.set(KEYS.contact, ms);
  }

  lastSyncAt(): number | undefined {
    const v = this.get(KEYS.lastSync);
    return v === undefined ? undefined : Number(v);
  }

  setLastSyncAt(ms: number): void {
    this.set(KEYS.lastSync, ms);
  }
}
