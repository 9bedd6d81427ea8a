import { CHANNELS, wireChannel, type Channel } from '../../shared/ipc/contract';
import { forwardEventsTo } from '../services/ipc/connection-events';
import type { Dispatch } from '../services/ipc/dispatcher';
import type { StaffConnection } from '../services/staff/connection';
import type { Station } from '../services/station';

/** The part of Electron's ipcMain used here; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface SenderEvent {
  senderFrame: { url: string; processId?: number; routingId?: number } | null;
}

/**
 * Registers EVERY channel of the contract through the one dispatcher: sender checked, the window's
 * session checked against the permission table, request validated, answer wrapped as
 * `{ok, data} | {ok:false, error}`. Returns a function that removes them.
 */
export function registerStationIpc(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrusted: (event: SenderEvent) => boolean,
  connection: StaffConnection,
): () => void {
  const registered: string[] = [];
  for (const channel of CHANNELS) {
    const wire = wireChannel(channel);
    ipcMain.handle(wire, (event, request) => dispatch(channel satisfies Channel, request, { senderTrusted: isTrusted(event), connection }));
    registered.push(wire);
  }
  return () => registered.forEach((wire) => ipcMain.removeHandler(wire));
}

export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Forwards to the window, while it lives, the station events its session may see and its session changes. */
export function forwardStationEvents(
  station: Pick<Station, 'events' | 'staff'>,
  connection: StaffConnection,
  contents: WebContentsLike,
): () => void {
  return forwardEventsTo(station, connection, (event, payload) => {
    if (!contents.isDestroyed()) contents.send(wireChannel(event), payload);
  });
}
