/**
 * The renderer's one door to main: the preload's `window.station` in Electron, else the browser
 * harness's loopback WebSocket. Both implement the contract's StationApi; nothing else talks to main.
 */
import type { Channel, EventName, EventPayloadOf, RequestInputOf, ResponseOf, StationApi } from '../../../shared/ipc/contract';
import { StationCallError, rendererError } from './errors';
import { createLoopbackClient, loopbackUrl, tokenFromHash, type ConnectionState } from './loopback-client';
import { useConnection } from '../store/connection';

declare global {
  interface Window {
    station?: StationApi;
  }
}

function noTransport(): StationApi {
  return {
    invoke: async () => ({
      ok: false,
      error: rendererError('renderer.no-transport', 'This page was opened without a connection to the station.'),
    }),
    on: () => () => {},
  };
}

function createApi(): StationApi {
  if (window.station) {
    useConnection.getState().set('open');
    return window.station;
  }
  const token = tokenFromHash(window.location.hash);
  if (!token) {
    useConnection.getState().set('closed');
    return noTransport();
  }
  return createLoopbackClient({
    url: loopbackUrl(window.location, token),
    onState: (s: ConnectionState) => useConnection.getState().set(s),
  });
}

let api: StationApi | null = null;
export function stationApi(): StationApi {
  api ??= createApi();
  return api;
}

/** Calls a channel and returns its data, or throws a StationCallError carrying the typed error. */
export async function call<C extends Channel>(channel: C, request: RequestInputOf<C>): Promise<ResponseOf<C>> {
  const result = await stationApi().invoke(channel, request);
  if (!result.ok) throw new StationCallError(result.error);
  return result.data;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void {
  return stationApi().on(event, listener);
}
