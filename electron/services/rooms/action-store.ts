import type { Operation } from '../../../shared/domain/operations';
import type {
  CardKind,
  RoomActionKind,
  RoomActionStep,
  RoomActionStepRole,
  RoomActionView,
  StepProgress,
} from '../../../shared/domain/rooms';
import type { StationError } from '../../../shared/errors';
import type { OperationReader } from '../outbox/operation-store';
import { explainWait } from '../outbox/waiting';
import { statementCache, type WritableDB } from '../store/database';

interface ActionRow {
  id: string;
  kind: RoomActionKind;
  room_key: string;
  room_name: string;
  operator: string;
  created_at: string;
  request: string;
  notes: string | null;
}

interface StepRow {
  step: number;
  operation_id: string;
  role: RoomActionStepRole;
  card_kind: CardKind;
  card_label: string;
  card_id: string | null;
}

export interface NewRoomAction {
  id: string;
  kind: RoomActionKind;
  roomKey: string;
  roomName: string;
  operator: string;
  at: string;
  request: unknown;
  notes: StationError[];
  steps: { operationId: string; role: RoomActionStepRole; cardKind: CardKind; cardLabel: string; cardId?: string }[];
}

/** done / queued / failed, as the clerk sees each card of an action. */
export function progressOf(role: RoomActionStepRole, op: Operation): StepProgress {
  if (op.state === 'done') return 'done';
  // A withdrawn issue never reached the cloud: the card it was for does not exist, which was the point.
  if (op.state === 'discarded') return role === 'withdraw' ? 'done' : 'failed';
  if (op.state === 'failed' || op.state === 'uncertain') return 'failed';
  return op.waitingFor?.needsDecision ? 'failed' : 'queued';
}

/** The `room_actions` and `room_action_steps` tables: which operations carry out which action. */
export class RoomActionStore {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: WritableDB,
    private readonly operations: OperationReader,
  ) {
    this.sql = statementCache(db);
  }

  /** Call inside the transaction that queued the operations. */
  insert(action: NewRoomAction): void {
    this.sql(
      `INSERT INTO room_actions (id, kind, room_key, room_name, operator, created_at, request, notes) VALUES (@id, @kind, @roomKey, @roomName, @operator, @at, @request, @notes)`,
    ).run({ ...action, request: JSON.stringify(action.request), notes: action.notes.length ? JSON.stringify(action.notes) : null });
    const step = this.sql(
      `INSERT INTO room_action_steps (action_id, step, operation_id, role, card_kind, card_label, card_id) VALUES (@actionId, @step, @operationId, @role, @cardKind, @cardLabel, @cardId)`,
    );
    action.steps.forEach((s, i) => step.run({ actionId: action.id, step: i, ...s, cardId: s.cardId ?? null }));
  }

  view(id: string): RoomActionView | undefined {
    const row = this.sql('SELECT * FROM room_actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row ? this.toView(row) : undefined;
  }

  forRoom(roomKey: string, limit: number): RoomActionView[] {
    const rows = this.sql('SELECT * FROM room_actions WHERE room_key = ? ORDER BY created_at DESC LIMIT ?').all(
      roomKey,
      limit,
    ) as ActionRow[];
    return rows.map((r) => this.toView(r));
  }

  /** The actions an operation is a step of. */
  actionsOfOperation(operationId: string): string[] {
    return (
      this.sql('SELECT DISTINCT action_id AS id FROM room_action_steps WHERE operation_id = ?').all(operationId) as { id: string }[]
    ).map((r) => r.id);
  }

  private toView(row: ActionRow): RoomActionView {
    const steps = this.sql('SELECT * FROM room_action_steps WHERE action_id = ? ORDER BY step').all(row.id) as StepRow[];
    const views: RoomActionStep[] = [];
    for (const s of steps) {
      const found = this.operations.find(s.operation_id);
      if (!found) continue;
      const op = explainWait(this.operations, found);
      const step: RoomActionStep = {
        role: s.role,
        cardKind: s.card_kind,
        cardLabel:
          s.card_label ||
          (typeof op.result?.cardNo === 'string'
            ? op.result.cardNo
            : typeof op.result?.lockCardId === 'string'
              ? op.result.lockCardId
              : ''),
        operationId: op.id,
        operationKind: op.kind,
        state: op.state,
        progress: progressOf(s.role, op),
      };
      if (s.card_id) step.cardId = s.card_id;
      if (op.dependsOn) step.dependsOn = op.dependsOn;
      if (op.waitingFor) step.waitingFor = op.waitingFor;
      if (op.lastError) step.lastError = op.lastError;
      if (op.result) step.result = op.result;
      views.push(step);
    }
    const status = views.some((v) => v.progress === 'failed')
      ? 'needs-attention'
      : views.every((v) => v.progress === 'done')
        ? 'done'
        : 'in-progress';
    return {
      id: row.id,
      action: row.kind,
      roomKey: row.room_key,
      roomName: row.room_name,
      operator: row.operator,
      createdAt: row.created_at,
      status,
      steps: views,
      notes: row.notes ? (JSON.parse(row.notes) as StationError[]) : [],
    };
  }
}
