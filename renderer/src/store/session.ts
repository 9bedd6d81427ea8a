import { create } from 'zustand';
import type { StationError } from '../../../shared/errors/types';
import { mayUseChannel } from '../../../shared/permissions';
import type { Channel } from '../../../shared/ipc/contract';
import type { SessionView } from '../../../shared/staff';
import { asStationError } from '../api/errors';
import { call } from '../api/station';

/** This window's session as main reports it (main decides; the renderer only shows and hides). */
interface SessionStore {
  view: SessionView | null;
  error: StationError | null;
  load(): Promise<void>;
  apply(view: SessionView): void;
}

export const useSession = create<SessionStore>((set) => ({
  view: null,
  error: null,
  async load() {
    try {
      set({ view: await call('session:state', {}), error: null });
    } catch (err) {
      set({ error: asStationError(err) });
    }
  },
  apply: (view) => set({ view, error: null }),
}));

/** Someone is signed in and the window is not locked. */
export function isActive(view: SessionView | null): boolean {
  return Boolean(view?.operator && !view.locked);
}

/** Whether the signed-in person may use `channel` (to hide what they may not; main enforces it). */
export function useMay(channel: Channel): boolean {
  return useSession((s) => mayUseChannel(channel, s.view?.operator?.role));
}
