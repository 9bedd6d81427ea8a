import { create } from 'zustand';
import type { SettingsPatch, SettingsView } from '../../../shared/settings';
import type { StationError } from '../../../shared/errors/types';
import { call } from '../api/station';
import { asStationError } from '../api/errors';

interface SettingsStore {
  settings: SettingsView | null;
  error: StationError | null;
  load(): Promise<void>;
  /** Saves a change in main and keeps what main answers (never a secret). */
  update(patch: SettingsPatch): Promise<SettingsView>;
}

export const useSettings = create<SettingsStore>((set) => ({
  settings: null,
  error: null,
  async load() {
    try {
      set({ settings: await call('settings:get', {}), error: null });
    } catch (err) {
      set({ error: asStationError(err) });
    }
  },
  async update(patch) {
    const settings = await call('settings:update', patch);
    set({ settings, error: null });
    return settings;
  },
}));
