import { timingSafeEqual } from 'node:crypto';
import { LOOPBACK_PATH } from '../../../shared/ipc/loopback';

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface UpgradeRequest {
  remoteAddress: string | undefined;
  /** Request target, e.g. `/ws?token=...`. */
  url: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}

export type UpgradeDecision = { ok: true } | { ok: false; status: 400 | 403 | 404; reason: string };

/** The only hosts the harness answers to (a DNS-rebinding page would send its own host name). */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Who may open the loopback WebSocket: a loopback peer, on our path, with this run's token, and,
 * when a browser says where the page came from, only our own origin.
 */
export function authorizeUpgrade(req: UpgradeRequest, expected: { token: string; port: number }): UpgradeDecision {
  if (!isLoopbackAddress(req.remoteAddress)) return { ok: false, status: 403, reason: 'not a loopback peer' };
  if (!req.host || !allowedHosts(expected.port).includes(req.host.toLowerCase()))
    return { ok: false, status: 403, reason: 'unexpected Host header' };
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== LOOPBACK_PATH) return { ok: false, status: 404, reason: 'no such endpoint' };
  if (!tokensMatch(url.searchParams.get('token'), expected.token)) return { ok: false, status: 403, reason: 'wrong or missing token' };
  if (req.origin !== undefined && !allowedHosts(expected.port).some((h) => req.origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'foreign origin' };
  }
  return { ok: true };
}
