/**
 * The boundary between the PMS interfaces (FIAS, HTTP) and what the station does about a key
 * request. Both interfaces turn their records into a `KeyRequest` and call one method of
 * `KeyRequests`; they never see the outbox, the encoder or the rooms.
 *
 * `room-key-requests.ts` implements it with the room actions (new stay, duplicate, check-out,
 * extend), as operator `pms:<workstation>`.
 */
import type { PmsInterface, PmsOutcome } from '../../../shared/domain/pms';
import type { StationError } from '../../../shared/errors/types';

export type KeyAction = 'new' | 'duplicate' | 'remove' | 'modify-stay' | 'read';

export interface KeyRequest {
  action: KeyAction;
  via: PmsInterface;
  /** The room as the PMS names it: the directory's display name (`1203`) or `building-floor-room`. */
  roomId: string;
  /** Keys to make (new, duplicate); 1 otherwise. */
  count: number;
  /** Hotel wall-clock times, `YYYY-MM-DDTHH:mm`; no start means from now. */
  validFrom?: string;
  validTo?: string;
  guest?: { number?: string; name?: string };
  /** The guest's mobile, for QR keys. */
  mobile?: { number: string; areaCode?: string };
  /** The encoder the PMS addressed (FIAS `KC`, HTTP `encoderId`). */
  encoderId: string;
  /** Who asked: FIAS `WS`, HTTP `userId`. Work is recorded as operator `pms:<workstation>`. */
  workstation: string;
}

/** What the desk is shown while a request runs ("PMS: 2 keys for room 1203 — place card 1 of 2"). */
export interface KeyProgress {
  phase: 'place-card' | 'sending';
  room: string;
  /** The card being asked for (1-based). */
  n: number;
  total: number;
}

export interface KeyJob {
  /** Aborted when the answer is due (HTTP: before OPERA's 20 s); card waits stop, the truth is answered. */
  signal: AbortSignal;
  progress(p: KeyProgress): void;
}

export interface KeyResult {
  outcome: PmsOutcome;
  /** What to say: a `pms.done.*` / `pms.queued.*` text code, or an error from the catalogue. */
  text: { code: string; params: Record<string, string | number> };
  /** For failures: the error as the station's catalogue has it (stored in the activity log). */
  error?: StationError;
  /** Outbox operations this request created (done, queued or failed). */
  operationIds: string[];
  /** What the desk must also know about how it was done (e.g. a proximity card to write again), said after the text. */
  notes?: StationError[];
}

export interface KeyRequests {
  /** New key(s) for a new stay. */
  newKeys(request: KeyRequest, job: KeyJob): Promise<KeyResult>;
  /** More key(s) for the current stay, same validity. */
  duplicate(request: KeyRequest, job: KeyJob): Promise<KeyResult>;
  /** Check-out: every active key of the room stops working. */
  remove(request: KeyRequest, job: KeyJob): Promise<KeyResult>;
  /** Stay change: the room's keys get the new end. */
  modifyStay(request: KeyRequest, job: KeyJob): Promise<KeyResult>;
  /** What the card on the encoder is. */
  read(request: KeyRequest, job: KeyJob): Promise<KeyResult>;
}

/** Dispatches a request to the method its action names. */
export function perform(keys: KeyRequests, request: KeyRequest, job: KeyJob): Promise<KeyResult> {
  switch (request.action) {
    case 'new':
      return keys.newKeys(request, job);
    case 'duplicate':
      return keys.duplicate(request, job);
    case 'remove':
      return keys.remove(request, job);
    case 'modify-stay':
      return keys.modifyStay(request, job);
    case 'read':
      return keys.read(request, job);
  }
}
