/**
 * What the hotel's PMS is told about a key request, and what the station shows about its PMS
 * interfaces. One table maps each outcome to its FIAS answer status (`KA|AS..|`) and its HTTP
 * `responseCode`; the texts are in shared/errors/pms-codes.ts.
 */
import type { StationError } from '../errors/types';

export const PMS_OUTCOMES = [
  'ok',
  'queued',
  'encoder-not-responding',
  'encoder-busy',
  'no-card',
  'card-timeout',
  'unknown-room',
  'bad-card',
  'other-station',
  'general',
] as const;
export type PmsOutcome = (typeof PMS_OUTCOMES)[number];

/**
 * The one mapping of outcomes to the two wire forms. `queued` is not `OK`: the key does not work
 * until the lock cloud has it, and the PMS must not be told otherwise.
 */
export const PMS_OUTCOME_CODES: Readonly<Record<PmsOutcome, { fias: string; http: string }>> = {
  ok: { fias: 'OK', http: 'OK' },
  queued: { fias: 'QU', http: 'QUEUED' },
  'encoder-not-responding': { fias: 'NR', http: 'ENCODER_NOT_RESPONDING' },
  'encoder-busy': { fias: 'BY', http: 'ENCODER_BUSY' },
  'no-card': { fias: 'NC', http: 'NO_CARD' },
  'card-timeout': { fias: 'TO', http: 'CARD_TIMEOUT' },
  'unknown-room': { fias: 'NF', http: 'UNKNOWN_ROOM' },
  'bad-card': { fias: 'DC', http: 'CARD_DAMAGED_OR_FOREIGN' },
  'other-station': { fias: 'OS', http: 'OTHER_STATION_ENCODING' },
  general: { fias: 'UR', http: 'GENERAL_ERROR' },
};

export type PmsInterface = 'fias' | 'http';

export interface PmsListenerStatus {
  interface: PmsInterface;
  /** `off`: not configured; `stopped`: configured, but no station process runs it; `error`: could not listen (see `error`). */
  state: 'off' | 'stopped' | 'starting' | 'listening' | 'error';
  host?: string;
  port?: number;
  error?: StationError;
  /** HTTP: whether requests must carry the bearer token. */
  tokenRequired?: boolean;
  /** FIAS: who may connect. */
  allow?: string[];
}

export type FiasLinkState = 'awaiting-start' | 'awaiting-alive' | 'up' | 'ended';

export interface PmsPeerStatus {
  interface: PmsInterface;
  address: string;
  port: number;
  /** ISO time the connection opened. */
  since: string;
  linkState: FiasLinkState;
  /** ISO time anything last arrived from it. */
  lastSeen: string;
}

/** One record in or out, as shown in the status (guest name and mobile masked). */
export interface PmsRecordSummary {
  at: string;
  interface: PmsInterface;
  direction: 'in' | 'out';
  peer?: string;
  text: string;
  outcome?: PmsOutcome;
}

export interface PmsStatus {
  /** Whether the PMS listeners run: in this process, or in another station process on the same data folder (`pid`). */
  running: boolean;
  /** The process that runs them. */
  pid?: number;
  /** ISO time the listeners started. */
  since?: string;
  cardKind: 'proximity' | 'qr' | 'tuya';
  listeners: PmsListenerStatus[];
  peers: PmsPeerStatus[];
  /** Newest first, at most 20. */
  lastRecords: PmsRecordSummary[];
  /** Requests answered since the listeners started, by outcome. */
  counts: Record<PmsOutcome, number>;
}

export function emptyOutcomeCounts(): Record<PmsOutcome, number> {
  return Object.fromEntries(PMS_OUTCOMES.map((o) => [o, 0])) as Record<PmsOutcome, number>;
}
