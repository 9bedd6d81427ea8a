/**
 * The browser harness: the station's services under plain Node, the built renderer served on
 * 127.0.0.1, and a loopback WebSocket carrying the same contract as the Electron preload.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { stationError } from '../../../shared/errors';
import { LOOPBACK_PATH, TOKEN_FRAGMENT_KEY, type LoopbackServerMessage } from '../../../shared/ipc/loopback';
import { forwardEventsTo } from '../ipc/connection-events';
import type { Dispatch } from '../ipc/dispatcher';
import { stationDispatcher } from '../ipc/handlers';
import { silentLogger, type Logger } from '../logging/logger';
import type { Station } from '../station';
import { HARDENING_HEADERS, harnessCsp } from './csp';
import { allowedHosts, authorizeUpgrade, isLoopbackAddress } from './peer';
import { readStaticFile } from './static-files';

export interface HarnessOptions {
  station: Station;
  /** The built renderer (`out/renderer`), with index.html. */
  rendererDir: string;
  /** Loopback only; anything else is refused. */
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to a fresh random token per run. */
  token?: string;
  log?: Logger;
}

export interface Harness {
  /** `http://127.0.0.1:PORT/#token=...`: open this in the browser. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** `ws://127.0.0.1:PORT/ws?token=...` */
  wsUrl: string;
  /** Stops the server and drops every client (does not close the station). */
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

function send(ws: WebSocket, message: LoopbackServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function parseClientMessage(data: RawData): { id: number; channel: string; request: unknown } | { id?: number; error: string } {
  let msg: unknown;
  try {
    msg = JSON.parse(data.toString());
  } catch {
    return { error: 'message is not JSON' };
  }
  if (typeof msg !== 'object' || msg === null) return { error: 'message is not an object' };
  const m = msg as Record<string, unknown>;
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : undefined;
  if (m.t !== 'invoke' || id === undefined || typeof m.channel !== 'string')
    return { id, error: 'expected {t:"invoke", id, channel, request}' };
  return { id, channel: m.channel, request: m.request };
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The browser harness listens on 127.0.0.1 only.');
  const log = options.log ?? silentLogger;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const dispatch: Dispatch = stationDispatcher(options.station);
  let port = 0;

  const headers = (): Record<string, string> => ({ ...HARDENING_HEADERS, 'Content-Security-Policy': harnessCsp(port) });

  const refuse = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return refuse(res, 403, 'Loopback only.');
    if (!req.headers.host || !allowedHosts(port).includes(req.headers.host.toLowerCase())) return refuse(res, 403, 'Unexpected host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const file = await readStaticFile(options.rendererDir, req.url ?? '/');
    if (!file) {
      const missingIndex = !(await readStaticFile(options.rendererDir, '/'));
      return refuse(res, 404, missingIndex ? 'The renderer is not built. Run "npm run build" first.' : 'Not found.');
    }
    res.writeHead(200, { ...headers(), 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err) => {
      log.error('harness request failed', { err });
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const decision = authorizeUpgrade(
      { remoteAddress: req.socket.remoteAddress, url: req.url, origin: req.headers.origin, host: req.headers.host },
      { token, port },
    );
    if (!decision.ok) {
      log.warn('harness refused a WebSocket', { reason: decision.reason, peer: req.socket.remoteAddress });
      socket.end(
        `HTTP/1.1 ${decision.status} ${decision.status === 404 ? 'Not Found' : decision.status === 400 ? 'Bad Request' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    // The token opened the page, not a session: each socket starts signed out and signs in itself.
    const connection = options.station.staff.connect('harness');
    const stopEvents = forwardEventsTo(options.station, connection, (event, payload) => send(ws, { t: 'event', event, payload }));
    ws.on('close', () => {
      stopEvents();
      connection.close();
    });
    ws.on('message', (data: RawData) => {
      const msg = parseClientMessage(data);
      if ('error' in msg) {
        if (msg.id !== undefined)
          send(ws, { t: 'result', id: msg.id, result: { ok: false, error: stationError('station.validation', { detail: msg.error }) } });
        return;
      }
      // The token and the loopback peer were checked at upgrade: this socket is our renderer.
      void dispatch(msg.channel, msg.request, { senderTrusted: true, connection }).then((result) =>
        send(ws, { t: 'result', id: msg.id, result }),
      );
    });
    ws.on('error', (err) => log.warn('harness socket error', { err }));
    send(ws, { t: 'event', event: 'station:status', payload: options.station.status() });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    origin,
    port,
    token,
    wsUrl: `ws://${host}:${port}${LOOPBACK_PATH}?token=${token}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
