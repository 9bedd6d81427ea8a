/**
 * The HTTP plumbing both cloud clients share: an axios instance with separate connect and
 * response timeouts, and the translation of transport failures into CloudCallError phases.
 *
 * Why our own agents: axios has one `timeout` for the whole call, which cannot tell "never
 * connected" (safe to retry) from "sent, no answer" (may have happened). The agents time the
 * connection themselves and name the failure (`ECONNECT_TIMEOUT` / `ERESPONSE_TIMEOUT`).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { ProviderId } from '../../../shared/domain/cloud';
import { CloudCallError } from './call-error';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 15_000;

export interface CloudHttpOptions {
  provider: ProviderId;
  baseUrl: string;
  /** Time to establish the connection (TCP, and TLS for https). */
  connectTimeoutMs?: number;
  /** Time the socket may stay silent once connected, waiting for the answer. */
  responseTimeoutMs?: number;
}

/** Error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
]);

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Marks a socket error that happened before the connection was ready (TCP connected, and for
 * https the TLS handshake done): no byte of the request can have reached the server.
 */
const BEFORE_READY = Symbol('cloud-http.before-ready');

function markBeforeReady(err: unknown): void {
  if (err && typeof err === 'object') Object.defineProperty(err, BEFORE_READY, { value: true });
}

/** True when the failure (or what it wraps) happened before the request could be sent. */
export function failedBeforeSending(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as Record<symbol, unknown>)[BEFORE_READY]) return true;
  }
  return false;
}

type ConnectionFactory = (options: net.NetConnectOpts & tls.ConnectionOptions) => net.Socket;

function timedConnection(
  connect: ConnectionFactory,
  readyEvent: 'connect' | 'secureConnect',
  connectTimeoutMs: number,
  responseTimeoutMs: number,
) {
  return (options: net.NetConnectOpts & tls.ConnectionOptions): net.Socket => {
    const socket = connect(options);
    const connectTimer = setTimeout(() => {
      socket.destroy(codedError('ECONNECT_TIMEOUT', `could not connect within ${connectTimeoutMs} ms`));
    }, connectTimeoutMs);
    // Our own timer, not socket.setTimeout: axios sets that one for its backstop and would replace ours.
    let silenceTimer: NodeJS.Timeout | undefined;
    let ready = false;
    socket.on('error', (err) => {
      if (!ready) markBeforeReady(err);
    });
    const armSilence = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        socket.destroy(codedError('ERESPONSE_TIMEOUT', `no answer within ${responseTimeoutMs} ms after sending`));
      }, responseTimeoutMs);
    };
    socket.once(readyEvent, () => {
      ready = true;
      clearTimeout(connectTimer);
      armSilence();
      socket.on('data', armSilence);
    });
    socket.once('close', () => {
      clearTimeout(connectTimer);
      clearTimeout(silenceTimer);
    });
    return socket;
  };
}

export function createCloudHttp(options: CloudHttpOptions): AxiosInstance {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  const httpAgent = new http.Agent({ keepAlive: false });
  const httpsAgent = new https.Agent({ keepAlive: false });
  Object.assign(httpAgent, {
    createConnection: timedConnection((o) => net.createConnection(o), 'connect', connectTimeoutMs, responseTimeoutMs),
  });
  Object.assign(httpsAgent, {
    createConnection: timedConnection((o) => tls.connect(o), 'secureConnect', connectTimeoutMs, responseTimeoutMs),
  });
  return axios.create({
    baseURL: options.baseUrl,
    httpAgent,
    httpsAgent,
    proxy: false,
    // Backstop only; the agents above fire first and say which phase failed.
    timeout: connectTimeoutMs + responseTimeoutMs * 2,
    // Clients read every status and parse bodies themselves (garbage must be seen, not thrown).
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
  });
}

/** Turns whatever axios threw into a CloudCallError with the right phase. */
export function toCloudCallError(provider: ProviderId, err: unknown): CloudCallError {
  if (err instanceof CloudCallError) return err;
  const code = (err as { code?: string } | null)?.code ?? (err as { cause?: { code?: string } } | null)?.cause?.code;
  const message = err instanceof Error ? err.message : String(err);
  if ((code && NOT_SENT_CODES.has(code)) || failedBeforeSending(err)) {
    return new CloudCallError({ provider, phase: 'connect', causeCode: code, message: `${provider}: ${message}` });
  }
  return new CloudCallError({
    provider,
    phase: 'response',
    causeCode: code ?? 'EUNKNOWN',
    message: `${provider}: ${message}`,
  });
}

function retryAfterMs(response: AxiosResponse): number | undefined {
  const header = response.headers?.['retry-after'];
  if (header === undefined || header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Throws for answers that are not the vendor speaking: HTTP 5xx (only a 503 with Retry-After says
 * the request was turned away; other 5xx may come after it was processed), 429 (rate limited),
 * and bodies that are not JSON (the request may have been processed: ambiguous).
 * Returns the parsed JSON object otherwise.
 */
export function readJsonBody(provider: ProviderId, response: AxiosResponse): Record<string, unknown> {
  const status = response.status;
  if (status >= 500) {
    throw new CloudCallError({
      provider,
      phase: 'response',
      httpStatus: status,
      causeCode: `HTTP_${status}`,
      message: `${provider}: HTTP ${status}`,
      retryAfterMs: retryAfterMs(response),
    });
  }
  if (status === 429) {
    throw new CloudCallError({
      provider,
      phase: 'vendor',
      httpStatus: status,
      vendorCode: 'http.429',
      message: `${provider}: too many requests`,
      retryAfterMs: retryAfterMs(response) ?? 60_000,
    });
  }
  const text = typeof response.data === 'string' ? response.data : JSON.stringify(response.data ?? '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CloudCallError({
      provider,
      phase: 'response',
      httpStatus: status,
      causeCode: 'EBADBODY',
      message: `${provider}: the answer was not understood (HTTP ${status}: ${text.slice(0, 80)})`,
    });
  }
  return parsed as Record<string, unknown>;
}
