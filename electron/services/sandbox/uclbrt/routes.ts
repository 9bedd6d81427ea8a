import type { SandboxRequest, SandboxResponse, SandboxState } from '../types';
import { answer, UclbrtReject } from './common';
import { handleProximityRequest } from './proximity';
import { handleQrRequest } from './qr';

const PROXIMITY_PATH = /^\/Home\/Qrm\/([A-Za-z]+)\/?$/;

export function isUclbrtRequest(req: SandboxRequest): boolean {
  return (req.path === '/' && req.query.c !== undefined) || PROXIMITY_PATH.test(req.path);
}

/** Both UCLBRT families; undefined for paths that are not UCLBRT's. */
export function handleUclbrtRequest(req: SandboxRequest, state: SandboxState): SandboxResponse | undefined {
  if (!isUclbrtRequest(req)) return undefined;
  try {
    const proximity = PROXIMITY_PATH.exec(req.path);
    if (proximity) return handleProximityRequest(req, state, proximity[1]);
    if (req.query.c !== 'Qrcode') return answer(4003, 'no such api implemented');
    return handleQrRequest(req, state);
  } catch (err) {
    if (err instanceof UclbrtReject) return answer(err.status, err.info);
    throw err;
  }
}
