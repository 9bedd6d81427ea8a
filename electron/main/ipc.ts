import { CHANNELS, wireChannel, type Channel } from '../../shared/ipc/contract';
import type { Dispatch } from '../services/ipc/dispatcher';
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
 * Registers EVERY channel of the contract through the one dispatcher: sender checked, request
 * validated, answer wrapped as `{ok, data} | {ok:false, error}`. Returns a function that removes them.
 */
export function registerStationIpc(ipcMain: IpcMainLike, dispatch: Dispatch, isTrusted: (event: SenderEvent) => boolean): () => void {
  const registered: string[] = [];
  for (const channel of CHANNELS) {
    const wire = wireChannel(channel);
    ipcMain.handle(wire, (event, request) => dispatch(channel satisfies Channel, request, { senderTrusted: isTrusted(event) }));
    registered.push(wire);
  }
  return () => registered.forEach((wire) => ipcMain.removeHandler(wire));
}

export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Forwards every station event to the window while it lives. */
export function forwardStationEvents(station: Pick<Station, 'events'>, contents: WebContentsLike): () => void {
  return station.events.onAny((event, payload) => {
    if (!contents.isDestroyed()) contents.send(wireChannel(event), payload);
  });
}
