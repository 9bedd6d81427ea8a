/** Test helpers for the Tuya half: a sandbox state, and a loopback HTTP front for handleTuyaRequest. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleTuyaRequest } from '../../electron/services/sandbox/tuya/routes';
import type { SandboxFixture, SandboxRequest, SandboxResponse, SandboxState } from '../../electron/services/sandbox/types';

export const PROJECT = {
  clientId: 'sandboxclient0001',
  secret: 'sandbox-secret-0123456789abcdef',
  projectId: 'proj-1001',
  devices: [{ deviceId: 'lock-101' }, { deviceId: 'lock-102' }],
};
export const OTHER_PROJECT = {
  clientId: 'otherclient000002',
  secret: 'other-secret-fedcba9876543210',
  projectId: 'proj-2002',
  devices: [{ deviceId: 'lock-901' }],
};

export function tuyaFixture(tokenTtlSeconds?: number): SandboxFixture {
  return { uclbrt: { accounts: [] }, tuya: { projects: [{ ...PROJECT, tokenTtlSeconds }, OTHER_PROJECT] } };
}

export interface Clock {
  now: number;
}

export function tuyaState(fixture: SandboxFixture = tuyaFixture(), clock: Clock = { now: Date.now() }): SandboxState {
  return {
    fixture,
    now: () => clock.now,
    requests: [],
    fault: null,
    uclbrt: { cards: [], recentRequests: new Map(), nextCardSeq: 0, doorRecords: [] },
    tuya: { tokens: new Map(), refreshTokens: new Map(), cards: new Map(), nextCardSeq: 0 },
  };
}

/** Lets a test replace the answer to some requests (5xx, garbage, silence). */
export type Interceptor = (req: SandboxRequest) => SandboxResponse | 'hang' | 'drop' | undefined;

export interface TuyaFront {
  baseUrl: string;
  state: SandboxState;
  seen: SandboxRequest[];
  intercept: Interceptor | undefined;
  close(): Promise<void>;
}

/** A minimal loopback server in front of handleTuyaRequest (ephemeral port). */
export async function startTuyaFront(state: SandboxState): Promise<TuyaFront> {
  const hanging = new Set<http.ServerResponse>();
  const front: TuyaFront = {
    baseUrl: '',
    state,
    seen: [],
    intercept: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '');
      const sreq: SandboxRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        rawQuery: url.search.replace(/^\?/, ''),
        headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        receivedAt: state.now(),
      };
      front.seen.push(sreq);
      const override = front.intercept?.(sreq);
      if (override === 'hang') {
        hanging.add(res);
        return;
      }
      if (override === 'drop') {
        req.socket.destroy();
        return;
      }
      const answer = override ?? handleTuyaRequest(sreq, state) ?? { status: 404, body: 'not found' };
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
        ...answer.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return front;
}
