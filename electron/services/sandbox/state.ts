import type { RecordedRequest, SandboxFixture, SandboxState } from './types';

/** Requests kept for `GET /__sandbox/requests`. */
export const MAX_RECORDED_REQUESTS = 1000;

export function createSandboxState(fixture: SandboxFixture, now: () => number = Date.now): SandboxState {
  return {
    fixture,
    now,
    requests: [],
    fault: null,
    uclbrt: { cards: [], recentRequests: new Map(), nextCardSeq: 1, doorRecords: [] },
    tuya: { tokens: new Map(), refreshTokens: new Map(), cards: new Map(), nextCardSeq: 1 },
  };
}

export function recordRequest(state: SandboxState, entry: RecordedRequest): void {
  state.requests.push(entry);
  if (state.requests.length > MAX_RECORDED_REQUESTS) state.requests.splice(0, state.requests.length - MAX_RECORDED_REQUESTS);
}
