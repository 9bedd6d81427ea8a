/**
 * The records family as the sandbox cloud answers it: `POST /Home/Records/<action>?sig=<sig>` with a
 * form body (`accountSid`, Unix `timestamp`, `communityNo`, ...); `sig` = lower-case hex SHA1 of the
 * body fields plus `authToken`, sorted by name, joined `k=v&k=v`. A body that carries `authToken`
 * itself (as one public client posts it) is read the same way: the token is the account's anyway.
 * Answers carry their payload in `data`.
 */
import { recordsSignature, RECORDS_ACTIONS, type RecordsAction } from '../../cloud/uclbrt/sign';
import { instantToZonedParts, zonedWallTimeToInstant } from '../../cloud/uclbrt/time';
import type {
  DoorRecord,
  SandboxCommunityFixture,
  SandboxRequest,
  SandboxResponse,
  SandboxState,
  SandboxUclbrtAccountFixture,
} from '../types';
import { countRequest, findAccount, findCommunity, findRoom, ok, reject } from './common';

/** How far the caller's `timestamp` may be from the cloud's clock. */
export const RECORDS_TS_WINDOW_S = 24 * 60 * 60;
/** The longest door-log span the cloud serves (days between the dates, inclusive). */
const MAX_SPAN_DAYS = 31;

export const OPEN_TYPE_NAMES: Record<number, string> = { 1: 'QR code', 2: 'proximity card', 3: 'app', 4: 'password' };

function isRecordsAction(action: string): action is RecordsAction {
  return (RECORDS_ACTIONS as readonly string[]).includes(action);
}

function parseBody(req: SandboxRequest): Record<string, string> {
  const text = req.rawBody.trim();
  if (text.startsWith('{')) reject(4002, 'the records family takes a form body');
  return Object.fromEntries(new URLSearchParams(text));
}

function authenticate(req: SandboxRequest, state: SandboxState, p: Record<string, string>): SandboxUclbrtAccountFixture {
  if (!p.accountSid) reject(4001, 'accountSid is required');
  const account = findAccount(state, p.accountSid);
  if (!p.timestamp || !/^\d{9,11}$/.test(p.timestamp)) reject(4004, 'timestamp must be Unix seconds');
  if (Math.abs(state.now() / 1000 - Number(p.timestamp)) > RECORDS_TS_WINDOW_S) reject(4004, 'timestamp is more than 24 hours away');
  const { sig: _sig, authToken: _posted, ...signed } = p;
  if (!req.query.sig || req.query.sig.toLowerCase() !== recordsSignature(signed, account.authToken)) reject(4008);
  countRequest(state, account);
  return account;
}

function roomTree(community: SandboxCommunityFixture): unknown[] {
  const buildings = new Map<string, Map<string, Record<string, unknown>[]>>();
  community.rooms.forEach((room, i) => {
    const b = room.buildNo ?? '';
    const f = room.floorNo ?? '';
    if (!buildings.has(b)) buildings.set(b, new Map());
    const floors = buildings.get(b)!;
    if (!floors.has(f)) floors.set(f, []);
    floors.get(f)!.push({
      roomId: String(10_001 + i),
      roomNo: room.roomNo,
      roomName: room.roomName ?? room.roomNo,
      lockType: room.lockType,
      lockMac: room.lockMac ?? '',
      gatewayMac: room.gatewayMac ?? '',
    });
  });
  return [...buildings].map(([buildNo, floors]) => ({
    buildNo,
    buildName: buildNo,
    floors: [...floors].map(([floorNo, rooms]) => ({ floorNo, floorName: floorNo, rooms })),
  }));
}

function boxes(community: SandboxCommunityFixture): unknown[] {
  const macs = [...new Set(community.rooms.map((r) => r.gatewayMac).filter((m): m is string => Boolean(m)))];
  return macs.map((mac) => ({
    gatewayMac: mac,
    rooms: community.rooms.filter((r) => r.gatewayMac === mac).map((r) => r.roomNo),
    online: 1,
  }));
}

function dayOf(value: string | undefined, field: string): number {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) reject(4001, `${field} must be yyyy-mm-dd`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).getUTCDate() !== Number(m[3])) reject(4001, `${field} is not a real date`);
  return t / 86_400_000;
}

function localDay(at: number, timeZone: string): number {
  const p = instantToZonedParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
}

function recordTime(at: number, timeZone: string): string {
  const p = instantToZonedParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

function queryByRoom(
  state: SandboxState,
  account: SandboxUclbrtAccountFixture,
  community: SandboxCommunityFixture,
  p: Record<string, string>,
): SandboxResponse {
  const room = findRoom(community, p);
  const start = dayOf(p.startDate, 'startDate');
  const end = dayOf(p.endDate, 'endDate');
  if (end < start) reject(4001, 'endDate is before startDate');
  if (end - start + 1 > MAX_SPAN_DAYS) reject(4001, `the span is at most ${MAX_SPAN_DAYS} days`);
  const recordType = Number(p.recordType || '0');
  const records = state.uclbrt.doorRecords
    .filter(
      (r) =>
        r.accountSid === account.accountSid &&
        r.communityNo === community.communityNo &&
        r.roomNo === room.roomNo &&
        (r.buildNo ?? '') === (room.buildNo ?? '') &&
        (r.floorNo ?? '') === (room.floorNo ?? ''),
    )
    .filter((r) => {
      const day = localDay(r.at, community.timeZone);
      return day >= start && day <= end && (recordType === 0 || r.openType === recordType);
    })
    .sort((a, b) => b.at - a.at)
    .map((r) => ({
      recordTime: recordTime(r.at, community.timeZone),
      buildNo: room.buildNo ?? '',
      floorNo: room.floorNo ?? '',
      roomNo: room.roomNo,
      openType: r.openType,
      openTypeName: OPEN_TYPE_NAMES[r.openType] ?? 'other',
      cardNo: r.cardNo ?? '',
      mobile: r.mobile ?? '',
      result: r.result,
    }));
  return ok({ data: records });
}

export function handleRecordsRequest(req: SandboxRequest, state: SandboxState, action: string): SandboxResponse {
  if (req.method !== 'POST') reject(4002, 'use POST');
  const p = parseBody(req);
  const account = authenticate(req, state, p);
  if (!isRecordsAction(action)) reject(4003);
  const community = findCommunity(account, p.communityNo);
  switch (action) {
    case 'fetchRoomInfo':
      return ok({ data: roomTree(community) });
    case 'getBoxInfo':
      return ok({ data: boxes(community) });
    case 'queryByRoom':
      return queryByRoom(state, account, community, p);
  }
}

/** `POST /__sandbox/door`: a door opening to find in the door log (tests and demos). */
export function addDoorRecord(state: SandboxState, body: Record<string, unknown>): DoorRecord {
  const text = (k: string) => (typeof body[k] === 'string' && body[k] !== '' ? (body[k] as string) : undefined);
  const roomNo = text('roomNo');
  if (!roomNo) throw new Error('roomNo is required');
  for (const account of state.fixture.uclbrt.accounts) {
    for (const community of account.communities) {
      if (text('communityNo') && community.communityNo !== text('communityNo')) continue;
      const room = community.rooms.find(
        (r) => r.roomNo === roomNo && (r.buildNo ?? '') === (text('buildNo') ?? '') && (r.floorNo ?? '') === (text('floorNo') ?? ''),
      );
      if (!room) continue;
      const at = text('at')
        ? Date.parse(text('at')!)
        : text('local')
          ? zonedWallTimeToInstant(text('local')!, community.timeZone)
          : state.now();
      if (!Number.isFinite(at)) throw new Error('at must be an ISO time');
      const record: DoorRecord = {
        accountSid: account.accountSid,
        communityNo: community.communityNo,
        buildNo: room.buildNo,
        floorNo: room.floorNo,
        roomNo: room.roomNo,
        at,
        openType: typeof body.openType === 'number' ? body.openType : 1,
        cardNo: text('cardNo'),
        mobile: text('mobile'),
        result: body.result === 0 ? 0 : 1,
      };
      state.uclbrt.doorRecords.push(record);
      return record;
    }
  }
  throw new Error(`no room ${[text('buildNo'), text('floorNo'), roomNo].filter(Boolean).join('-')} in the fixture`);
}
