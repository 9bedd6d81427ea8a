import type { Operation, OperationBody } from '../../../shared/domain/operations';
import type { CardRecord } from '../../../shared/domain/registry';
import type { CardStore } from './card-store';

type Op = Pick<Operation, 'id' | 'replaces'> & OperationBody;

const ISSUE_KINDS = new Set(['uclbrt.qr.issue', 'uclbrt.prox.issue', 'tuya.issue']);

/** The first string among the names a cloud answer may use for one value. */
function pick(result: Record<string, unknown> | undefined, ...names: string[]): string | undefined {
  if (!result) return undefined;
  for (const source of [result, result.data as Record<string, unknown> | undefined]) {
    if (!source || typeof source !== 'object') continue;
    for (const name of names) {
      const v = source[name];
      if (typeof v === 'string' && v) return v;
      if (typeof v === 'number') return String(v);
    }
  }
  return undefined;
}

/** An operation was accepted: issues show up at once as pending cards. */
export function cardsOnSubmit(cards: CardStore, op: Op, at: string): void {
  const r = op;
  if (!ISSUE_KINDS.has(r.kind)) return;
  // A corrected resend takes over its original's pending card instead of leaving a failed one behind.
  const taken = op.replaces ? cards.byOrigin(op.replaces) : undefined;
  const upsert = (fields: Parameters<CardStore['insert']>[0], existing?: CardRecord): void => {
    const target = taken ?? existing;
    if (target) cards.update(target.id, { ...fields, originOperationId: op.id }, at, op.id);
    else cards.insert(fields, at, op.id, op.id);
  };
  switch (r.kind) {
    case 'uclbrt.qr.issue':
      return upsert({
        provider: 'uclbrt',
        buildNo: r.input.buildNo,
        floorNo: r.input.floorNo,
        roomNo: r.input.roomNo,
        holderMobile: r.input.mobile,
        holderAreaCode: r.input.areaCode,
        validFrom: r.input.start,
        validTo: r.input.end,
        status: 'pending',
      });
    case 'uclbrt.prox.issue':
      return upsert(
        {
          provider: 'uclbrt',
          serialNum: r.input.serialNum,
          buildNo: r.input.buildNo,
          floorNo: r.input.floorNo,
          roomNo: r.input.roomNo,
          holderMobile: r.input.ownerMobile,
          holderAreaCode: r.input.ownerMobile ? r.input.ownerAreaCode : undefined,
          validTo: r.input.end,
          status: 'pending',
        },
        cards.bySerialNum('uclbrt', r.input.serialNum),
      );
    case 'tuya.issue':
      return upsert(
        {
          provider: 'tuya',
          serialNum: r.input.cardId,
          deviceId: r.input.deviceId,
          validFrom: r.input.start,
          validTo: r.input.end,
          status: 'pending',
        },
        cards.bySerialNum('tuya', r.input.cardId, r.input.deviceId),
      );
  }
}

/** The cloud did it: the registry follows. Cards not seen before are added. */
export function cardsOnDone(cards: CardStore, op: Op, result: Record<string, unknown> | undefined, at: string): void {
  const r = op;
  switch (r.kind) {
    case 'uclbrt.qr.issue':
    case 'uclbrt.prox.issue':
    case 'tuya.issue': {
      const card = cards.byOrigin(op.id);
      const identity =
        r.kind === 'uclbrt.qr.issue'
          ? { cardNo: pick(result, 'cardNo', 'card_no') }
          : r.kind === 'tuya.issue'
            ? { lockCardId: pick(result, 'lockCardId', 'lock_card_id', 'id') }
            : {};
      if (card) cards.update(card.id, { ...identity, status: 'active' }, at, op.id);
      return;
    }
    case 'uclbrt.qr.reportLost': {
      const card =
        cards.byCardNo(r.input.cardNo) ?? cards.insert({ provider: 'uclbrt', cardNo: r.input.cardNo, status: 'lost' }, at, op.id);
      cards.update(card.id, { status: 'lost' }, at, op.id);
      if (r.input.wholeRoom && card.roomNo) {
        for (const other of cards.activeQrCardsInRoom({ buildNo: card.buildNo, floorNo: card.floorNo, roomNo: card.roomNo })) {
          cards.update(other.id, { status: 'lost' }, at, op.id);
        }
      }
      return;
    }
    case 'uclbrt.qr.cancel': {
      const card = cards.byCardNo(r.input.cardNo);
      if (card) cards.update(card.id, { status: 'cancelled' }, at, op.id);
      else cards.insert({ provider: 'uclbrt', cardNo: r.input.cardNo, status: 'cancelled' }, at, op.id);
      return;
    }
    case 'uclbrt.prox.cancel': {
      const card = cards.bySerialNum('uclbrt', r.input.serialNum);
      if (card) cards.update(card.id, { status: 'cancelled' }, at, op.id);
      else cards.insert({ provider: 'uclbrt', serialNum: r.input.serialNum, status: 'cancelled' }, at, op.id);
      return;
    }
    case 'tuya.modify':
    case 'tuya.delete':
    case 'tuya.freeze':
    case 'tuya.unfreeze': {
      const status = r.kind === 'tuya.delete' ? 'cancelled' : r.kind === 'tuya.freeze' ? 'frozen' : 'active';
      const validity = r.kind === 'tuya.modify' ? { validFrom: r.input.start, validTo: r.input.end } : {};
      const card = cards.byLockCard(r.input.deviceId, r.input.lockCardId);
      if (card) {
        // A new validity leaves a frozen card frozen.
        cards.update(card.id, r.kind === 'tuya.modify' ? validity : { status }, at, op.id);
      } else {
        cards.insert({ provider: 'tuya', deviceId: r.input.deviceId, lockCardId: r.input.lockCardId, ...validity, status }, at, op.id);
      }
      return;
    }
  }
}

/** The cloud refused an issue, or a person gave it up: its pending card never became real. */
export function cardsOnGivenUp(cards: CardStore, op: Op, at: string): void {
  if (!ISSUE_KINDS.has(op.kind)) return;
  const card = cards.byOrigin(op.id);
  if (card && card.status === 'pending') cards.update(card.id, { status: 'failed' }, at, op.id);
}
