/** Building blocks of the UCLBRT sandbox routes: answers, accounts, rate limit, rooms, operators. */
import { randomBytes } from 'node:crypto';
import type {
  SandboxCommunityFixture,
  SandboxResponse,
  SandboxRoomFixture,
  SandboxState,
  SandboxUclbrtAccountFixture,
  UclbrtCardRecord,
} from '../types';

/** The texts UCLBRT sends with its codes (seed 004, "message" column). */
export const UCLBRT_INFO: Record<number, string> = {
  200: 'success',
  4001: 'bad paramters',
  4002: 'bad request',
  4003: 'no such api implemented',
  4004: 'token authorization failed',
  4005: 'api request limit',
  4006: 'no such account',
  4008: 'bad signature',
  5005: 'build no not exist',
  5006: 'floor No not exist',
  5007: 'room No not exist',
  5016: 'invalid card',
  5017: 'cannot match cardNo',
  5050: 'roomNo format is not correct',
  5100: 'startTime or endTime is not correct',
  5101: 'startTime format is not correct',
  5102: 'endTime format is not correct',
  5103: 'mobile format is not correct',
  5104: 'communityNo format is not correct',
  5108: 'cardno format is not correct',
  5113: 'buildNo or floorNo is not correct',
  5114: 'areaCode error',
  5117: 'cardType format is not correct',
  5120: 'Password generation failed',
  5201: 'community not found',
  5209: 'mac format is not correct',
  5210: 'card not found',
  5215: 'No mac or roomId invalid',
  5216: 'Failed to report loss',
  5217: 'not support report single loss',
  5300: 'Read card error',
  5301: 'Card has been cancelled',
  5303: 'creatorMobile or creatorPassword error',
  5306: 'User does not belong to this community',
  5307: 'The card does not exist',
  5308: 'The card has been cancelled',
  6107: 'This lock type does not have a Bluetooth unlocking function',
  6116: 'Error LockType',
  6117: 'Invalid range of the number of parameter,which should be in range of 1~254',
  6118: 'The effective time of the qrcode shall be within the time period when the qrcode is available',
  6120: 'openEndTime format is not correct',
};

/** A refusal with a UCLBRT code; routes throw it, the router turns it into the answer. */
export class UclbrtReject extends Error {
  constructor(
    readonly status: number,
    readonly info: string = UCLBRT_INFO[status] ?? 'error',
  ) {
    super(`${status} ${info}`);
  }
}

export function reject(status: number, detail?: string): never {
  const base = UCLBRT_INFO[status] ?? 'error';
  throw new UclbrtReject(status, detail ? `${base}: ${detail}` : base);
}

/** UCLBRT answers HTTP 200 and puts its verdict in the body's `status`. */
export function answer(status: number, info: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return { status: 200, body: { status, info, ...extra } };
}

export function ok(extra: Record<string, unknown> = {}): SandboxResponse {
  return answer(200, 'success', extra);
}

export function findAccount(state: SandboxState, accountSid: string | undefined): SandboxUclbrtAccountFixture {
  const account = state.fixture.uclbrt.accounts.find((a) => a.accountSid === accountSid);
  if (!account) reject(4006);
  return account;
}

/** 4005 once an account sends more than its per-minute allowance. */
export function countRequest(state: SandboxState, account: SandboxUclbrtAccountFixture): void {
  const limit = account.rateLimitPerMinute ?? 600;
  const now = state.now();
  const recent = (state.uclbrt.recentRequests.get(account.accountSid) ?? []).filter((t) => now - t < 60_000);
  recent.push(now);
  state.uclbrt.recentRequests.set(account.accountSid, recent);
  if (recent.length > limit) reject(4005);
}

export function findCommunity(account: SandboxUclbrtAccountFixture, communityNo: string | undefined): SandboxCommunityFixture {
  if (!communityNo) reject(4001, 'communityNo is required');
  if (!/^\d{1,20}$/.test(communityNo)) reject(5104);
  const community = account.communities.find((c) => c.communityNo === communityNo);
  if (!community) reject(5201);
  return community;
}

/** Finds a room as UCLBRT does: by building+floor+room, or by a room number unique in the community. */
export function findRoom(
  community: SandboxCommunityFixture,
  p: { buildNo?: string; floorNo?: string; roomNo?: string },
): SandboxRoomFixture {
  const buildNo = p.buildNo || undefined;
  const floorNo = p.floorNo || undefined;
  if (!p.roomNo) reject(4001, 'roomNo is required');
  if (p.roomNo.length > 32) reject(5050);
  if (Boolean(buildNo) !== Boolean(floorNo)) reject(5113);
  if (buildNo && floorNo) {
    const inBuilding = community.rooms.filter((r) => r.buildNo === buildNo);
    if (inBuilding.length === 0) reject(5005);
    const onFloor = inBuilding.filter((r) => r.floorNo === floorNo);
    if (onFloor.length === 0) reject(5006);
    const room = onFloor.find((r) => r.roomNo === p.roomNo);
    if (!room) reject(5007);
    return room;
  }
  const matches = community.rooms.filter((r) => r.roomNo === p.roomNo);
  if (matches.length === 0) reject(5007);
  if (matches.length > 1) reject(4001, 'roomNo is not unique in this community: give buildNo and floorNo');
  return matches[0];
}

export function roomOf(community: SandboxCommunityFixture, card: UclbrtCardRecord): SandboxRoomFixture | undefined {
  return community.rooms.find(
    (r) => r.roomNo === card.roomNo && (r.buildNo ?? '') === (card.buildNo ?? '') && (r.floorNo ?? '') === (card.floorNo ?? ''),
  );
}

/** The operator named by creatorMobile (or creatorEmail) with the right password MD5, or 5303. */
export function checkOperator(community: SandboxCommunityFixture, p: Record<string, string>): void {
  const byMobile = p.creatorMobile
    ? community.operators.find((o) => o.mobile === p.creatorMobile && (!p.creatorAreaCode || o.areaCode === p.creatorAreaCode))
    : undefined;
  const byEmail = !p.creatorMobile && p.creatorEmail ? community.operators.find((o) => o.email === p.creatorEmail) : undefined;
  const operator = byMobile ?? byEmail;
  if (!p.creatorMobile && !p.creatorEmail) reject(4001, 'creatorMobile or creatorEmail is required');
  if (!operator || !p.creatorPassword || operator.passwordMd5 !== p.creatorPassword.toLowerCase()) reject(5303);
}

export function randomCardNo(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

export function randomSerial(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** Copies body values as strings (numbers are accepted, as UCLBRT's PHP does). */
export function stringFields(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
  }
  return out;
}
