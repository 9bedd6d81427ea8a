import { create } from 'zustand';
import type { OperationState } from '../../../shared/domain/operations';

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

export type QueueFilter = OperationState | 'all' | 'attention';

interface NavStore {
  screen: Screen;
  issuePrefill: IssuePrefill | null;
  queueFilter: QueueFilter | null;
  go(screen: Screen): void;
  issueReplacement(prefill: IssuePrefill): void;
  takeIssuePrefill(): IssuePrefill | null;
  /** Opens the queue showing only `filter` (e.g. what needs attention). */
  openQueue(filter: QueueFilter): void;
  takeQueueFilter(): QueueFilter | null;
}

export const useNav = create<NavStore>((set, get) => ({
  screen: 'home',
  issuePrefill: null,
  queueFilter: null,
  go: (screen) => set({ screen }),
  openQueue: (queueFilter) => set({ screen: 'queue', queueFilter }),
  takeQueueFilter: () => {
    const f = get().queueFilter;
    if (f) set({ queueFilter: null });
    return f;
  },
  issueReplacement: (issuePrefill) => set({ screen: 'issue', issuePrefill }),
  takeIssuePrefill: () => {
    const p = get().issuePrefill;
    if (p) set({ issuePrefill: null });
    return p;
  },
}));
