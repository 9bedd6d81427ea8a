import { create } from 'zustand';
import type { Progress } from '../../../shared/domain/status';

interface ProgressStore {
  tasks: Record<string, Progress>;
  update(p: Progress): void;
  clear(task: string): void;
}

export const useProgress = create<ProgressStore>((set) => ({
  tasks: {},
  update: (p) => set((s) => ({ tasks: { ...s.tasks, [p.task]: p } })),
  clear: (task) =>
    set((s) => {
      const tasks = { ...s.tasks };
      delete tasks[task];
      return { tasks };
    }),
}));
