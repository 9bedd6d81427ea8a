/**
 * What a room's locks take and how each kind of card is stopped: the one table the planner, the
 * directory and the README follow.
 *
 * | card kind | lock types | revoked by | extended by |
 * | --- | --- | --- | --- |
 * | QR (UCLBRT) | every QR* lock | cancel (`cancelCard`) on QRALOCK and QRNLOCK-WIFI, which stop one card alone; a whole-room loss report on the others | a new card to the new end, then the old card cancelled once the new one is confirmed (QRA, QRN-WIFI), or left to run out at its own end (other QR locks: a whole-room loss would stop the new card too) |
 * | proximity (UCLBRT) | RFLOCK-V9, QRLOCK, QRALOCK, QRBLOCK, QRMLOCK, QRNLOCK-WIFI | `Home/Qrm/cancelCard` | the same card written again with the new end (the card on the encoder) |
 * | Tuya | a room with a Tuya lock | delete | modify the validity in place |
 */
import type { LockType } from '../../../shared/domain/cloud';
import type { CardRecord } from '../../../shared/domain/registry';
import type { CardKind } from '../../../shared/domain/rooms';

/** Lock types that take UCLBRT proximity cards (seed 002's operateCardType covers these). */
const PROXIMITY_LOCKS: ReadonlySet<LockType> = new Set<LockType>(['RFLOCK-V9', 'QRLOCK', 'QRALOCK', 'QRBLOCK', 'QRMLOCK', 'QRNLOCK-WIFI']);
/** QR locks that can stop a single card: QRA (C4 and later, seed 000) and the online QRN-WIFI. */
const SINGLE_QR_REVOKE: ReadonlySet<LockType> = new Set<LockType>(['QRALOCK', 'QRNLOCK-WIFI']);

export function cardKindsOf(room: { lockType?: LockType; tuyaDeviceId?: string }): CardKind[] {
  const kinds: CardKind[] = [];
  if (room.lockType?.startsWith('QR')) kinds.push('qr');
  if (room.lockType && PROXIMITY_LOCKS.has(room.lockType)) kinds.push('proximity');
  if (room.tuyaDeviceId) kinds.push('tuya');
  return kinds;
}

/** How a room's QR cards are stopped: one by one, or all at once with a whole-room loss report. */
export function qrRevokeOf(lockType: LockType | undefined): 'cancel' | 'whole-room-loss' {
  return lockType && SINGLE_QR_REVOKE.has(lockType) ? 'cancel' : 'whole-room-loss';
}

export function cardKindOf(card: Pick<CardRecord, 'provider' | 'cardNo'>): CardKind {
  if (card.provider === 'tuya') return 'tuya';
  return card.cardNo ? 'qr' : 'proximity';
}

/** What the station shows for a card: QR number, proximity serial, Tuya lock card id (else its card id); empty before the cloud numbered it. */
export function cardLabelOf(card: Pick<CardRecord, 'provider' | 'cardNo' | 'serialNum' | 'lockCardId'>): string {
  if (card.provider === 'tuya') return card.lockCardId ?? card.serialNum ?? '';
  return card.cardNo ?? card.serialNum ?? '';
}
