import { randomInt } from 'node:crypto';
import type { SandboxRequest, SandboxState, TuyaCardRecord } from '../types';
import type { TuyaCaller } from './auth';
import { TuyaReject } from './reply';

/** The lock a card call addresses, checked against the caller's project. */
export interface LockTarget {
  projectId: string;
  deviceId: string;
}

export function checkLock(state: SandboxState, caller: TuyaCaller, target: LockTarget): void {
  if (target.projectId !== caller.project.projectId) throw new TuyaReject(1106);
  if (caller.project.devices.some((d) => d.deviceId === target.deviceId)) return;
  const elsewhere = state.fixture.tuya.projects.some((p) => p.devices.some((d) => d.deviceId === target.deviceId));
  throw new TuyaReject(elsewhere ? 1106 : 2010);
}

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  if (req.rawBody.trim() === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().includes('application/json')) throw new TuyaReject(1006);
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.rawBody);
  } catch {
    throw new TuyaReject(1109);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TuyaReject(1109);
  return parsed as Record<string, unknown>;
}

/** A Long field as Tuya's Java backend reads it: a JSON number or a numeric string. */
function longField(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new TuyaReject(1104, `${name} type is incorrect`);
  // Card times are 13-digit millisecond timestamps; a 10-digit value is seconds, a common mistake.
  if (n < 1e12 || n >= 1e13) throw new TuyaReject(1101, `${name} must be a 13-digit millisecond timestamp`);
  return n;
}

function operateResult(card: TuyaCardRecord): Record<string, unknown> {
  return { lock_card_id: card.lockCardId, operate_id: `${Date.now()}${randomInt(100000, 999999)}`, operate_result: true };
}

function liveCard(state: SandboxState, target: LockTarget, lockCardId: string): TuyaCardRecord {
  const card = state.tuya.cards.get(lockCardId);
  if (!card || card.deleted || card.projectId !== target.projectId || card.deviceId !== target.deviceId) {
    throw new TuyaReject(1000);
  }
  return card;
}

function touch(state: SandboxState, card: TuyaCardRecord): void {
  card.updatedAt = new Date(state.now()).toISOString();
}

/** POST .../lock-devices/{device_id}/cards `{card_id}`. The same card on the same lock keeps its id. */
export function issueCard(req: SandboxRequest, state: SandboxState, target: LockTarget): Record<string, unknown> {
  const body = jsonBody(req);
  if (!('card_id' in body) || body.card_id === null) throw new TuyaReject(1102, 'card_id is null');
  if (typeof body.card_id !== 'string') throw new TuyaReject(1104, 'card_id type is incorrect');
  const cardId = body.card_id.trim();
  if (cardId === '') throw new TuyaReject(1100, 'card_id is empty');
  for (const card of state.tuya.cards.values()) {
    if (!card.deleted && card.projectId === target.projectId && card.deviceId === target.deviceId && card.cardId === cardId) {
      return operateResult(card);
    }
  }
  const now = new Date(state.now()).toISOString();
  const card: TuyaCardRecord = {
    ...target,
    lockCardId: String(3_245_000 + ++state.tuya.nextCardSeq),
    cardId,
    frozen: false,
    deleted: false,
    issuedAt: now,
    updatedAt: now,
  };
  state.tuya.cards.set(card.lockCardId, card);
  return operateResult(card);
}

/** PUT .../cards/{lock_card_id} `{begin_time?, end_time?}`. */
export function modifyCard(req: SandboxRequest, state: SandboxState, target: LockTarget, lockCardId: string): Record<string, unknown> {
  const card = liveCard(state, target, lockCardId);
  const body = jsonBody(req);
  const begin = longField(body, 'begin_time');
  const end = longField(body, 'end_time');
  if (begin === undefined && end === undefined) throw new TuyaReject(1100, 'begin_time and end_time are empty');
  const nextBegin = begin ?? card.beginTime;
  const nextEnd = end ?? card.endTime;
  if (nextBegin !== undefined && nextEnd !== undefined && nextBegin >= nextEnd) {
    throw new TuyaReject(1101, 'end_time must be after begin_time');
  }
  card.beginTime = nextBegin;
  card.endTime = nextEnd;
  touch(state, card);
  return operateResult(card);
}

export function deleteCard(state: SandboxState, target: LockTarget, lockCardId: string): Record<string, unknown> {
  const card = liveCard(state, target, lockCardId);
  card.deleted = true;
  touch(state, card);
  return operateResult(card);
}

/** PUT .../cards/{lock_card_id}/freeze-status `{freeze_status: 1 freeze | 0 unfreeze}`. */
export function freezeCard(req: SandboxRequest, state: SandboxState, target: LockTarget, lockCardId: string): Record<string, unknown> {
  const card = liveCard(state, target, lockCardId);
  const body = jsonBody(req);
  const status = body.freeze_status;
  if (status === undefined || status === null) throw new TuyaReject(1102, 'freeze_status is null');
  const value = typeof status === 'string' ? Number(status) : status;
  if (value !== 0 && value !== 1) throw new TuyaReject(1109, 'freeze_status must be 0 (unfreeze) or 1 (freeze)');
  card.frozen = value === 1;
  touch(state, card);
  return operateResult(card);
}

/** GET /v1.0/cloud/osaas/.../cards/{lock_card_id}. */
export function queryCard(state: SandboxState, target: LockTarget, lockCardId: string): Record<string, unknown> {
  const card = liveCard(state, target, lockCardId);
  return { lock_card_id: card.lockCardId, begin_time: card.beginTime ?? null, end_time: card.endTime ?? null };
}
