/**
 * The HTTP key API on node:http (one route, one JSON body: no framework needed).
 *
 *   POST /v1/room-keys                                  (also OPERA's own path:
 *   POST /fof/v1/hotels/{hotelId}/roomKeysOutbound       the same handler)
 *   Authorization: Bearer TOKEN                          (when a token is set)
 *   { "keyType": "New", "encoderId": "1", "roomId": "1203", "noOfKeys": 1,
 *     "keyValidityStart": "...", "keyValidityEnd": "...", "userId": "...", "mobile": "..." }
 *
 * As OPERA requires, every request that reaches the key logic is answered `201` with
 * `{ responseCode, responseText }` within 20 s, whatever happened: the outcome is in the body.
 * Only what never reaches it gets an HTTP error: no or wrong token 401, body too large 413,
 * another path 404, another method 405.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { describeIssues, issueLine } from '../../../../shared/errors/from-zod';
import { stationError, type Language } from '../../../../shared/errors';
import type { Logger } from '../../logging/logger';
import type { KeyRequest, KeyResult } from '../key-requests';
import { answerText, failed, wireCodes } from '../outcomes';
import { StationFailure } from '../../failure';
import { bearerToken, tokenMatches } from './auth';
import { BodyTooLarge, readBody } from './body';
import { keyRequestFromBody, roomKeysBodySchema } from './room-keys';

const ROUTES = [/^\/v1\/room-keys\/?$/, /^\/fof\/v1\/hotels\/[^/]{1,64}\/roomKeysOutbound\/?$/];

export interface HttpKeyApiOptions {
  host: string;
  port: number;
  /** The bearer token; undefined = none needed (loopback only: the service refuses LAN without one). */
  token?: string;
  language: () => Language;
  timeZone: () => string;
  /** Runs a request and resolves with its result within the answer deadline. */
  handle(request: KeyRequest, peer: string): Promise<KeyResult>;
  /** A request that never became a key request (bad body) is still recorded. */
  onRejected?(detail: string, peer: string, result: KeyResult): void;
  log: Logger;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

export class HttpKeyApi {
  private server: Server | undefined;

  constructor(private readonly options: HttpKeyApiOptions) {}

  start(): Promise<{ host: string; port: number }> {
    const server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        this.options.log.error('PMS HTTP request failed inside the station', { error: String(err) });
        const result = failed(err);
        send(res, 201, { responseCode: wireCodes(result.outcome).http, responseText: answerText(result, this.options.language()) });
      });
    });
    // A slow client may not hold a connection for ever; answers themselves come within 20 s.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    server.keepAliveTimeout = 5_000;
    server.maxConnections = 128;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.options.log.error('PMS HTTP listener error', { error: String(err) }));
        const address = server.address();
        resolve({ host: this.options.host, port: typeof address === 'object' && address ? address.port : this.options.port });
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, 1000).unref();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const peer = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? 0}`;
    const path = (req.url ?? '/').split('?')[0];
    const language = this.options.language();
    if (!ROUTES.some((r) => r.test(path)))
      return send(res, 404, { responseCode: 'NOT_FOUND', responseText: 'POST /v1/room-keys is the only route.' });
    if (req.method !== 'POST') return send(res, 405, { responseCode: 'METHOD_NOT_ALLOWED', responseText: 'Use POST.' }, { Allow: 'POST' });
    if (this.options.token !== undefined && !tokenMatches(bearerToken(req.headers.authorization), this.options.token)) {
      this.options.log.warn('PMS HTTP request refused: missing or wrong token', { peer });
      const error = stationError('pms.unauthorized');
      req.resume();
      return send(
        res,
        401,
        { responseCode: 'UNAUTHORIZED', responseText: answerText({ text: { code: error.code, params: {} }, error }, language) },
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return send(
          res,
          413,
          { responseCode: 'TOO_LARGE', responseText: `The request body is larger than ${err.limit} bytes.` },
          { Connection: 'close' },
        );
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.reject(res, 'the body is not JSON', peer);
    }
    const parsed = roomKeysBodySchema.safeParse(json);
    if (!parsed.success) {
      return this.reject(res, describeIssues(parsed.error, roomKeysBodySchema).map(issueLine).join('; '), peer);
    }
    const request = keyRequestFromBody(parsed.data, this.options.timeZone());
    if ('error' in request) return this.reject(res, request.error, peer);
    const result = await this.options.handle(request, peer);
    send(res, 201, {
      responseCode: wireCodes(result.outcome).http,
      responseText: answerText(result, language),
      keyType: parsed.data.keyType,
      roomId: request.roomId,
      encoderId: request.encoderId,
      ...(result.operationIds.length ? { operations: result.operationIds } : {}),
    });
  }

  /** A body that is not a key request: still 201 (OPERA's rule), as a general error naming the field. */
  private reject(res: ServerResponse, detail: string, peer: string): void {
    const result = failed(StationFailure.of('pms.invalid-request', { detail }));
    this.options.onRejected?.(detail, peer, result);
    send(res, 201, { responseCode: wireCodes(result.outcome).http, responseText: answerText(result, this.options.language()) });
  }
}
