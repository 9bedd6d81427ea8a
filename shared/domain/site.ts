import type { StationError } from '../errors/types';

/**
 * The desk's link to its site database, for the status bar and `station site status`:
 * - `online`: everything of this desk is in the site log and everything of the others is here;
 * - `behind`: reachable, catching up (`behindBy` others' facts to pull, `unpushed` own to push);
 * - `offline`: the database cannot be reached since `offlineSince` (the desk works on its own);
 * - `refused`: the database answers but this desk will not use it (`error` says why: a newer
 *   schema, a wrong password, another desk with the same stationId...);
 * - `connecting`: no answer yet since the station started.
 */
export interface SiteStatus {
  state: 'online' | 'behind' | 'offline' | 'refused' | 'connecting';
  siteId: string;
  stationId: string;
  behindBy: number;
  unpushed: number;
  offlineSince?: string;
  lastSyncAt?: string;
  error?: StationError;
}
