import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderId } from '../../shared/domain/cloud';
import type { Operation, OperationRequest } from '../../shared/domain/operations';
import { operationRequestSchema, type OperationRequestInput } from '../../shared/domain/operations';
import { stationError } from '../../shared/errors';
import type { CloudExecutor, CloudOutcome } from '../../electron/services/cloud/executor';

export interface ExecutedCall {
  id: string;
  kind: Operation['kind'];
  input: Operation['input'];
}

type Script = (call: ExecutedCall, nth: number) => CloudOutcome | Promise<CloudOutcome>;

/** A scripted CloudExecutor: records every call, answers what the script says (success by default). */
export class FakeExecutor implements CloudExecutor {
  readonly calls: ExecutedCall[] = [];
  readonly probes: ProviderId[] = [];
  probeAnswer = true;
  inFlight = 0;
  maxInFlight = 0;

  constructor(public script: Script = () => ({ kind: 'success', result: {} })) {}

  async execute(operation: Pick<Operation, 'id' | 'kind' | 'input'>): Promise<CloudOutcome> {
    const call = { id: operation.id, kind: operation.kind, input: operation.input };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.script(call, this.calls.filter((c) => c.id === call.id).length);
    } finally {
      this.inFlight--;
    }
  }

  async probe(provider: ProviderId): Promise<boolean> {
    this.probes.push(provider);
    return this.probeAnswer;
  }

  callsFor(id: string): ExecutedCall[] {
    return this.calls.filter((c) => c.id === id);
  }
}

export const down = (): CloudOutcome => ({ kind: 'retryable', error: stationError('station.internal', { detail: 'connection refused' }) });
export const refused = (): CloudOutcome => ({
  kind: 'permanent',
  error: stationError('station.internal', { detail: 'refused by the cloud' }),
});
export const lostResponse = (): CloudOutcome => ({
  kind: 'ambiguous',
  error: stationError('station.internal', { detail: 'response lost' }),
});

export function tempDir(prefix = 'outbox-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const req = (r: OperationRequestInput): OperationRequest => operationRequestSchema.parse(r);

export const qrIssue = (roomNo: string, mobile = '13800138000') =>
  req({ kind: 'uclbrt.qr.issue', input: { roomNo, mobile, end: '2030-01-01T12:00' } });
export const reportLost = (cardNo: string, wholeRoom = false) => req({ kind: 'uclbrt.qr.reportLost', input: { cardNo, wholeRoom } });
export const cancelQr = (cardNo: string) => req({ kind: 'uclbrt.qr.cancel', input: { cardNo } });
export const tuyaFreeze = (deviceId: string, lockCardId: string) => req({ kind: 'tuya.freeze', input: { deviceId, lockCardId } });
export const tuyaIssue = (deviceId: string, cardId: string) => req({ kind: 'tuya.issue', input: { deviceId, cardId } });

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
