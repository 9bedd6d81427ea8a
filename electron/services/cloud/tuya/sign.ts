import { createHash, createHmac } from 'node:crypto';

/**
 * Tuya OpenAPI request signing (the "new" algorithm, mandatory for projects created after 2021-06-30):
 *   stringToSign = METHOD \n hex(SHA256(body)) \n signedHeaders \n url-with-sorted-query
 *   token calls:    sign = UPPER(HMAC-SHA256(client_id + t + nonce + stringToSign, secret))
 *   business calls: sign = UPPER(HMAC-SHA256(client_id + access_token + t + nonce + stringToSign, secret))
 * Used by the client to sign and by the sandbox to verify, so both sides share one definition.
 */

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export function hmacSha256Upper(message: string, secret: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex').toUpperCase();
}

export type QueryValue = string | number | boolean;

/** The url part of stringToSign: the path, then the query sorted by key (values not URL-encoded). */
export function canonicalUrl(path: string, query: Readonly<Record<string, QueryValue | undefined>> = {}): string {
  const [bare, inline] = splitQuery(path);
  const merged = new Map<string, string>(inline);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) merged.set(key, String(value));
  }
  const keys = [...merged.keys()].sort();
  if (keys.length === 0) return bare;
  return `${bare}?${keys.map((k) => `${k}=${merged.get(k)}`).join('&')}`;
}

function splitQuery(path: string): [string, Array<[string, string]>] {
  const at = path.indexOf('?');
  if (at < 0) return [path, []];
  const pairs = path
    .slice(at + 1)
    .split('&')
    .filter((p) => p !== '')
    .map((p): [string, string] => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
  return [path.slice(0, at), pairs];
}

/**
 * The headers part of stringToSign for the names listed in the `Signature-Headers` header
 * (colon separated): one `name:value\n` line each, in the listed order; empty when none are signed.
 */
export function signedHeadersBlock(names: readonly string[], valueOf: (name: string) => string | undefined): string {
  return names
    .filter((n) => n !== '')
    .map((n) => `${n}:${valueOf(n) ?? ''}\n`)
    .join('');
}

export interface StringToSignParts {
  method: string;
  /** The exact bytes sent as the body; '' (or undefined) when there is none. */
  body?: string | Uint8Array;
  signedHeaders?: string;
  /** Path with query, as produced by canonicalUrl. */
  url: string;
}

export function buildStringToSign(parts: StringToSignParts): string {
  const body = parts.body ?? '';
  const bodyHash = body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
  return [parts.method.toUpperCase(), bodyHash, parts.signedHeaders ?? '', parts.url].join('\n');
}

export interface SignInput {
  clientId: string;
  secret: string;
  /** 13-digit millisecond timestamp, as sent in the `t` header. */
  t: string;
  nonce?: string;
  stringToSign: string;
}

/** Sign of `GET /v1.0/token?grant_type=1` and `GET /v1.0/token/{refresh_token}`. */
export function tokenSign(input: SignInput): string {
  return hmacSha256Upper(input.clientId + input.t + (input.nonce ?? '') + input.stringToSign, input.secret);
}

/** Sign of every other call. */
export function businessSign(input: SignInput & { accessToken: string }): string {
  return hmacSha256Upper(input.clientId + input.accessToken + input.t + (input.nonce ?? '') + input.stringToSign, input.secret);
}
