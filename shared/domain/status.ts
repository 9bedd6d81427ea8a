import type { StationError } from '../errors/types';
import type { CloudStatus } from './cloud';
import type { EncoderStatus } from './encoder';
import type { QueueSummary } from './operations';
import type { SiteStatus } from './site';

export type StationMode = 'demo' | 'live';

export interface StationStatus {
  mode: StationMode;
  version: string;
  encoder: EncoderStatus;
  clouds: CloudStatus[];
  /** Null until the outbox is available. */
  queue: QueueSummary | null;
  /** The link to the hotel's site database, when the station belongs to one. */
  site?: SiteStatus;
  /** What staff must know although the station works (a damaged database kept aside at start). */
  notices?: StationError[];
}

export interface Progress {
  task: string;
  label: string;
  done: number;
  total: number;
  /** When set, what to show instead of "label: done of total", by code (shared/errors `describeText`), in the clerk's language. */
  text?: { code: string; params: Record<string, string | number> };
}
