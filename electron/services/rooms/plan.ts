/**
 * Turns a room action into the ordered operations that carry it out (pure: the room, its cards
 * and the clock in, steps out). Every step stands in the room's line, so the steps go out in the
 * order planned and after anything accepted earlier for the room.
 *
 * - new stay: stop every card of the room (after the clerk confirmed them), then issue (one card,
 *   or several of the same kind: `moreCards`, a PMS asking for 2 keys).
 * - duplicate: issue one more card (or several) with the current stay's validity.
 * - check-out: stop every card of the room, across clouds.
 * - extend: a new end for every card; no key stops working before its replacement works
 *   (card-kinds.ts has the table per card kind).
 *
 * A card whose issue is still waiting in the queue and never reached the cloud is "withdrawn"
 * (its operation discarded) rather than stopped: it never existed. One being sent right now, or
 * whose fate is uncertain, makes the action wait for a decision (`rooms.issue-in-progress`,
 * `rooms.needs-decision`): the station cannot tell whether that card opens the door.
 */
import type { LockType } from '../../../shared/domain/cloud';
import type { Operation, OperationRequest, OperationRequestInput } from '../../../shared/domain/operations';
import { operationRequestSchema } from '../../../shared/domain/operations';
import type { CardKind, RoomActionRequest, RoomActionStepRole, RoomCard, RoomEntry, RoomStay } from '../../../shared/domain/rooms';
import { stationError, type StationError } from '../../../shared/errors';
import { validationError } from '../../../shared/errors/from-zod';
import { parseOrRefuse, StationFailure } from '../failure';
import { roomLabel } from '../outbox/subject';
import { validateGetLink } from '../cloud/uclbrt/validate';
import { qrRevokeOf } from './card-kinds';

export interface PlannedStep {
  role: RoomActionStepRole;
  cardKind: CardKind;
  cardLabel: string;
  cardId?: string;
  /** The operation to queue (all but withdraw and already-pending revokes). */
  request?: OperationRequest;
  /** Withdraw this queued issue, or (revoke) follow this revoke already in the queue. */
  existingOperationId?: string;
  /** Sent only after this step's operation is done. */
  dependsOnStep?: number;
  /** Stopped by that step's operation (one whole-room loss report stops every QR card of the room). */
  coveredByStep?: number;
}

export interface Plan {
  action: RoomActionRequest['action'];
  room: RoomEntry;
  revoke: RoomCard[];
  validity?: { start?: string; end?: string };
  steps: PlannedStep[];
  notes: StationError[];
}

export interface PlanContext {
  room: RoomEntry;
  /** The room's active, frozen and pending cards, with what is pending on each. */
  cards: RoomCard[];
  stay: RoomStay | null;
  /** The issue operation of each pending card, by card id. */
  issueOf: (card: RoomCard) => Operation | undefined;
  /** Wall-clock now, `YYYY-MM-DDTHH:mm`, in the zone validity times are read in. */
  now: string;
  /** Lock type for proximity cards of a room whose directory entry has none. */
  defaultLockType: LockType;
  /** In a site: the desk that keeps a card, when it is another desk (its pending issue is that desk's). */
  elsewhere?: (card: RoomCard) => string | undefined;
}

/** Checked like any request: a stored card whose copied details no longer pass (an old record's mobile) is refused by field, not a crash. */
const request = (r: OperationRequestInput): OperationRequest => parseOrRefuse(operationRequestSchema, r);
const roomOf = (room: RoomEntry) => ({ buildNo: room.buildNo, floorNo: room.floorNo, roomNo: room.roomNo });
const REVOKING = new Set(['uclbrt.qr.reportLost', 'uclbrt.qr.cancel', 'uclbrt.prox.cancel', 'tuya.delete']);

/** The stay of a room: its active and pending cards; end = their latest `validTo`. */
export function stayOf(cards: readonly RoomCard[]): RoomStay | null {
  if (!cards.length) return null;
  const ends = cards.map((c) => c.validTo).filter((v): v is string => Boolean(v));
  const starts = cards.map((c) => c.validFrom).filter((v): v is string => Boolean(v));
  const holder = cards.find((c) => c.holderMobile);
  return {
    ...(starts.length ? { start: starts.sort()[0] } : {}),
    ...(ends.length ? { end: ends.sort().at(-1) } : {}),
    cards: cards.length,
    ...(holder?.holderMobile ? { holderMobile: holder.holderMobile, holderAreaCode: holder.holderAreaCode } : {}),
  };
}

function checkKind(room: RoomEntry, kind: CardKind): void {
  if (!room.cardKinds.includes(kind)) {
    throw StationFailure.of(`rooms.card-kind-unsupported.${kind}`, { room: room.displayName }, { field: 'cardKind' });
  }
}

function checkEnd(end: string, now: string): void {
  if (end <= now) throw StationFailure.of('rooms.end-past', { end }, { field: 'end' });
}

/** The new card of a new stay or a duplicate. */
function issueStep(
  ctx: PlanContext,
  r: {
    cardKind: CardKind;
    mobile?: string;
    areaCode: string;
    sendSms: boolean;
    serialNum?: string;
    owner?: string;
    opentype?: 'single' | 'normally-open';
    times?: number;
    cipherType?: 'none' | 'period' | 'one-time';
    outInfo?: string;
  },
  validity: { start?: string; end: string },
): PlannedStep {
  const { room } = ctx;
  checkKind(room, r.cardKind);
  if (r.cardKind === 'qr') {
    if (!r.mobile) throw StationFailure.of('rooms.mobile-required', undefined, { field: 'mobile' });
    // What the room's lock cannot do is refused now, not after it was queued.
    const lockIssues = validateGetLink(
      {
        mobile: r.mobile,
        communityNo: '0',
        roomNo: room.roomNo,
        times: r.times === undefined ? undefined : String(r.times),
        opentype: r.opentype === 'normally-open' ? '1' : '0',
        cipherType: { none: '0', period: '1', 'one-time': '2' }[r.cipherType ?? 'none'],
      },
      { lockType: room.lockType },
    ).filter((i) => ['times', 'opentype', 'cipherType'].includes(i.field));
    if (lockIssues.length) throw new StationFailure(validationError(lockIssues));
    return {
      role: 'issue',
      cardKind: 'qr',
      cardLabel: '',
      request: request({
        kind: 'uclbrt.qr.issue',
        input: {
          ...roomOf(room),
          mobile: r.mobile,
          areaCode: r.areaCode,
          start: validity.start,
          end: validity.end,
          sendSms: r.sendSms,
          opentype: r.opentype,
          times: r.times,
          cipherType: r.cipherType,
          outInfo: r.outInfo || undefined,
          lockType: room.lockType,
        },
      }),
    };
  }
  if (!r.serialNum) throw StationFailure.of('rooms.serial-required', undefined, { field: 'serialNum' });
  const serialNum = r.serialNum.toUpperCase();
  if (r.cardKind === 'proximity') {
    return {
      role: 'issue',
      cardKind: 'proximity',
      cardLabel: serialNum,
      request: request({
        kind: 'uclbrt.prox.issue',
        input: {
          ...roomOf(room),
          serialNum,
          end: validity.end,
          lockType: room.lockType ?? ctx.defaultLockType,
          owner: r.owner,
          ownerMobile: r.mobile,
          ownerAreaCode: r.areaCode,
          opentype: r.opentype,
        },
      }),
    };
  }
  return {
    role: 'issue',
    cardKind: 'tuya',
    cardLabel: serialNum,
    request: request({
      kind: 'tuya.issue',
      input: { deviceId: room.tuya!.deviceId, cardId: serialNum, start: validity.start, end: validity.end },
    }),
  };
}

/** A pending card (its issue not done): withdraw it if it never reached the cloud, else the clerk must decide first. */
function withdrawStep(ctx: PlanContext, card: RoomCard): PlannedStep {
  const issue = ctx.issueOf(card);
  const room = ctx.room.displayName;
  const desk = issue ? undefined : ctx.elsewhere?.(card);
  // Another desk is issuing it: nothing here can stop a card before it exists.
  if (desk) throw StationFailure.of('site.card-pending-elsewhere', { room, station: desk });
  if (!issue) return { role: 'withdraw', cardKind: card.kind, cardLabel: card.label, cardId: card.id };
  if (issue.state === 'sending') throw StationFailure.of('rooms.issue-in-progress', { room, id: issue.id });
  if (issue.state !== 'queued' || issue.mayHaveReachedCloud)
    throw StationFailure.of('rooms.needs-decision', { room, id: issue.id, state: issue.state });
  return { role: 'withdraw', cardKind: card.kind, cardLabel: card.label, cardId: card.id, existingOperationId: issue.id };
}

/** Stops every card of the room; the steps, in order. */
function revokeSteps(ctx: PlanContext): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const { room } = ctx;
  // Oldest first: the order the cards were given out in.
  const live = ctx.cards
    .filter((c) => c.status === 'active' || c.status === 'frozen')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const card of ctx.cards.filter((c) => c.status === 'pending')) steps.push(withdrawStep(ctx, card));

  const alreadyRevoking = (card: RoomCard) => card.pending.find((p) => REVOKING.has(p.kind));
  const qr = live.filter((c) => c.kind === 'qr' && c.cardNo);
  const wholeRoom = qrRevokeOf(room.lockType) === 'whole-room-loss';
  // A loss report names a card the guest can have obtained (its validity has begun: 5216 otherwise).
  const reportable = qr.find((c) => !alreadyRevoking(c) && (!c.validFrom || c.validFrom <= ctx.now));
  for (const card of live) {
    const pendingRevoke = alreadyRevoking(card);
    if (pendingRevoke) {
      steps.push({
        role: 'revoke',
        cardKind: card.kind,
        cardLabel: card.label,
        cardId: card.id,
        existingOperationId: pendingRevoke.operationId,
      });
      continue;
    }
    if (card.kind === 'qr' && card.cardNo) {
      if (wholeRoom && reportable) {
        if (card !== reportable) continue; // covered by the one whole-room report below
        steps.push({
          role: 'revoke',
          cardKind: 'qr',
          cardLabel: card.label,
          cardId: card.id,
          request: request({ kind: 'uclbrt.qr.reportLost', input: { cardNo: card.cardNo, wholeRoom: true, ...roomOf(room) } }),
        });
        continue;
      }
      steps.push({
        role: 'revoke',
        cardKind: 'qr',
        cardLabel: card.label,
        cardId: card.id,
        request: request({ kind: 'uclbrt.qr.cancel', input: { cardNo: card.cardNo } }),
      });
    } else if (card.kind === 'proximity' && card.serialNum) {
      steps.push({
        role: 'revoke',
        cardKind: 'proximity',
        cardLabel: card.label,
        cardId: card.id,
        request: request({
          kind: 'uclbrt.prox.cancel',
          input: { serialNum: card.serialNum, lockType: room.lockType ?? ctx.defaultLockType },
        }),
      });
    } else if (card.kind === 'tuya' && card.deviceId && card.lockCardId) {
      steps.push({
        role: 'revoke',
        cardKind: 'tuya',
        cardLabel: card.label,
        cardId: card.id,
        request: request({ kind: 'tuya.delete', input: { deviceId: card.deviceId, lockCardId: card.lockCardId } }),
      });
    } else {
      // Never leave a card silently active: one the station cannot name to its cloud stops the action.
      throw StationFailure.of('rooms.cannot-revoke', { card: card.label || card.id, room: room.displayName });
    }
  }
  // Cards covered by the whole-room report are listed too, so the clerk sees each one stop.
  if (wholeRoom && reportable) {
    const reportIndex = steps.findIndex((s) => s.cardId === reportable.id && s.request);
    if (reportIndex >= 0) {
      for (const card of qr) {
        if (card === reportable || alreadyRevoking(card)) continue;
        steps.push({ role: 'revoke', cardKind: 'qr', cardLabel: card.label, cardId: card.id, coveredByStep: reportIndex });
      }
    }
  }
  return steps;
}

/** The cards that will stop working, and a refusal unless the clerk confirmed each of them. */
function confirmed(ctx: PlanContext, revoke: RoomCard[], confirmIds: readonly string[]): void {
  const missing = revoke.filter((c) => !confirmIds.includes(c.id));
  if (!missing.length) return;
  const cards = revoke.map((c) => c.label || c.kind).join(', ');
  const code = confirmIds.length ? 'rooms.confirm-stale' : 'rooms.confirm-required';
  throw StationFailure.of(code, { room: ctx.room.displayName, count: revoke.length, cards }, { field: 'confirmRevoke' });
}

/** A revoke of this card is already on its way (accepted earlier, e.g. by a check-out): the clerk confirmed it then. */
function beingRevoked(card: RoomCard): boolean {
  return card.pending.some((p) => REVOKING.has(p.kind) && (p.state === 'queued' || p.state === 'sending') && !p.waitingFor?.needsDecision);
}

/** A further card of the same kind, guest and validity as the request's own (a PMS asking for 2 keys). */
export interface MoreCard {
  /** Proximity and Tuya: the card's serial number (from the encoder). */
  serialNum?: string;
}

export interface PlanOptions {
  confirm: boolean;
  /** New stay, duplicate: more cards issued with the request's, in the same action. */
  moreCards?: readonly MoreCard[];
}

export function planAction(ctx: PlanContext, r: RoomActionRequest, options: PlanOptions): Plan {
  const { room } = ctx;
  // What the clerk must confirm: every card that will stop working and is not already on its way to.
  const revokeCards = ctx.cards.filter((c) => !beingRevoked(c));
  switch (r.action) {
    case 'new-stay': {
      checkKind(room, r.cardKind);
      checkEnd(r.end, ctx.now);
      if (r.start && r.start >= r.end)
        throw StationFailure.of('station.validation', { detail: 'end: must be after the start time' }, { field: 'end' });
      const issues = [r, ...(options.moreCards ?? []).map((c) => ({ ...r, ...c }))].map((card) =>
        issueStep(ctx, card, { start: r.start, end: r.end }),
      );
      const steps = revokeSteps(ctx);
      if (options.confirm) confirmed(ctx, revokeCards, r.confirmRevoke);
      return {
        action: r.action,
        room,
        revoke: revokeCards,
        validity: { start: r.start, end: r.end },
        steps: [...steps, ...issues],
        notes: [],
      };
    }
    case 'duplicate': {
      checkKind(room, r.cardKind);
      if (!ctx.stay) throw StationFailure.of('rooms.no-stay', { room: room.displayName });
      if (!ctx.stay.end) throw StationFailure.of('rooms.no-stay', { room: room.displayName });
      checkEnd(ctx.stay.end, ctx.now);
      const mobile = r.mobile ?? (r.cardKind === 'qr' ? ctx.stay.holderMobile : undefined);
      const areaCode = r.mobile ? r.areaCode : (ctx.stay.holderAreaCode ?? r.areaCode);
      const end = ctx.stay.end;
      const issues = [r, ...(options.moreCards ?? []).map((c) => ({ ...r, ...c }))].map((card) =>
        issueStep(ctx, { ...card, mobile, areaCode }, { end }),
      );
      return { action: r.action, room, revoke: [], validity: { end }, steps: issues, notes: [] };
    }
    case 'check-out': {
      if (!ctx.cards.length) throw StationFailure.of('rooms.vacant', { room: room.displayName });
      const steps = revokeSteps(ctx);
      if (options.confirm) confirmed(ctx, revokeCards, r.confirmRevoke);
      return { action: r.action, room, revoke: revokeCards, steps, notes: [] };
    }
    case 'extend':
      return planExtend(ctx, r);
  }
}

/** Tuya: new validity in place. Proximity: the card written again. QR: a new card, then the old one stopped once the new works. */
function planExtend(ctx: PlanContext, r: Extract<RoomActionRequest, { action: 'extend' }>): Plan {
  const { room } = ctx;
  if (!ctx.cards.length) throw StationFailure.of('rooms.vacant', { room: room.displayName });
  checkEnd(r.end, ctx.now);
  const current = ctx.stay?.end;
  if (current && r.end <= current) throw StationFailure.of('rooms.extend-not-later', { end: r.end, current }, { field: 'end' });
  const steps: PlannedStep[] = [];
  const notes: StationError[] = [];
  for (const card of ctx.cards) {
    if (card.status === 'pending') {
      // Not in the cloud yet: withdraw it and queue the same card with the new end.
      const withdraw = withdrawStep(ctx, card);
      const issue = withdraw.existingOperationId ? ctx.issueOf(card) : undefined;
      if (!issue) continue;
      steps.push(withdraw);
      steps.push({
        role: 'extend',
        cardKind: card.kind,
        cardLabel: card.label,
        cardId: card.id,
        request: request({ kind: issue.kind, input: { ...issue.input, end: r.end } } as OperationRequestInput),
      });
      continue;
    }
    if (card.kind === 'tuya' && card.deviceId && card.lockCardId) {
      steps.push({
        role: 'extend',
        cardKind: 'tuya',
        cardLabel: card.label,
        cardId: card.id,
        request: request({
          kind: 'tuya.modify',
          input: {
            deviceId: card.deviceId,
            lockCardId: card.lockCardId,
            start: card.validFrom && card.validFrom < r.end ? card.validFrom : ctx.now,
            end: r.end,
          },
        }),
      });
    } else if (card.kind === 'proximity' && card.serialNum) {
      notes.push(stationError('rooms.extend-rewrite', { card: card.label }));
      steps.push({
        role: 'extend',
        cardKind: 'proximity',
        cardLabel: card.label,
        cardId: card.id,
        request: request({
          kind: 'uclbrt.prox.issue',
          input: {
            ...roomOf(room),
            serialNum: card.serialNum,
            end: r.end,
            lockType: room.lockType ?? ctx.defaultLockType,
            ownerMobile: card.holderMobile,
            ownerAreaCode: card.holderAreaCode ?? '86',
          },
        }),
      });
    } else if (card.kind === 'qr' && card.cardNo) {
      if (!card.holderMobile) throw StationFailure.of('rooms.no-mobile', { card: card.label });
      const issueIndex = steps.length;
      steps.push({
        role: 'issue',
        cardKind: 'qr',
        cardLabel: '',
        request: request({
          kind: 'uclbrt.qr.issue',
          input: {
            ...roomOf(room),
            mobile: card.holderMobile,
            areaCode: card.holderAreaCode ?? '86',
            end: r.end,
            sendSms: r.sendSms,
            lockType: room.lockType,
          },
        }),
      });
      if (qrRevokeOf(room.lockType) === 'cancel') {
        steps.push({
          role: 'revoke-replaced',
          cardKind: 'qr',
          cardLabel: card.label,
          cardId: card.id,
          dependsOnStep: issueIndex,
          request: request({ kind: 'uclbrt.qr.cancel', input: { cardNo: card.cardNo } }),
        });
      } else {
        notes.push(stationError('rooms.extend-keeps-old', { card: card.label, room: roomLabel(room), end: card.validTo ?? '-' }));
      }
    }
  }
  return { action: 'extend', room, revoke: [], validity: { end: r.end }, steps, notes };
}
