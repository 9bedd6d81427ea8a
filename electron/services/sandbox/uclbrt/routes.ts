import type { SandboxRequest, SandboxResponse, SandboxState } from '../types';
import { answer, UclbrtReject } from './common';
import { handleProximityRequest } from './proximity';
import { handleQrRequest } from './qr';
import { handleRecordsRequest } from './records';

const PROXIMITY_PATH = /^\/Home\/Qrm\/([A-Za-z]+)\/?$/;
const RECORDS_PATH = /^\/Home\/Records\/([A-Za-z]+)\/?$/;

export function isUclbrtRequest(req: SandboxRequest): boolean {
  return (req.path === '/' && req.query.c !== undefined) || PROXIMITY_PATH.test(req.path) || RECORDS_PATH.test(req.path);
}

/** The UCLBRT families (QR, proximity, records); undefined for paths that are not UCLBRT's. */
export function handleUclbrtRequest(req: SandboxRequest, state: SandboxState): SandboxResponse | Promise<SandboxResponse> | undefined {
  if (!isUclbrtRequest(req)) return undefined;
  const refusal = (err: unknown): SandboxResponse => {
    if (err instanceof UclbrtReject) return answer(err.status, err.info);
    throw err;
  };
  try {
    const proximity = PROXIMITY_PATH.exec(req.path);
    if (proximity) return handleProximityRequest(req, state, proximity[1]);
    const records = RECORDS_PATH.exec(req.path);
    if (records) return handleRecordsRequest(req, state, records[1]);
    if (req.query.c !== 'Qrcode') return answer(4003, 'no such api implemented');
    const response = handleQrRequest(req, state);
    return response instanceof Promise ? response.catch(refusal) : response;
  } catch (err) {
    return refusal(err);
  }
}
