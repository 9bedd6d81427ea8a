import type { SandboxRequest, SandboxResponse, SandboxState } from '../types';
import { issueToken, refreshToken, tokenResult, verifyBusinessCall, verifyTokenCall, type TuyaCaller } from './auth';
import { checkLock, deleteCard, freezeCard, issueCard, modifyCard, queryCard, type LockTarget } from './cards';
import { TuyaReject, tuyaError, tuyaOk } from './reply';

const CARDS =
  /^\/v1\.0\/(cloud\/)?osaas\/projects\/([^/]+)\/card-issue-devices\/lock-devices\/([^/]+)\/cards(?:\/([^/]+)(\/freeze-status)?)?$/;
const TOKEN_REFRESH = /^\/v1\.0\/token\/([^/]+)$/;

/** Paths the Tuya half answers (everything under Tuya's versioned OpenAPI prefixes). */
export function isTuyaPath(path: string): boolean {
  return /^\/v\d+\.\d+\//.test(path);
}

function seg(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function tokenRoute(req: SandboxRequest, state: SandboxState): SandboxResponse | undefined {
  if (req.path === '/v1.0/token') {
    if (req.method !== 'GET') throw new TuyaReject(1108);
    const p = verifyTokenCall(req, state);
    if (req.query.grant_type !== '1') throw new TuyaReject(1003);
    return tuyaOk(state, tokenResult(state, issueToken(state, p)));
  }
  const refresh = TOKEN_REFRESH.exec(req.path);
  if (refresh) {
    if (req.method !== 'GET') throw new TuyaReject(1108);
    const p = verifyTokenCall(req, state);
    return tuyaOk(state, tokenResult(state, refreshToken(state, p, seg(refresh[1]))));
  }
  return undefined;
}

function cardRoute(req: SandboxRequest, state: SandboxState): SandboxResponse | undefined {
  const m = CARDS.exec(req.path);
  if (!m) return undefined;
  const [, cloudPrefix, projectId, deviceId, lockCardId, freeze] = m;
  const target: LockTarget = { projectId: seg(projectId), deviceId: seg(deviceId) };
  const route = `${req.method} ${cloudPrefix ? 'cloud' : 'osaas'} ${lockCardId ? (freeze ? 'freeze' : 'card') : 'cards'}`;
  const handlers: Record<string, (caller: TuyaCaller) => unknown> = {
    'POST osaas cards': () => issueCard(req, state, target),
    'PUT osaas card': () => modifyCard(req, state, target, seg(lockCardId)),
    'DELETE osaas card': () => deleteCard(state, target, seg(lockCardId)),
    'PUT osaas freeze': () => freezeCard(req, state, target, seg(lockCardId)),
    'GET cloud card': () => queryCard(state, target, seg(lockCardId)),
  };
  const handler = handlers[route];
  if (!handler) throw new TuyaReject(1108);
  const caller = verifyBusinessCall(req, state);
  checkLock(state, caller, target);
  return tuyaOk(state, handler(caller));
}

/**
 * The Tuya OpenAPI of the sandbox cloud: token grant and refresh, and the five OSaaS door-lock card
 * calls of seed 003, with client_id, `t` window, signature and access-token checks. Returns
 * undefined for paths that are not Tuya's.
 */
export function handleTuyaRequest(req: SandboxRequest, state: SandboxState): SandboxResponse | undefined {
  if (!isTuyaPath(req.path)) return undefined;
  try {
    return tokenRoute(req, state) ?? cardRoute(req, state) ?? tuyaError(state, 1108);
  } catch (err) {
    if (err instanceof TuyaReject) return tuyaError(state, err.code, err.msg);
    throw err;
  }
}
