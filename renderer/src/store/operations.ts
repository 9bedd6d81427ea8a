import { create } from 'zustand';
import type { Operation } from '../../../shared/domain/operations';

/** Every operation the renderer has seen, kept current by `operation:updated` events. */
interface OperationsStore {
  byId: Record<string, Operation>;
  /** Bumps on every update, so the queue screen knows to refetch its page. */
  version: number;
  upsert(op: Operation): void;
  upsertMany(ops: Operation[]): void;
  /** Another person took over the window: forget what the last one saw. */
  reset(): void;
}

const newer = (a: Operation | undefined, b: Operation) => !a || a.updatedAt <= b.updatedAt;

export const useOperations = create<OperationsStore>((set) => ({
  byId: {},
  version: 0,
  upsert: (op) => set((s) => (newer(s.byId[op.id], op) ? { byId: { ...s.byId, [op.id]: op }, version: s.version + 1 } : s)),
  upsertMany: (ops) =>
    set((s) => {
      const byId = { ...s.byId };
      for (const op of ops) if (newer(byId[op.id], op)) byId[op.id] = op;
      return { byId };
    }),
  reset: () => set((s) => ({ byId: {}, version: s.version + 1 })),
}));
