/**
 * A lock cloud's address. The station signs requests with its secrets and sends the operator's
 * password hash to this address, so: no credentials inside it, https in live mode (plain http only
 * to this computer, e.g. the sandbox), and secrets belong to the address they were entered for.
 */
import { plainText } from './text/plain-text';

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export const CLOUD_URL_MESSAGES = {
  notUrl: 'must be a URL like https://api.uclbrt.com',
  notHttp: 'must start with http:// or https://',
  userinfo: 'must not contain a user name or password (user:pass@); the station keeps secrets in their own fields',
  liveNeedsHttps: 'must start with https:// in live mode (plain http:// only to this computer: localhost, 127.0.0.1, [::1])',
} as const;

export const cloudBaseUrlSchema = plainText({ trim: true })
  .url(CLOUD_URL_MESSAGES.notUrl)
  .refine((u) => /^https?:\/\//i.test(u), CLOUD_URL_MESSAGES.notHttp)
  .refine((u) => {
    const url = parse(u);
    return !url || (url.username === '' && url.password === '');
  }, CLOUD_URL_MESSAGES.userinfo);

/** localhost, 127.0.0.0/8 or [::1]: traffic that never leaves this computer. */
export function isLoopbackUrl(url: string): boolean {
  const host = parse(url)?.hostname.toLowerCase();
  if (!host) return false;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether live mode may send secrets to this address. */
export function isSecureCloudUrl(url: string): boolean {
  const u = parse(url);
  return u !== undefined && (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackUrl(url)));
}

/**
 * Whether two addresses reach the same server (scheme, host and port): secrets entered for one may
 * go to the other. A different path on the same server does not count as a new address.
 */
export function sameCloudAddress(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ua = parse(a.trim());
  const ub = parse(b.trim());
  if (!ua || !ub) return a.trim() === b.trim();
  return ua.origin === ub.origin;
}
