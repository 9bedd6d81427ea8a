import type { OperationRequest } from '../../../shared/domain/operations';

/** `build-floor-room`, with empty parts for a room addressed by number only. */
export function roomKey(input: { buildNo?: string; floorNo?: string; roomNo: string }): string {
  return `${input.buildNo ?? ''}-${input.floorNo ?? ''}-${input.roomNo}`;
}

/**
 * What an operation concerns; operations with the same subject go out strictly in order.
 * Issues concern the room (QR) or the physical card (proximity, Tuya); later changes concern the
 * card the cloud knows: cardNo, serialNum, or lock + lock_card_id.
 */
export function subjectOf(request: OperationRequest): string {
  switch (request.kind) {
    case 'uclbrt.qr.issue':
      return `uclbrt:room:${roomKey(request.input)}`;
    case 'uclbrt.qr.reportLost':
    case 'uclbrt.qr.cancel':
      return `uclbrt:qr:${request.input.cardNo}`;
    case 'uclbrt.prox.issue':
    case 'uclbrt.prox.cancel':
      return `uclbrt:prox:${request.input.serialNum.toUpperCase()}`;
    case 'tuya.issue':
      return `tuya:${request.input.deviceId}:card:${request.input.cardId.toUpperCase()}`;
    case 'tuya.modify':
    case 'tuya.delete':
    case 'tuya.freeze':
    case 'tuya.unfreeze':
      return `tuya:${request.input.deviceId}:lock-card:${request.input.lockCardId}`;
  }
}
