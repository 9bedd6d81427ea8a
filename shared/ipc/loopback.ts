/**
 * Wire format of the browser harness's loopback WebSocket, which carries the same contract as the
 * Electron preload. The page finds its per-run token in the URL fragment (`#token=...`) and connects
 * to `ws://127.0.0.1:PORT/ws?token=...`; the server refuses any other token or a non-loopback peer.
 */
import type { Channel, EventName, IpcResult } from './contract';

export type LoopbackClientMessage = { t: 'invoke'; id: number; channel: Channel; request: unknown };

export type LoopbackServerMessage =
  { t: 'result'; id: number; result: IpcResult<unknown> } | { t: 'event'; event: EventName; payload: unknown };

export const LOOPBACK_PATH = '/ws';
export const TOKEN_FRAGMENT_KEY = 'token';
