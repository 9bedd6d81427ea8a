import { create } from 'zustand';

export const SCREENS = ['home', 'read', 'issue', 'lost', 'cancel', 'queue', 'activity', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

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
  issueReplacement(prefill: IssuePrefill): void;
  takeIssuePrefill(): IssuePrefill | null;
}

export const useNav = create<NavStore>((set, get) => ({
  screen: 'home',
  issuePrefill: null,
  go: (screen) => set({ screen }),
  issueReplacement: (issuePrefill) => set({ screen: 'issue', issuePrefill }),
  takeIssuePrefill: () => {
    const p = get().issuePrefill;
    if (p) set({ issuePrefill: null });
    return p;
  },
}));
