import { create } from 'zustand';
import type { ConnectionState } from '../api/loopback-client';

interface ConnectionStore {
  state: ConnectionState;
  /** Increments on every (re)connection, so stores can refetch what they missed. */
  generation: number;
  set(state: ConnectionState): void;
}

export const useConnection = create<ConnectionStore>((set) => ({
  state: 'connecting',
  generation: 0,
  set: (state) => set((s) => ({ state, generation: state === 'open' ? s.generation + 1 : s.generation })),
}));
