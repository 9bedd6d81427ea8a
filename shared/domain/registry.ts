import type { StationError } from '../errors/types';
import type { ProviderId } from './cloud';
import type { OperationKind, OperationState } from './operations';
import type { PendingCardChange } from './rooms';

export const CARD_STATUSES = ['pending', 'active', 'lost', 'cancelled', 'frozen', 'failed'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** A card this station issued, read or changed. */
export interface CardRecord {
  id: string;
  provider: ProviderId;
  /** UCLBRT QR card number. */
  cardNo?: string;
  /** Proximity card serial number (as sent to the cloud). */
  serialNum?: string;
  /** Tuya lock card id and the lock it belongs to. */
  lockCardId?: string;
  deviceId?: string;
  buildNo?: string;
  floorNo?: string;
  roomNo?: string;
  holderMobile?: string;
  holderAreaCode?: string;
  /** Local validity as entered (`YYYY-MM-DDTHH:mm`). */
  validFrom?: string;
  validTo?: string;
  status: CardStatus;
  createdAt: string;
  updatedAt: string;
  lastOperationId?: string;
}

export interface AuditEntry {
  /** The entry's number in the log of the desk that wrote it. */
  seq: number;
  /** The desk (site stationId) that wrote it, in the hotel-wide activity log. */
  station?: string;
  at: string;
  operator: string;
  /** e.g. `operation.accepted`, `operation.done`, `operation.failed`, `operation.discarded`, `settings.changed`. */
  action: string;
  operationId?: string;
  kind?: OperationKind;
  state?: OperationState;
  subject?: string;
  error?: StationError;
  detail?: string;
}

export interface CardDetails {
  card: CardRecord | null;
  history: AuditEntry[];
  /**
   * Operations accepted for the card that are not done yet; a pending loss report, cancel or delete
   * says `stillOpens`: the card opens the door until it reaches the cloud.
   */
  pending?: PendingCardChange[];
}
