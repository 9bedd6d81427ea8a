import { create } from 'zustand';
import type { StationStatus } from '../../../shared/domain/status';
import type { StationError } from '../../../shared/errors/types';
import { call } from '../api/station';
import { asStationError } from '../api/errors';

interface StatusStore {
  status: StationStatus | null;
  error: StationError | null;
  refresh(): Promise<void>;
  apply(status: StationStatus): void;
}

export const useStatus = create<StatusStore>((set) => ({
  status: null,
  error: null,
  async refresh() {
    try {
      set({ status: await call('station:status', {}), error: null });
    } catch (err) {
      set({ error: asStationError(err) });
    }
  },
  apply: (status) => set({ status, error: null }),
}));
