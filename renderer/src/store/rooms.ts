import { create } from 'zustand';
import type { RoomActionView, RoomSummary } from '../../../shared/domain/rooms';

/** Room summaries and room actions as main's events report them, so open views refresh by themselves. */
interface RoomsStore {
  /** Latest summary per room key, from `room:updated`. */
  summaries: Record<string, RoomSummary>;
  /** Bumps per room key on every change of the room (summary or one of its actions). */
  roomVersion: Record<string, number>;
  /** Bumps when the directory changed (refresh, import). */
  directoryVersion: number;
  actions: Record<string, RoomActionView>;
  roomUpdated(room: RoomSummary): void;
  directoryChanged(): void;
  actionUpdated(action: RoomActionView): void;
}

export const useRooms = create<RoomsStore>((set) => ({
  summaries: {},
  roomVersion: {},
  directoryVersion: 0,
  actions: {},
  roomUpdated: (room) =>
    set((s) => ({
      summaries: { ...s.summaries, [room.key]: room },
      roomVersion: { ...s.roomVersion, [room.key]: (s.roomVersion[room.key] ?? 0) + 1 },
    })),
  directoryChanged: () => set((s) => ({ directoryVersion: s.directoryVersion + 1, summaries: {} })),
  actionUpdated: (action) =>
    set((s) => ({
      actions: { ...s.actions, [action.id]: action },
      roomVersion: { ...s.roomVersion, [action.roomKey]: (s.roomVersion[action.roomKey] ?? 0) + 1 },
    })),
}));
