/**
 * The site database's address: `postgres://ROLE@HOST:PORT/DATABASE?sslmode=...`. The role is the
 * hotel's own site role (see docs/site.md); its password is a secret and never part of the URL
 * (the app keeps it in the OS key store, the CLI reads STATION_SITE_PASSWORD).
 *
 * `sslmode` follows libpq: `disable` (no TLS), `require` (TLS, certificate not checked),
 * `verify-ca` (certificate signed by a trusted CA, or by `sslrootcert=FILE`), `verify-full`
 * (that, and the host name matches). In live mode a database on another computer needs TLS.
 */
import { plainText } from '../text/plain-text';

export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface SiteAddress {
  user: string;
  host: string;
  port: number;
  database: string;
  sslmode: SslMode;
  /** A CA certificate file for verify-ca / verify-full. */
  sslrootcert?: string;
  /** The address without anything secret, for messages. */
  display: string;
}

export const SITE_URL_MESSAGES = {
  notUrl: 'must be a URL like postgres://hotel_berlin_1@db.example.com:5432/cardstation?sslmode=verify-full',
  scheme: 'must start with postgres:// or postgresql://',
  user: 'must name the site role before the host (postgres://ROLE@HOST/DATABASE)',
  database: 'must name the database after the host (postgres://ROLE@HOST/DATABASE)',
  password:
    'must not contain the password: the station keeps it as a secret (STATION_SITE_PASSWORD for the command line, Settings in the app)',
  sslmode: `sslmode must be one of ${SSL_MODES.join(', ')}`,
  unknownParameter: 'may only carry sslmode and sslrootcert after the "?"',
  liveNeedsTls:
    'needs sslmode=require, verify-ca or verify-full in live mode when the database is on another computer (sslmode=disable only to this computer)',
} as const;

/** The address's parts, or the message saying what is wrong with it. */
export function parseSiteUrl(text: string): SiteAddress | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: SITE_URL_MESSAGES.notUrl };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return { problem: SITE_URL_MESSAGES.scheme };
  if (url.password) return { problem: SITE_URL_MESSAGES.password };
  if (!url.username) return { problem: SITE_URL_MESSAGES.user };
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) return { problem: SITE_URL_MESSAGES.database };
  if (!url.hostname) return { problem: SITE_URL_MESSAGES.notUrl };
  for (const key of url.searchParams.keys())
    if (key !== 'sslmode' && key !== 'sslrootcert') return { problem: SITE_URL_MESSAGES.unknownParameter };
  const mode = url.searchParams.get('sslmode') ?? 'disable';
  if (!(SSL_MODES as readonly string[]).includes(mode)) return { problem: SITE_URL_MESSAGES.sslmode };
  const host = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : 5432;
  const sslrootcert = url.searchParams.get('sslrootcert') ?? undefined;
  return {
    user: decodeURIComponent(url.username),
    host,
    port,
    database,
    sslmode: mode as SslMode,
    ...(sslrootcert ? { sslrootcert } : {}),
    display: `postgres://${url.username}@${url.host}/${url.pathname.replace(/^\//, '')}${url.search}`,
  };
}

/** localhost, 127.0.0.0/8, ::1, or a unix socket folder: traffic that never leaves this computer. */
export function isLocalSiteHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('/') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const siteUrlSchema = plainText({ trim: true }).superRefine((value, ctx) => {
  const parsed = parseSiteUrl(value);
  if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
});

/** An id a site or a station goes by: in the site log's key and in messages. */
export const SITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const SITE_ID_MESSAGE = 'must be 1 to 64 letters, digits, ".", "-" or "_", starting with a letter or digit';
