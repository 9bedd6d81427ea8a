/**
 * A small local HTTP "cloud" for the outage and crash tests: it records every operation that
 * arrives (operation id, kind, card) and can go down (listener closed, connections refused) and
 * come back on the same port. `httpExecutor` is a CloudExecutor speaking to it over loopback,
 * classifying failures like the real clients do: refused before sending = retryable, failure
 * after the request went out = ambiguous.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderId } from '../../shared/domain/cloud';
import type { Operation } from '../../shared/domain/operations';
import { stationError } from '../../shared/errors';
import type { CloudExecutor, CloudOutcome } from '../../electron/services/cloud/executor';

export interface Arrival {
  opId: string;
  kind: string;
  card: string;
  at: number;
}

export interface FakeCloud {
  readonly url: string;
  readonly arrivals: Arrival[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** The card an operation concerns, as the cloud sees it. */
export function cardOf(input: Record<string, unknown>): string {
  return String(
    input.cardNo ??
      input.serialNum ??
      (input.lockCardId ? `${input.deviceId}/${input.lockCardId}` : `${input.deviceId}/${input.cardId ?? input.roomNo}`),
  );
}

export async function startFakeCloud(options: { latencyMs?: () => number } = {}): Promise<FakeCloud> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  let port = 0;
  let server: http.Server | undefined;

  const handler: http.RequestListener = (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/ping') {
        res.end('{"ok":true}');
        return;
      }
      const op = JSON.parse(body) as { id: string; kind: string; input: Record<string, unknown> };
      arrivals.push({ opId: op.id, kind: op.kind, card: cardOf(op.input), at: Date.now() });
      const reply = () => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ ok: true, cardNo: `FAKE${arrivals.length}`, lock_card_id: `LC${arrivals.length}` }));
      };
      const latency = options.latencyMs?.() ?? 0;
      if (latency > 0) setTimeout(reply, latency);
      else reply();
    });
  };

  const listen = async (): Promise<void> => {
    server = http.createServer(handler);
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (!s) return;
    for (const sock of sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    arrivals,
    down: stop,
    up: listen,
    close: stop,
  };
}

function post(url: string, body: string, timeoutMs: number): Promise<{ status: number; text: string; sent: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = false;
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, sent: true }));
        res.on('error', (err) => reject(Object.assign(err, { sent: true })));
      },
    );
    req.on('socket', (s) => s.once('connect', () => (sent = true)));
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => reject(Object.assign(err, { sent })));
    req.end(body);
  });
}

export function httpExecutor(baseUrl: string, timeoutMs = 5000): CloudExecutor {
  return {
    async execute(op: Pick<Operation, 'id' | 'kind' | 'input'>): Promise<CloudOutcome> {
      try {
        const res = await post(`${baseUrl}/op`, JSON.stringify(op), timeoutMs);
        if (res.status !== 200) return { kind: 'retryable', error: stationError('station.internal', { detail: `HTTP ${res.status}` }) };
        return { kind: 'success', result: JSON.parse(res.text) as Record<string, unknown> };
      } catch (err) {
        const e = err as Error & { sent?: boolean; code?: string };
        const error = stationError('station.internal', { detail: e.code ?? e.message });
        return e.sent ? { kind: 'ambiguous', error } : { kind: 'retryable', error };
      }
    },
    async probe(_provider: ProviderId): Promise<boolean> {
      return new Promise((resolve) => {
        const req = http.get(`${baseUrl}/ping`, { agent: false, timeout: 1000 }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
      });
    },
  };
}
