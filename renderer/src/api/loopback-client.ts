/**
 * The browser harness's transport: the same StationApi as the Electron preload, over the loopback
 * WebSocket described in shared/ipc/loopback.ts. It reconnects by itself when the socket drops;
 * calls made while it is down wait for the connection (and fail after a while, in words).
 */
import type { Channel, EventName, IpcResult, StationApi } from '../../../shared/ipc/contract';
import { LOOPBACK_PATH, TOKEN_FRAGMENT_KEY, type LoopbackClientMessage, type LoopbackServerMessage } from '../../../shared/ipc/loopback';
import { rendererError } from './errors';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface LoopbackOptions {
  url: string;
  /** How long a call waits for an answer (including a reconnect) before it fails. */
  callTimeoutMs?: number;
  onState?: (state: ConnectionState) => void;
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(TOKEN_FRAGMENT_KEY);
}

export function loopbackUrl(loc: Pick<Location, 'host' | 'protocol'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}${LOOPBACK_PATH}?${TOKEN_FRAGMENT_KEY}=${encodeURIComponent(token)}`;
}

interface Pending {
  resolve: (r: IpcResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
  message: LoopbackClientMessage;
  sent: boolean;
}

export function createLoopbackClient(options: LoopbackOptions): StationApi & { close(): void } {
  const callTimeoutMs = options.callTimeoutMs ?? 130_000;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let closedByUs = false;
  let retryDelay = 250;

  const setState = (s: ConnectionState) => options.onState?.(s);

  const flush = () => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    for (const p of pending.values()) {
      if (!p.sent) {
        socket.send(JSON.stringify(p.message));
        p.sent = true;
      }
    }
  };

  const connect = () => {
    setState('connecting');
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      retryDelay = 250;
      setState('open');
      flush();
    };
    ws.onmessage = (ev) => {
      let msg: LoopbackServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as LoopbackServerMessage;
      } catch {
        return;
      }
      if (msg.t === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        p.resolve(msg.result);
      } else if (msg.t === 'event') {
        listeners.get(msg.event)?.forEach((l) => l(msg.payload));
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setState('closed');
      // Calls already on the wire may or may not have been handled: they are resent once the
      // socket is back only if they are reads; mutations go through the durable outbox and answer
      // with the operation, so a lost answer is recovered from the queue, never duplicated here.
      for (const [id, p] of pending) {
        if (p.sent) {
          pending.delete(id);
          clearTimeout(p.timer);
          p.resolve({ ok: false, error: rendererError('renderer.disconnected', 'The connection to the station was lost.') });
        }
      }
      if (closedByUs) return;
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5_000);
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  };

  connect();

  return {
    invoke<C extends Channel>(channel: C, request: unknown) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: rendererError('renderer.disconnected', 'The station did not answer.') });
        }, callTimeoutMs);
        pending.set(id, {
          resolve: resolve as (r: IpcResult<unknown>) => void,
          timer,
          message: { t: 'invoke', id, channel, request: request ?? {} },
          sent: false,
        });
        flush();
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    close() {
      closedByUs = true;
      socket?.close();
    },
  } as StationApi & { close(): void };
}
