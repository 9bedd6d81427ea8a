import { create } from 'zustand';
import type { OperationState } from '../../../shared/domain/operations';
import type { Channel } from '../../../shared/ipc/contract';

/** Menu order. */
export const SCREENS = [
  'home',
  'rooms',
  'read',
  'issue',
  'lost',
  'cancel',
  'queue',
  'activity',
  'reports',
  'settings',
  'operators',
] as const;
export type Screen = (typeof SCREENS)[number];
/** Alt+digit for each screen; the first eight keep the keys staff already know. Operators has none. */
export const SHORTCUTS: Partial<Record<Screen, string>> = {
  home: '1',
  read: '2',
  issue: '3',
  lost: '4',
  cancel: '5',
  queue: '6',
  activity: '7',
  settings: '8',
  rooms: '9',
  reports: '0',
};

/** The channel each screen cannot work without: the menu shows a screen only to whoever may use it. */
export const SCREEN_NEEDS: Record<Screen, Channel> = {
  home: 'station:status',
  rooms: 'rooms:list',
  read: 'encoder:read',
  issue: 'operations:submit',
  lost: 'operations:submit',
  cancel: 'operations:submit',
  queue: 'operations:list',
  activity: 'audit:list',
  reports: 'reports:rooms',
  settings: 'settings:update',
  operators: 'operators:list',
};

/** What the Rooms screen should open with: a room, and a panel of its page. */
export interface RoomIntent {
  room: string;
  panel?: 'new-stay' | 'duplicate' | 'check-out' | 'extend';
  /** A blank card read on the encoder, to be issued for the room. */
  serialNum?: string;
}

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
  /** The room the Rooms screen shows (null: the list). */
  room: RoomIntent | null;
  go(screen: Screen): void;
  /** Back to the start, nothing carried over (a new person at the window). */
  reset(): void;
  openRoom(intent: RoomIntent | null): void;
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
  room: null,
  go: (screen) => set(screen === 'rooms' ? { screen, room: null } : { screen }),
  reset: () => set({ screen: 'home', issuePrefill: null, queueFilter: null, room: null }),
  openRoom: (room) => set({ screen: 'rooms', room }),
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
