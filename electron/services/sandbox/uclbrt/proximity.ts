/**
 * The proximity-card family as the sandbox cloud answers it: `POST /Home/Qrm/<action>` with a
 * form body whose `sig` is MD5 of the signed fields in their documented order plus authToken.
 * The issuer app's part (writing the card) is simulated: makeRoomCard records the card under the
 * `serialNum` the station sends along (unsigned), or a made-up one.
 */
import { proximitySignature, PROXIMITY_ACTIONS, type ProximityAction } from '../../cloud/uclbrt/sign';
import { isUclbrtTime, uclbrtTimeToInstant } from '../../cloud/uclbrt/time';
import type { LockType } from '../../../../shared/domain/cloud';
import type {
  SandboxCommunityFixture,
  SandboxRequest,
  SandboxResponse,
  SandboxState,
  SandboxUclbrtAccountFixture,
  UclbrtCardRecord,
} from '../types';
import { checkOperator, countRequest, findAccount, findCommunity, findRoom, ok, randomSerial, reject, roomOf } from './common';

const NO_MAC_CARD_TYPES = new Set(['2', '3']);

function operateCardTypeOf(lockType: LockType): string {
  if (lockType === 'RFLOCK-V9') return '2';
  if (lockType === 'QRLOCK') return '3';
  return '4';
}

function checkMac(community: SandboxCommunityFixture, issueMac: string | undefined): void {
  if (!issueMac || !/^[0-9A-Fa-f]{12}$/.test(issueMac)) reject(5209);
  if (!community.issuerMacs.includes(issueMac.toUpperCase())) reject(5215, 'this card issuer is not registered in the community');
}

function proximityCards(state: SandboxState, community: SandboxCommunityFixture, serialNum: string): UclbrtCardRecord[] {
  return state.uclbrt.cards.filter(
    (c) => c.family === 'proximity' && c.communityNo === community.communityNo && c.serialNum?.toUpperCase() === serialNum.toUpperCase(),
  );
}

function cardView(community: SandboxCommunityFixture, card: UclbrtCardRecord): Record<string, unknown> {
  const lockType = roomOf(community, card)?.lockType;
  return {
    serialNum: card.serialNum,
    cardNo: card.cardNo,
    buildNo: card.buildNo ?? '',
    floorNo: card.floorNo ?? '',
    roomNo: card.roomNo,
    endTime: card.endTime ?? '',
    isLost: card.isLost ? '1' : '0',
    cardStatus: card.status,
    lockType,
    operateCardType: lockType ? operateCardTypeOf(lockType) : undefined,
  };
}

function cancelCard(state: SandboxState, community: SandboxCommunityFixture, p: Record<string, string>): SandboxResponse {
  checkOperator(community, p);
  if (!['2', '3', '4'].includes(p.operateCardType ?? '')) reject(4001, 'operateCardType must be 2, 3 or 4');
  if (!NO_MAC_CARD_TYPES.has(p.operateCardType)) checkMac(community, p.issueMac);
  if (!p.serialNum) reject(4001, 'serialNum is required');
  const cards = proximityCards(state, community, p.serialNum);
  if (cards.length === 0) reject(5307);
  const live = cards.filter((c) => c.status !== 'cancelled');
  if (live.length === 0) reject(5308);
  for (const card of live) {
    const lockType = roomOf(community, card)?.lockType;
    if (lockType && operateCardTypeOf(lockType) !== p.operateCardType) reject(6116);
  }
  const at = new Date(state.now()).toISOString();
  for (const card of live) {
    card.status = 'cancelled';
    card.updatedAt = at;
  }
  return ok();
}

function readCard(state: SandboxState, community: SandboxCommunityFixture, p: Record<string, string>): SandboxResponse {
  checkOperator(community, p);
  if (p.issueMac) checkMac(community, p.issueMac);
  // The card "on the issuer": the one named by serialNum, else the last one written there.
  const candidates = p.serialNum
    ? proximityCards(state, community, p.serialNum)
    : state.uclbrt.cards.filter(
        (c) =>
          c.family === 'proximity' && c.communityNo === community.communityNo && (!p.issueMac || c.issueMac === p.issueMac.toUpperCase()),
      );
  const card = candidates[candidates.length - 1];
  if (!card) reject(5300);
  return ok(cardView(community, card));
}

function makeRoomCard(
  state: SandboxState,
  account: SandboxUclbrtAccountFixture,
  community: SandboxCommunityFixture,
  p: Record<string, string>,
): SandboxResponse {
  const room = findRoom(community, p);
  if (!NO_MAC_CARD_TYPES.has(operateCardTypeOf(room.lockType))) checkMac(community, p.issueMac);
  checkOperator(community, p);
  if (!p.endTime || !isUclbrtTime(p.endTime)) reject(5102);
  if (uclbrtTimeToInstant(p.endTime, community.timeZone) <= state.now()) reject(5100);
  for (const field of ['opentype', 'isLost']) {
    if (p[field] !== undefined && p[field] !== '' && !['0', '1'].includes(p[field])) reject(4001, `${field} must be 0 or 1`);
  }
  if (p.ownerMobile && !/^\d{5,20}$/.test(p.ownerMobile)) reject(5103);
  const serialNum = (p.serialNum || randomSerial()).toUpperCase();
  const at = new Date(state.now()).toISOString();
  // Writing a card again replaces what it held.
  for (const old of proximityCards(state, community, serialNum)) {
    if (old.status !== 'cancelled') {
      old.status = 'cancelled';
      old.updatedAt = at;
    }
  }
  const card: UclbrtCardRecord = {
    family: 'proximity',
    cardNo: serialNum,
    serialNum,
    accountSid: account.accountSid,
    communityNo: community.communityNo,
    buildNo: room.buildNo,
    floorNo: room.floorNo,
    roomNo: room.roomNo,
    cardType: '0',
    mobile: p.ownerMobile || undefined,
    areaCode: p.ownerAreaCode || undefined,
    endTime: p.endTime,
    isLost: p.isLost === '1',
    status: 'issued',
    issueMac: p.issueMac ? p.issueMac.toUpperCase() : undefined,
    issuedAt: at,
    updatedAt: at,
  };
  state.uclbrt.cards.push(card);
  return ok(cardView(community, card));
}

function isProximityAction(action: string): action is ProximityAction {
  return (PROXIMITY_ACTIONS as readonly string[]).includes(action);
}

export function handleProximityRequest(req: SandboxRequest, state: SandboxState, action: string): SandboxResponse {
  if (req.method !== 'POST') reject(4002, 'use POST');
  if (!isProximityAction(action)) reject(4003);
  const p = Object.fromEntries(new URLSearchParams(req.rawBody));
  if (!p.accountSid) reject(4001, 'accountSid is required');
  const account = findAccount(state, p.accountSid);
  if (!p.sig || p.sig.toLowerCase() !== proximitySignature(action, p, account.authToken)) reject(4008);
  countRequest(state, account);
  const community = findCommunity(account, p.communityNo);
  switch (action) {
    case 'getMacList':
      // The list is the answer's `data`, as UCLBRT sends it and its clients read it.
      return ok({ data: community.issuerMacs });
    case 'cancelCard':
      return cancelCard(state, community, p);
    case 'readCard':
      return readCard(state, community, p);
    case 'makeRoomCard':
      return makeRoomCard(state, account, community, p);
  }
}
