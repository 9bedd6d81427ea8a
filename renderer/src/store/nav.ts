import { create } from 'zustand';

import type { Channel } from '../../../shared/ipc/contract';

export const SCREENS = ['home', 'read', 'issue', 'lost', 'cancel', 'queue', 'activity', 'settings', 'operators'] as const;
export type Screen = (typeof SCREENS)[number];

/** The channel each screen cannot work without: the menu shows a screen only to whoever may use it. */
export const SCREEN_NEEDS: Record<Screen, Channel> = {
  home: 'station:status',
  read: 'encoder:read',
  issue: 'operations:submit',
  lost: 'operations:submit',
  cancel: 'operations:submit',
  queue: 'operations:list',
  activity: 'audit:list',
  settings: 'settings:update',
  operators: 'operators:list',
};

/** What one screen hands another, e.g. report-lost offering the replacement card. */
export interface IssuePrefill {
  tab: 'qr' | 'prox' | 'tuya';
  buildNo?: string;
  floorNo?: string;
  roomNo?: string;
  mobile?: string;
  areaCode?: string;
  deviceId?: string;
}

interface NavStore {
  screen: Screen;
  issuePrefill: IssuePrefill | null;
  go(screen: Screen): void;
  /** Back to the start, nothing carried over (a new person at the window). */
  reset(): void;
  issueReplacement(prefill: IssuePrefill): void;
  takeIssuePrefill(): IssuePrefill | null;
}

export const useNav = create<NavStore>((set, get) => ({
  screen: 'home',
  issuePrefill: null,
  go: (screen) => set({ screen }),
  reset: () => set({ screen: 'home', issuePrefill: null }),
  issueReplacement: (issuePrefill) => set({ screen: 'issue', issuePrefill }),
  takeIssuePrefill: () => {
    const p = get().issuePrefill;
    if (p) set({ issuePrefill: null });
    return p;
  },
}));
