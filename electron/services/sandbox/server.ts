/**
 * The sandbox cloud: one node:http server on loopback that answers both UCLBRT families and the
 * Tuya OpenAPI card calls from a fixture, keeps their state, and injects faults on demand.
 *
 * Control endpoints (not part of any vendor API):
 * - `POST /__sandbox/faults` `{"mode": M, "count": N}`; `{"mode": "none"}` clears.
 *   - `http500`: the next N requests get HTTP 500 and are NOT carried out.
 *   - `http502`, `http504`: a gateway in front of the cloud answers 502 / 504 after the request
 *     WAS carried out (the cloud's answer was lost on the way back).
 *   - `http503`: HTTP 503 with `Retry-After: 1`, NOT carried out (turned away at the door).
 *   - `rate-limit`: the next N requests are refused as over the rate (UCLBRT 4005, Tuya 1110),
 *     NOT carried out.
 *   - `timeout`: the next N requests ARE carried out, then never answered (the socket stays
 *     open until the caller gives up): "sent, answer lost".
 *   - `garbage`: the next N requests ARE carried out, then answered with a non-JSON body.
 *   - `down`: the listener is closed and every open connection dropped, so new connections are
 *     refused (ECONNREFUSED); it reopens on the same port after N seconds (or `"ms"`). While
 *     down nobody can reach this endpoint, hence the timer.
 * - `GET /__sandbox/requests` (what arrived, secrets masked), `DELETE /__sandbox/requests`.
 * - `GET /__sandbox/cards` (UCLBRT and Tuya card state).
 * - `POST /__sandbox/door` `{"buildNo","floorNo","roomNo","cardNo"?,"mobile"?,"openType"?,"result"?,"at"?}`:
 *   a door opening that `Home/Records/queryByRoom` then reports.
 *
 * On loopback the control endpoints are open, as tests and demo mode use them. Bound to any other
 * address they need `Authorization: Bearer <controlToken>` (a fresh token unless one is given),
 * since anyone on the network could otherwise inject faults or read the recorded requests.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { stationError } from '../../../shared/errors';
import { handleTuyaRequest } from './tuya/routes';
import { tuyaError } from './tuya/reply';
import { demoFixture } from './fixture';
import { createSandboxState, recordRequest } from './state';
import type { RecordedRequest, SandboxFaultMode, SandboxFixture, SandboxRequest, SandboxResponse, SandboxState } from './types';
import { answer } from './uclbrt/common';
import { addDoorRecord } from './uclbrt/records';
import { handleUclbrtRequest, isUclbrtRequest } from './uclbrt/routes';

export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  fixture?: SandboxFixture;
  /** The sandbox clock (tests). */
  now?: () => number;
  /**
   * Token the `/__sandbox/*` control endpoints require. Default: none on loopback, a fresh random
   * one on any other address.
   */
  controlToken?: string;
}

export interface SandboxHandle {
  /** `http://HOST:PORT`, no trailing slash. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly state: SandboxState;
  /** What `/__sandbox/*` requires as `Authorization: Bearer ...`; undefined when they are open (loopback). */
  readonly controlToken: string | undefined;
  /** Sets a fault as `POST /__sandbox/faults` does. */
  setFault(mode: SandboxFaultMode | 'none', count?: number, ms?: number): void;
  close(): Promise<void>;
}

const FAULT_MODES: readonly SandboxFaultMode[] = ['down', 'http500', 'http502', 'http503', 'http504', 'timeout', 'rate-limit', 'garbage'];
const MAX_BODY_BYTES = 1_000_000;
const SECRET_FIELDS = /^(creatorPassword|password|secret|authToken|access_token|refresh_token)$/i;
const GARBAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gate';

function mask(value: string): string {
  return value.length <= 4 ? '***' : `${value.slice(0, 2)}***`;
}

function maskedBody(raw: string, contentType: string): string {
  if (contentType.includes('x-www-form-urlencoded') && raw.includes('=')) {
    const params = new URLSearchParams(raw);
    for (const key of [...params.keys()]) if (SECRET_FIELDS.test(key)) params.set(key, mask(params.get(key) ?? ''));
    return params.toString();
  }
  return raw.replace(
    /"(creatorPassword|password|secret|authToken|access_token|refresh_token)"\s*:\s*"([^"]*)"/gi,
    (_m, k: string, v: string) => `"${k}":"${mask(v)}"`,
  );
}

function maskedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_FIELDS.test(k) ? mask(v) : v;
  return out;
}

function toSandboxRequest(req: http.IncomingMessage, rawBody: string, now: number): SandboxRequest {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    rawQuery,
    headers,
    rawBody,
    receivedAt: now,
  };
}

function vendorCodeOf(response: SandboxResponse): string {
  const body = response.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object') {
    if (typeof body.status === 'number') return `uclbrt.${body.status}`;
    if (body.success === true) return 'tuya.ok';
    if (body.code !== undefined) return `tuya.${String(body.code)}`;
  }
  return `http.${response.status}`;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: only this computer can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** Constant-time comparison of a presented token with the expected one (hashed, so lengths match). */
function tokenMatches(presented: string | undefined, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}

function bearerToken(headers: Record<string, string>): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

function send(res: http.ServerResponse, response: SandboxResponse): void {
  const isText = typeof response.body === 'string';
  const text = isText ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'Content-Type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...response.headers,
  });
  res.end(text);
}

/** Routes a vendor request: UCLBRT, then Tuya, else 404. */
export function routeVendorRequest(req: SandboxRequest, state: SandboxState): SandboxResponse | Promise<SandboxResponse> {
  return (
    handleUclbrtRequest(req, state) ??
    handleTuyaRequest(req, state) ?? { status: 404, body: { status: 404, info: `no such path: ${req.method} ${req.path}` } }
  );
}

function rateLimited(req: SandboxRequest, state: SandboxState): SandboxResponse {
  if (isUclbrtRequest(req)) return answer(4005, 'api request limit');
  return { ...tuyaError(state, 1110), headers: { 'Retry-After': '1' } };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1';
  const controlToken = options.controlToken ?? (isLoopbackHost(host) ? undefined : randomBytes(24).toString('base64url'));
  const state = createSandboxState(options.fixture ?? demoFixture(), options.now);
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;
  let reopenTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  function goDown(ms: number): void {
    server.close();
    for (const s of sockets) s.destroy();
    reopenTimer = setTimeout(() => {
      reopenTimer = undefined;
      if (closed) return;
      listen().then(
        () => {
          if (state.fault?.mode === 'down') state.fault = null;
        },
        () => {
          state.fault = null;
        },
      );
    }, ms);
  }

  function setFault(mode: SandboxFaultMode | 'none', count = 1, ms?: number): void {
    if (mode === 'none') {
      state.fault = null;
      return;
    }
    if (mode === 'down') {
      const downMs = ms ?? count * 1000;
      state.fault = { mode, remaining: Math.ceil(downMs / 1000) };
      // Let the answer to the control request leave before the listener goes.
      setImmediate(() => goDown(downMs));
      return;
    }
    state.fault = { mode, remaining: count };
  }

  function takeFault(): SandboxFaultMode | undefined {
    const fault = state.fault;
    if (!fault || fault.mode === 'down' || fault.remaining <= 0) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) state.fault = null;
    return fault.mode;
  }

  function control(req: SandboxRequest): SandboxResponse {
    if (req.path === '/__sandbox/faults' && req.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.rawBody || '{}') as Record<string, unknown>;
      } catch {
        return { status: 400, body: { error: 'the body must be JSON: {"mode": ..., "count": N}' } };
      }
      const mode = body.mode as SandboxFaultMode | 'none';
      if (mode !== 'none' && !FAULT_MODES.includes(mode)) {
        return { status: 400, body: { error: `mode must be one of ${FAULT_MODES.join(', ')}, none` } };
      }
      const count = body.count === undefined ? (mode === 'down' ? 5 : 1) : Number(body.count);
      const ms = body.ms === undefined ? undefined : Number(body.ms);
      if (!Number.isInteger(count) || count < 1 || (ms !== undefined && (!Number.isFinite(ms) || ms < 1))) {
        return { status: 400, body: { error: 'count must be a whole number >= 1 (ms, for down, a number >= 1)' } };
      }
      setFault(mode, count, ms);
      return { status: 200, body: { ok: true, fault: state.fault } };
    }
    if (req.path === '/__sandbox/faults' && req.method === 'GET') return { status: 200, body: { fault: state.fault } };
    if (req.path === '/__sandbox/requests' && req.method === 'GET') return { status: 200, body: { requests: state.requests } };
    if (req.path === '/__sandbox/requests' && req.method === 'DELETE') {
      state.requests.length = 0;
      return { status: 200, body: { ok: true } };
    }
    if (req.path === '/__sandbox/door' && req.method === 'POST') {
      try {
        return {
          status: 200,
          body: { ok: true, record: addDoorRecord(state, JSON.parse(req.rawBody || '{}') as Record<string, unknown>) },
        };
      } catch (err) {
        return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
      }
    }
    if (req.path === '/__sandbox/cards' && req.method === 'GET') {
      return { status: 200, body: { uclbrt: state.uclbrt.cards, tuya: [...state.tuya.cards.values()] } };
    }
    return { status: 404, body: { error: `no such sandbox endpoint: ${req.method} ${req.path}` } };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const request = toSandboxRequest(req, rawBody, state.now());
    if (request.path.startsWith('/__sandbox/')) {
      if (controlToken !== undefined && !tokenMatches(bearerToken(request.headers), controlToken)) {
        const error = stationError('station.sandbox-token-required');
        send(res, {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer realm="sandbox control"' },
          body: { error: error.message, code: error.code },
        });
        return;
      }
      send(res, control(request));
      return;
    }
    const entry: RecordedRequest = {
      at: new Date(request.receivedAt).toISOString(),
      method: request.method,
      path: request.path,
      query: request.query,
      headers: maskedHeaders(request.headers),
      body: maskedBody(rawBody, request.headers['content-type'] ?? ''),
    };
    recordRequest(state, entry);
    const fault = takeFault();
    entry.fault = fault;
    if (fault === 'http500' || fault === 'http503') {
      const status = fault === 'http500' ? 500 : 503;
      entry.status = status;
      entry.outcome = `http.${status}`;
      send(
        res,
        fault === 'http500'
          ? { status, body: 'Internal Server Error' }
          : { status, body: 'Service Unavailable', headers: { 'Retry-After': '1' } },
      );
      return;
    }
    let response: SandboxResponse;
    try {
      response = fault === 'rate-limit' ? rateLimited(request, state) : await routeVendorRequest(request, state);
    } catch (err) {
      response = { status: 500, body: { status: 500, info: `sandbox error: ${err instanceof Error ? err.message : String(err)}` } };
    }
    entry.status = response.status;
    entry.outcome = vendorCodeOf(response);
    if (fault === 'timeout') return; // carried out; the answer never leaves
    if (fault === 'http502' || fault === 'http504') {
      // Carried out; a gateway lost the answer and says so.
      const status = fault === 'http502' ? 502 : 504;
      entry.status = status;
      send(res, { status, body: `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Gateway Timeout'}</h1></body></html>` });
      return;
    }
    if (fault === 'garbage') {
      send(res, { status: 200, body: GARBAGE });
      return;
    }
    send(res, response);
  }

  await listen();

  return {
    get url() {
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    host,
    get port() {
      return port;
    },
    state,
    controlToken,
    setFault,
    close: async () => {
      closed = true;
      if (reopenTimer) clearTimeout(reopenTimer);
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      for (const s of sockets) s.destroy();
    },
  };
}
