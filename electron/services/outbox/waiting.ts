import type { Operation, OperationWait } from '../../../shared/domain/operations';
import { stationError } from '../../../shared/errors';
import type { Blocker, OperationStore } from './operation-store';
import { describeSubject } from './subject';

/** The clerk's words for what a queued operation waits for (codes in shared/errors/outbox-codes.ts). */
export function waitOf(blocker: Blocker): OperationWait {
  const { type, label } = describeSubject(blocker.subject);
  const params = { target: label };
  const stuck = blocker.op.state === 'failed' || blocker.op.state === 'uncertain';
  const wholeRoomLoss = blocker.op.kind === 'uclbrt.qr.reportLost' && 'wholeRoom' in blocker.op.input && blocker.op.input.wholeRoom;
  const code = stuck
    ? `outbox.blocked-${blocker.op.state}.${type}`
    : wholeRoomLoss && type === 'room'
      ? 'outbox.waiting.room-loss'
      : `outbox.waiting.${type}`;
  return {
    operationId: blocker.op.id,
    kind: blocker.op.kind,
    state: blocker.op.state,
    needsDecision: stuck,
    reason: stationError(code, params),
  };
}

/** The operation with `waitingFor` filled in when it is queued behind another one. */
export function explainWait(store: OperationStore, op: Operation): Operation {
  if (op.state !== 'queued') return op;
  const blocker = store.blockerOf(op.id);
  return blocker ? { ...op, waitingFor: waitOf(blocker) } : op;
}
