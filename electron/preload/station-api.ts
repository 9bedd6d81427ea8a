import { stationError } from '../../shared/errors';
import { CHANNELS, EVENTS, wireChannel, type Channel, type EventName, type StationApi } from '../../shared/ipc/contract';

/** The part of Electron's ipcRenderer the preload uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const channelSet: ReadonlySet<string> = new Set(CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENTS);

/**
 * The only thing the renderer gets: `invoke` for the contract's channels and `on` for its events.
 * No raw ipcRenderer, no Electron event objects (their `sender` would leak), nothing else.
 */
export function buildStationApi(ipc: IpcRendererLike): StationApi {
  const invoke = ((channel: Channel, request: unknown) => {
    if (typeof channel !== 'string' || !channelSet.has(channel)) {
      return Promise.resolve({ ok: false, error: stationError('station.validation', { detail: `unknown channel ${String(channel)}` }) });
    }
    return ipc.invoke(wireChannel(channel), request ?? {});
  }) as StationApi['invoke'];

  const on = ((event: EventName, listener: (payload: unknown) => void) => {
    if (typeof event !== 'string' || !eventSet.has(event)) throw new TypeError(`Unknown station event "${String(event)}"`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(wireChannel(event), wrapped);
    return () => {
      ipc.removeListener(wireChannel(event), wrapped);
    };
  }) as StationApi['on'];

  return Object.freeze({ invoke, on });
}
