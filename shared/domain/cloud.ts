import { z } from 'zod';
import type { StationError } from '../errors/types';

export const PROVIDERS = ['uclbrt', 'tuya'] as const;
export const providerSchema = z.enum(PROVIDERS);
export type ProviderId = z.infer<typeof providerSchema>;

/** UCLBRT lock types; they decide `operateCardType` and which features a room supports. */
export const LOCK_TYPES = ['QRLOCK', 'RFLOCK-V9', 'QRALOCK', 'QRBLOCK', 'QRMLOCK', 'QRNLOCK-WIFI', 'QRPLOCK'] as const;
export const lockTypeSchema = z.enum(LOCK_TYPES);
export type LockType = z.infer<typeof lockTypeSchema>;

export type CloudState = 'online' | 'degraded' | 'offline' | 'unconfigured' | 'unavailable';

export interface CloudStatus {
  provider: ProviderId;
  state: CloudState;
  /** ISO time the state began. */
  since: string;
  baseUrl?: string;
  lastError?: StationError;
}

/** The four outcomes the outbox acts on. */
export type OutcomeKind = 'success' | 'permanent' | 'retryable' | 'ambiguous';
