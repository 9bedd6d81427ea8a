import type { Operation, OperationRequestInput } from '../../../../shared/domain/operations';
import { call } from '../../api/station';
import { useOperations } from '../../store/operations';

/** Hands a cloud mutation to main's durable outbox; the answer comes at once, usually `queued`. */
export async function submitOperation(request: OperationRequestInput): Promise<Operation> {
  const op = await call('operations:submit', request);
  useOperations.getState().upsert(op);
  return op;
}

export async function resendOperation(id: string, request: OperationRequestInput): Promise<Operation> {
  const op = await call('operations:resend', { id, request });
  useOperations.getState().upsert(op);
  return op;
}
