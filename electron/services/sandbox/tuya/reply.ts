import { randomBytes } from 'node:crypto';
import type { SandboxResponse, SandboxState } from '../types';

/** Tuya's documented messages for the codes the sandbox answers. */
export const TUYA_MESSAGES: Record<number, string> = {
  1000: 'data not exist',
  1002: 'access_token is null',
  1003: 'grant type invalid',
  1004: 'sign invalid',
  1005: 'clientId invalid',
  1006: 'not support content type',
  1010: 'token is expired',
  1011: 'token invalid',
  1012: 'token status is invalid',
  1013: 'request time is invalid',
  1100: 'param is empty',
  1101: 'params range invalid',
  1102: 'param is null',
  1104: 'type is incorrect',
  1105: 'missing the header',
  1106: 'permission deny',
  1108: 'uri path invalid',
  1109: 'param is illegal, please check it',
  2010: 'device not exist',
};

function tid(): string {
  return randomBytes(16).toString('hex');
}

/** Tuya answers business errors with HTTP 200 and `success: false`. */
export function tuyaError(state: SandboxState, code: number, msg = TUYA_MESSAGES[code] ?? 'error'): SandboxResponse {
  return { status: 200, body: { code, msg, success: false, t: state.now(), tid: tid() } };
}

export function tuyaOk(state: SandboxState, result: unknown): SandboxResponse {
  return { status: 200, body: { result, success: true, t: state.now(), tid: tid() } };
}

/** Thrown inside handlers to answer a Tuya error. */
export class TuyaReject extends Error {
  constructor(
    readonly code: number,
    readonly msg: string = TUYA_MESSAGES[code] ?? 'error',
  ) {
    super(`${code} ${msg}`);
  }
}
