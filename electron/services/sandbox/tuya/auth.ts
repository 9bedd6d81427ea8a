import { randomBytes } from 'node:crypto';
import { buildStringToSign, businessSign, canonicalUrl, signedHeadersBlock, tokenSign } from '../../cloud/tuya/sign';
import type { SandboxRequest, SandboxState, SandboxTuyaProjectFixture, TuyaTokenRecord } from '../types';
import { TuyaReject } from './reply';

/** How far the `t` header may be from the sandbox clock. */
export const TUYA_T_WINDOW_MS = 5 * 60_000;
const DEFAULT_TOKEN_TTL_SECONDS = 7200;

export interface TuyaCaller {
  project: SandboxTuyaProjectFixture;
  token: TuyaTokenRecord;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** The url that was signed: decoded path plus the decoded query sorted by key. */
export function signedUrl(req: SandboxRequest): string {
  const query: Record<string, string> = {};
  for (const pair of req.rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    query[decode(eq < 0 ? pair : pair.slice(0, eq))] = eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  return canonicalUrl(decode(req.path), query);
}

function stringToSignOf(req: SandboxRequest): string {
  const names = (req.headers['signature-headers'] ?? '').split(':').map((n) => n.trim().toLowerCase());
  const signedHeaders = signedHeadersBlock(names, (n) => req.headers[n]);
  return buildStringToSign({ method: req.method, body: req.rawBody, signedHeaders, url: signedUrl(req) });
}

/** Header checks common to every call: presence, client_id, sign_method, `t` window. */
function project(req: SandboxRequest, state: SandboxState): SandboxTuyaProjectFixture {
  const { client_id: clientId, sign, t } = req.headers;
  if (!clientId || !sign || !t) throw new TuyaReject(1105);
  const found = state.fixture.tuya.projects.find((p) => p.clientId === clientId);
  if (!found) throw new TuyaReject(1005);
  const method = req.headers.sign_method;
  if (!method) throw new TuyaReject(1105);
  if (method !== 'HMAC-SHA256') throw new TuyaReject(1004);
  if (!/^\d{13}$/.test(t) || Math.abs(Number(t) - req.receivedAt) > TUYA_T_WINDOW_MS) throw new TuyaReject(1013);
  return found;
}

function signsMatch(expected: string, given: string): boolean {
  return expected === given.toUpperCase();
}

/** A token call (`GET /v1.0/token...`), signed without an access token. */
export function verifyTokenCall(req: SandboxRequest, state: SandboxState): SandboxTuyaProjectFixture {
  const p = project(req, state);
  const expected = tokenSign({
    clientId: p.clientId,
    secret: p.secret,
    t: req.headers.t,
    nonce: req.headers.nonce ?? '',
    stringToSign: stringToSignOf(req),
  });
  if (!signsMatch(expected, req.headers.sign)) throw new TuyaReject(1004);
  return p;
}

/** A business call: signature with the access token, then the token itself. */
export function verifyBusinessCall(req: SandboxRequest, state: SandboxState): TuyaCaller {
  const p = project(req, state);
  const accessToken = req.headers.access_token;
  if (!accessToken) throw new TuyaReject(1002);
  const expected = businessSign({
    clientId: p.clientId,
    secret: p.secret,
    accessToken,
    t: req.headers.t,
    nonce: req.headers.nonce ?? '',
    stringToSign: stringToSignOf(req),
  });
  if (!signsMatch(expected, req.headers.sign)) throw new TuyaReject(1004);
  const token = state.tuya.tokens.get(accessToken);
  if (!token || token.clientId !== p.clientId) throw new TuyaReject(1011);
  if (req.receivedAt >= token.expiresAt) throw new TuyaReject(1010);
  return { project: p, token };
}

export function issueToken(state: SandboxState, p: SandboxTuyaProjectFixture): TuyaTokenRecord {
  const ttl = p.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const record: TuyaTokenRecord = {
    clientId: p.clientId,
    accessToken: randomBytes(16).toString('hex'),
    refreshToken: randomBytes(16).toString('hex'),
    expiresAt: state.now() + ttl * 1000,
  };
  state.tuya.tokens.set(record.accessToken, record);
  state.tuya.refreshTokens.set(record.refreshToken, record);
  return record;
}

/** A refresh replaces the pair: the old access and refresh tokens stop working. */
export function refreshToken(state: SandboxState, p: SandboxTuyaProjectFixture, refresh: string): TuyaTokenRecord {
  const old = state.tuya.refreshTokens.get(refresh);
  if (!old || old.clientId !== p.clientId) throw new TuyaReject(1012);
  state.tuya.tokens.delete(old.accessToken);
  state.tuya.refreshTokens.delete(old.refreshToken);
  return issueToken(state, p);
}

export function tokenResult(state: SandboxState, record: TuyaTokenRecord): Record<string, unknown> {
  return {
    access_token: record.accessToken,
    refresh_token: record.refreshToken,
    expire_time: Math.max(0, Math.round((record.expiresAt - state.now()) / 1000)),
    uid: `sandbox-${record.clientId}`,
  };
}
