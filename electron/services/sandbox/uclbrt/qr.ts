/**
 * The QR family as the sandbox cloud answers it: `/?c=Qrcode&a=<action>&sig=<sig>` with
 * `Authorization: Base64(accountSid:ts)`, `sig = UPPER(MD5(accountSid + authToken + ts))` and ts
 * within 24 hours of the cloud's clock (read in Asia/Shanghai, the cloud's zone).
 */
import QRCode from 'qrcode';
import { md5Hex, UCLBRT_SERVER_ZONE } from '../../cloud/uclbrt/sign';
import { instantToUclbrtTime, isUclbrtTime, uclbrtTimeToInstant, zonedWallTimeToInstant } from '../../cloud/uclbrt/time';
import type {
  SandboxCommunityFixture,
  SandboxRequest,
  SandboxResponse,
  SandboxState,
  SandboxUclbrtAccountFixture,
  UclbrtCardRecord,
} from '../types';
import { countRequest, findAccount, findCommunity, findRoom, ok, randomCardNo, reject, roomOf, stringFields } from './common';

export const TS_WINDOW_MS = 24 * 60 * 60 * 1000;
/** What UCLBRT does without an end time and without a community setting: now + 5 minutes. */
const DEFAULT_VALIDITY_MS = 5 * 60 * 1000;
/** The text a QR image carries; getRoomCardInfo reads it back. */
const QR_PREFIX = 'UCQR1:';

function tsToInstant(ts: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return undefined;
  try {
    return zonedWallTimeToInstant(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`, UCLBRT_SERVER_ZONE) + Number(m[6]) * 1000;
  } catch {
    return undefined;
  }
}

/** Checks Authorization, ts window and sig; returns the caller's account. */
function authenticate(req: SandboxRequest, state: SandboxState): SandboxUclbrtAccountFixture {
  const header = req.headers.authorization;
  if (!header) reject(4004, 'Authorization header is missing');
  const decoded = Buffer.from(header.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) reject(4004, 'Authorization is not Base64(accountSid:ts)');
  const accountSid = decoded.slice(0, colon);
  const ts = decoded.slice(colon + 1);
  const account = findAccount(state, accountSid);
  const at = tsToInstant(ts);
  if (at === undefined) reject(4004, 'timestamp is not yyyyMMddHHmmss');
  if (Math.abs(state.now() - at) > TS_WINDOW_MS) reject(4004, 'timestamp is more than 24 hours away');
  const expected = md5Hex(accountSid + account.authToken + ts).toUpperCase();
  if (req.query.sig !== expected) reject(4008);
  countRequest(state, account);
  return account;
}

function parseBody(req: SandboxRequest): Record<string, string> {
  const text = req.rawBody.trim();
  if (text === '') return {};
  if (text.startsWith('{')) {
    try {
      return stringFields(JSON.parse(text));
    } catch {
      reject(4002, 'the body is not valid JSON');
    }
  }
  // Some clients follow the seed's form content type literally.
  return Object.fromEntries(new URLSearchParams(text));
}

function communityOfCard(account: SandboxUclbrtAccountFixture, card: UclbrtCardRecord): SandboxCommunityFixture | undefined {
  return account.communities.find((c) => c.communityNo === card.communityNo);
}

function findQrCard(state: SandboxState, account: SandboxUclbrtAccountFixture, cardNo: string | undefined): UclbrtCardRecord {
  if (!cardNo || !/^[A-Za-z0-9]{1,64}$/.test(cardNo)) reject(5108);
  const card = state.uclbrt.cards.find((c) => c.family === 'qr' && c.cardNo === cardNo && c.accountSid === account.accountSid);
  if (!card) reject(5210);
  return card;
}

function cardView(state: SandboxState, account: SandboxUclbrtAccountFixture, card: UclbrtCardRecord): Record<string, unknown> {
  const community = communityOfCard(account, card);
  const expired = community && card.endTime ? uclbrtTimeToInstant(card.endTime, community.timeZone) < state.now() : false;
  return {
    cardNo: card.cardNo,
    cardType: card.cardType,
    communityNo: card.communityNo,
    buildNo: card.buildNo ?? '',
    floorNo: card.floorNo ?? '',
    roomNo: card.roomNo,
    startTime: card.startTime ?? '',
    endTime: card.endTime ?? '',
    isLost: card.isLost ? '1' : '0',
    cardStatus: card.status === 'issued' && expired ? 'expired' : card.status,
    lockType: community ? roomOf(community, card)?.lockType : undefined,
  };
}

function getLink(state: SandboxState, account: SandboxUclbrtAccountFixture, p: Record<string, string>): SandboxResponse {
  if (!p.mobile || !/^\d{5,20}$/.test(p.mobile)) reject(5103);
  if (p.areaCode !== undefined && p.areaCode !== '' && !/^\d{1,4}$/.test(p.areaCode)) reject(5114);
  const community = findCommunity(account, p.communityNo);
  const room = findRoom(community, p);
  const cardType = p.cardType || '0';
  if (!['0', '1', '2'].includes(cardType)) reject(5117);
  if (p.startTime && !isUclbrtTime(p.startTime)) reject(5101);
  if (p.endTime && !isUclbrtTime(p.endTime)) reject(5102);
  const now = state.now();
  const start = p.startTime ? uclbrtTimeToInstant(p.startTime, community.timeZone) : now;
  const end = p.endTime ? uclbrtTimeToInstant(p.endTime, community.timeZone) : Math.max(start, now) + DEFAULT_VALIDITY_MS;
  if (start >= end || end <= now) reject(5100);
  if (p.times !== undefined && p.times !== '' && (!/^\d{1,3}$/.test(p.times) || Number(p.times) > 254)) reject(6117);
  for (const field of ['sendSms', 'opentype', 'isLost']) {
    if (p[field] !== undefined && p[field] !== '' && !['0', '1'].includes(p[field])) reject(4001, `${field} must be 0 or 1`);
  }
  if (p.cipherType !== undefined && p.cipherType !== '' && !['0', '1', '2'].includes(p.cipherType))
    reject(4001, 'cipherType must be 0, 1 or 2');
  if (p.outInfo && !/^[A-Za-z0-9]{1,20}$/.test(p.outInfo)) reject(4001, 'outInfo must be at most 20 letters and digits');
  if (p.isLost === '1' && cardType !== '0') reject(5117, 'loss-report cards exist for room cards only');

  const at = new Date(now).toISOString();
  const card: UclbrtCardRecord = {
    family: 'qr',
    cardNo: randomCardNo(),
    accountSid: account.accountSid,
    communityNo: community.communityNo,
    buildNo: room.buildNo,
    floorNo: room.floorNo,
    roomNo: room.roomNo,
    cardType,
    mobile: p.mobile,
    areaCode: p.areaCode || '86',
    startTime: instantToUclbrtTime(start, community.timeZone),
    endTime: instantToUclbrtTime(end, community.timeZone),
    isLost: p.isLost === '1',
    status: 'issued',
    issuedAt: at,
    updatedAt: at,
  };
  state.uclbrt.cards.push(card);
  const extra: Record<string, unknown> = { cardNo: card.cardNo, cardType };
  if (room.lockType === 'QRPLOCK' && p.cipherType && p.cipherType !== '0') {
    extra.password = String(100000 + (state.uclbrt.nextCardSeq++ % 900000));
  }
  return ok(extra);
}

function reportLost(state: SandboxState, account: SandboxUclbrtAccountFixture, p: Record<string, string>): SandboxResponse {
  const card = findQrCard(state, account, p.cardNo);
  if (p.cardType && p.cardType !== '0') reject(5117, 'only room cards can be reported lost');
  const wholeRoom = p.wholeRoom || '0';
  if (!['0', '1'].includes(wholeRoom)) reject(4001, 'wholeRoom must be 0 or 1');
  if (card.status === 'cancelled') reject(5301);
  const community = communityOfCard(account, card);
  if (!community) reject(5201);
  // A card whose validity has not begun cannot have been obtained by the guest yet.
  if (card.startTime && uclbrtTimeToInstant(card.startTime, community.timeZone) > state.now()) reject(5216);
  const lockType = roomOf(community, card)?.lockType;
  const at = new Date(state.now()).toISOString();
  if (wholeRoom === '1') {
    for (const c of state.uclbrt.cards) {
      if (
        c.family === 'qr' &&
        c.status === 'issued' &&
        c.communityNo === card.communityNo &&
        c.roomNo === card.roomNo &&
        c.buildNo === card.buildNo &&
        c.floorNo === card.floorNo
      ) {
        c.status = 'lost';
        c.updatedAt = at;
      }
    }
    return ok();
  }
  // Only QRA (C4 and later) locks can report a single card lost (seed 000).
  if (lockType !== 'QRALOCK') reject(5217);
  if (card.status === 'issued') {
    card.status = 'lost';
    card.updatedAt = at;
  }
  return ok();
}

function cancelCard(state: SandboxState, account: SandboxUclbrtAccountFixture, p: Record<string, string>): SandboxResponse {
  const card = findQrCard(state, account, p.cardNo);
  if (card.status === 'cancelled') reject(5301);
  card.status = 'cancelled';
  card.updatedAt = new Date(state.now()).toISOString();
  return ok();
}

/** The QR image of a card: a real PNG QR code of its card string (`UCQR1:<cardNo>`), as a data URL. */
export function qrImageOf(cardString: string): Promise<string> {
  return QRCode.toDataURL(cardString, { errorCorrectionLevel: 'M', margin: 2, width: 256 });
}

/** Lock types with Bluetooth opening (getCard resultType 2). */
const BLE_LOCKS = new Set(['QRALOCK', 'QRBLOCK', 'QRMLOCK', 'QRNLOCK-WIFI', 'QRPLOCK']);

/**
 * `getCard`: `roomFlag` names the card (or, with resultType 2, the lock's MAC); older callers send
 * `cardNo`. resultType 1 (default) answers the QR image `baseImg`, 2 a BLE string `bleStr`, 4 a
 * cipher. A `mobile` that is not the card's is refused (5017), as the cloud matches card and user.
 */
function getCard(
  state: SandboxState,
  account: SandboxUclbrtAccountFixture,
  p: Record<string, string>,
): SandboxResponse | Promise<SandboxResponse> {
  const resultType = p.resultType || '1';
  if (!['1', '2', '4'].includes(resultType)) reject(4001, 'resultType must be 1, 2 or 4');
  if (p.openEndTime && !isUclbrtTime(p.openEndTime)) reject(6120);
  if (p.cardType && !['0', '1', '2'].includes(p.cardType)) reject(5117);
  if (resultType === '2') {
    const mac = (p.roomFlag ?? '').toUpperCase();
    if (!/^[0-9A-F]{12}$/.test(mac)) reject(5209);
    const community = p.communityNo
      ? findCommunity(account, p.communityNo)
      : account.communities.find((c) => c.rooms.some((r) => r.lockMac === mac));
    const room = community?.rooms.find((r) => r.lockMac === mac);
    if (!room) reject(5215);
    if (!BLE_LOCKS.has(room.lockType)) reject(6107);
    return ok({ bleStr: Buffer.from(`BLE1:${mac}:${state.now()}`).toString('base64') });
  }
  const card = findQrCard(state, account, p.roomFlag || p.cardNo);
  if (p.communityNo && card.communityNo !== p.communityNo) reject(5017);
  if (p.mobile && card.mobile && p.mobile !== card.mobile) reject(5017);
  const community = communityOfCard(account, card);
  if (
    p.openEndTime &&
    card.endTime &&
    community &&
    uclbrtTimeToInstant(p.openEndTime, community.timeZone) > uclbrtTimeToInstant(card.endTime, community.timeZone)
  )
    reject(6118);
  const view = cardView(state, account, card);
  const qrText = `${QR_PREFIX}${card.cardNo}`;
  if (resultType === '4') {
    if (view.lockType !== 'QRPLOCK') reject(5120, 'ciphers exist for QRP locks only');
    return ok({ ...view, cipher: String(100000 + (Number.parseInt(md5Hex(card.cardNo).slice(0, 8), 16) % 900000)) });
  }
  // Validation is over: only the image is left, and drawing it cannot fail for a card string.
  return qrImageOf(qrText).then((baseImg) => ok({ ...view, cardString: qrText, baseImg }));
}

function getRoomCardInfo(state: SandboxState, account: SandboxUclbrtAccountFixture, p: Record<string, string>): SandboxResponse {
  findCommunity(account, p.communityNo);
  if (!p.cardString) reject(4001, 'cardString is required');
  if (!p.cardString.startsWith(QR_PREFIX)) reject(5016);
  const card = findQrCard(state, account, p.cardString.slice(QR_PREFIX.length));
  if (card.communityNo !== p.communityNo) reject(5017);
  const view = cardView(state, account, card);
  // The card flat (as older callers read it) and in `data` (as UCLBRT's own clients read it).
  return ok({ ...view, data: view });
}

type Action = (
  state: SandboxState,
  account: SandboxUclbrtAccountFixture,
  p: Record<string, string>,
) => SandboxResponse | Promise<SandboxResponse>;

const ACTIONS: Record<string, Action> = {
  getLink,
  reportLost,
  cancelCard,
  getCard,
  getRoomCardInfo,
};

export function handleQrRequest(req: SandboxRequest, state: SandboxState): SandboxResponse | Promise<SandboxResponse> {
  if (req.method !== 'POST') reject(4002, 'use POST');
  const action = ACTIONS[req.query.a ?? ''];
  const account = authenticate(req, state);
  if (!action) reject(4003);
  return action(state, account, parseBody(req));
}
