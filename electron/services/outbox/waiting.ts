import type { Operation, OperationWait } from '../../../shared/domain/operations';
import { stationError, type ErrorCode } from '../../../shared/errors';
import type { Blocker, OperationReader } from './operation-store';
import { describeSubject } from './subject';

/** The clerk's words for what a queued operation waits for (codes in shared/errors/outbox-codes.ts). */
export function waitOf(blocker: Blocker): OperationWait {
  const { type, label } = describeSubject(blocker.subject);
  const params = { target: label };
  const state = blocker.op.state;
  const stuck = state === 'failed' || state === 'uncertain';
  const wholeRoomLoss = blocker.op.kind === 'uclbrt.qr.reportLost' && blocker.op.input.wholeRoom;
  const code: ErrorCode = stuck
    ? `outbox.blocked-${state}.${type}`
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

/** What an operation sent only after another one (`dependsOn`) waits for, while that one is not done. */
export function dependencyWaitOf(dependency: Operation): OperationWait {
  const stuck = dependency.state === 'failed' || dependency.state === 'uncertain';
  return {
    operationId: dependency.id,
    kind: dependency.kind,
    state: dependency.state,
    needsDecision: stuck,
    reason: stationError(stuck ? 'outbox.blocked-dependency' : 'outbox.waiting.dependency', { id: dependency.id, state: dependency.state }),
  };
}

/**
 * The operation with `waitingFor` filled in when it is queued behind another one: a stuck operation
 * ahead in its lines first (a person must act on it), then one stuck outside this desk's queue (at
 * another desk of the site), then the operation it depends on, then the nearest one ahead, then
 * what holds it outside the queue (the site: another desk's work on the room, or the site not
 * heard from).
 */
export function explainWait(store: OperationReader, op: Operation): Operation {
  if (op.state !== 'queued') return op;
  const blocker = store.blockerOf(op.id);
  const line = blocker ? waitOf(blocker) : undefined;
  if (line?.needsDecision) return { ...op, waitingFor: line };
  const outside = store.outsideHold(op);
  if (outside?.needsDecision) return { ...op, waitingFor: outside };
  const dependency = op.dependsOn ? store.find(op.dependsOn) : undefined;
  if (dependency && dependency.state !== 'done') return { ...op, waitingFor: dependencyWaitOf(dependency) };
  const wait = line ?? outside;
  return wait ? { ...op, waitingFor: wait } : op;
}
