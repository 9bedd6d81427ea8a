/**
 * Every rule of UCLBRT's parameter tables (seeds 000-002 and the reference), checked before a
 * request leaves the station, each failure naming its field. Inputs are the wire values
 * (strings), so the same rules guard the client whoever calls it.
 */
import type { LockType } from '../../../../shared/domain/cloud';
import { validationError, type DescribedIssue } from '../../../../shared/errors/from-zod';
import { StationFailure } from '../../failure';
import { isUclbrtTime } from './time';

export type ValidationIssue = DescribedIssue;

export interface GetLinkParams {
  mobile: string;
  communityNo: string;
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  startTime?: string;
  endTime?: string;
  areaCode?: string;
  sendSms?: string;
  cardType?: string;
  cipherType?: string;
  times?: string;
  opentype?: string;
  isLost?: string;
  outInfo?: string;
}

export interface ReportLostParams {
  cardNo: string;
  cardType?: string;
  wholeRoom?: string;
}

export interface QrCardRefParams {
  cardNo: string;
  cardType?: string;
}

export interface GetRoomCardInfoParams {
  communityNo: string;
  cardString: string;
}

/** Operator credentials of the proximity family; the password only ever as its MD5. */
export interface CreatorParams {
  creatorAreaCode?: string;
  creatorMobile?: string;
  creatorEmail?: string;
  creatorPassword: string;
}

export interface ProximityCancelParams extends CreatorParams {
  communityNo: string;
  issueMac?: string;
  serialNum: string;
  operateCardType: string;
}

export interface ProximityReadParams extends CreatorParams {
  communityNo: string;
  issueMac?: string;
  /** Not signed: the card the station just read, for a cloud (the sandbox) that has no issuer to read from. */
  serialNum?: string;
  operateCardType?: string;
}

export interface MakeRoomCardParams extends CreatorParams {
  communityNo: string;
  issueMac?: string;
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  endTime: string;
  owner?: string;
  ownerGender?: string;
  ownerAreaCode?: string;
  ownerMobile?: string;
  opentype?: string;
  isLost?: string;
  /** The serial number of the card on the encoder; not signed. */
  serialNum?: string;
}

export interface GetMacListParams {
  communityNo: string;
}

/**
 * `getCard` as UCLBRT documents it: `roomFlag` is the card number (a lock MAC for a BLE string),
 * `resultType` 1 image (`baseImg`), 2 BLE (`bleStr`), 4 cipher. `cardNo` alone is what older
 * callers sent; the station sends `roomFlag` with the guest's mobile when it knows it.
 */
export interface GetCardParams {
  cardNo?: string;
  roomFlag?: string;
  mobile?: string;
  areaCode?: string;
  communityNo?: string;
  cardType?: string;
  resultType?: string;
  openEndTime?: string;
}

export interface FetchRoomInfoParams {
  communityNo: string;
}

/** The door log of one room between two dates (`yyyy-mm-dd`, inclusive, 31 days at most). */
export interface QueryByRoomParams {
  communityNo: string;
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  startDate: string;
  endDate: string;
  recordType?: string;
  holderFrom?: string;
}

/** Longest door-log span the cloud serves, in days (inclusive). */
export const MAX_DOOR_LOG_DAYS = 31;

/** What the station knows about the room, for rules that depend on the lock. */
export interface LockContext {
  lockType?: LockType;
}

const has = (v: string | undefined): v is string => v !== undefined && v !== '';

class Issues {
  readonly list: ValidationIssue[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  required(field: string, value: string | undefined): boolean {
    if (!has(value)) {
      this.add(field, 'is required');
      return false;
    }
    return true;
  }
  pattern(field: string, value: string | undefined, re: RegExp, message: string): void {
    if (has(value) && !re.test(value)) this.add(field, message);
  }
  oneOf(field: string, value: string | undefined, allowed: readonly string[]): void {
    if (has(value) && !allowed.includes(value)) this.add(field, `must be one of ${allowed.join(', ')}`);
  }
}

const DIGITS = /^\d+$/;
const MOBILE = /^\d{5,20}$/;
const AREA_CODE = /^\d{1,4}$/;
/**
 * The vendor's rule for `cardNo` and `roomFlag`, not the station's `cardNoSchema` (6 to 64): seed
 * 000 only says "String", so the client, which guards whoever calls it (also with numbers the cloud
 * handed out, and a lock MAC in `roomFlag`), refuses only what cannot be a card number. The
 * station's minimum of 6 is its own rule for what staff type (a room number such as "1203" is not
 * taken for a card number), checked at the boundary before a request gets here.
 */
const CARD_NO = /^[A-Za-z0-9]{1,64}$/;
const ROOM_PART = /^[^\s].{0,31}$/;
const MAC = /^[0-9A-Fa-f]{12}$/;
const MD5 = /^[0-9a-f]{32}$/;
const SERIAL = /^[0-9A-Fa-f]{1,20}$/;
const OUT_INFO = /^[A-Za-z0-9]{1,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lock types whose rooms take no issueMac (seed 002). */
const NO_MAC_LOCKS: ReadonlySet<LockType> = new Set<LockType>(['QRLOCK', 'RFLOCK-V9']);
/** Lock types with the normally-open option (seed 001). */
const OPENTYPE_LOCKS: ReadonlySet<LockType> = new Set<LockType>(['QRBLOCK', 'QRMLOCK', 'QRALOCK']);

/** seed 002: RFLOCK-V9 -> 2, QRLOCK -> 3, every other lock type -> 4. */
export function operateCardTypeFor(lockType: LockType): '2' | '3' | '4' {
  if (lockType === 'RFLOCK-V9') return '2';
  if (lockType === 'QRLOCK') return '3';
  return '4';
}

export function issueMacRequired(lockType: LockType | undefined): boolean {
  return !lockType || !NO_MAC_LOCKS.has(lockType);
}

function buildingAndFloor(issues: Issues, buildNo: string | undefined, floorNo: string | undefined): void {
  if (has(buildNo) && !has(floorNo)) issues.add('floorNo', 'is required when a building number is given');
  if (has(floorNo) && !has(buildNo)) issues.add('buildNo', 'is required when a floor number is given');
  issues.pattern('buildNo', buildNo, ROOM_PART, 'must be 1 to 32 characters');
  issues.pattern('floorNo', floorNo, ROOM_PART, 'must be 1 to 32 characters');
}

function timeField(issues: Issues, field: string, value: string | undefined): void {
  if (has(value) && !isUclbrtTime(value)) issues.add(field, 'must be a real time as yyMMddHHmm (10 digits)');
}

function communityNo(issues: Issues, value: string | undefined): void {
  if (issues.required('communityNo', value)) issues.pattern('communityNo', value, DIGITS, 'must be digits');
}

function creator(issues: Issues, p: CreatorParams): void {
  if (!has(p.creatorMobile) && !has(p.creatorEmail)) {
    issues.add('creatorMobile', 'an operator mobile number or e-mail is required');
  }
  issues.pattern('creatorMobile', p.creatorMobile, MOBILE, 'must be 5 to 20 digits');
  issues.pattern('creatorAreaCode', p.creatorAreaCode, AREA_CODE, 'must be 1 to 4 digits, nothing else');
  if (has(p.creatorMobile) && !has(p.creatorAreaCode)) issues.add('creatorAreaCode', 'is required with the operator mobile number');
  issues.pattern('creatorEmail', p.creatorEmail, EMAIL, 'must be an e-mail address');
  if (issues.required('creatorPassword', p.creatorPassword)) {
    issues.pattern('creatorPassword', p.creatorPassword, MD5, 'must be the MD5 of the password (32 lower-case hex digits)');
  }
}

function issueMac(issues: Issues, value: string | undefined, lock: LockContext): void {
  if (issueMacRequired(lock.lockType)) issues.required('issueMac', value);
  issues.pattern('issueMac', value, MAC, 'must be 12 hex digits without separators');
}

export function validateGetLink(p: GetLinkParams, lock: LockContext = {}): ValidationIssue[] {
  const issues = new Issues();
  if (issues.required('mobile', p.mobile)) issues.pattern('mobile', p.mobile, MOBILE, 'must be 5 to 20 digits');
  communityNo(issues, p.communityNo);
  buildingAndFloor(issues, p.buildNo, p.floorNo);
  if (issues.required('roomNo', p.roomNo)) issues.pattern('roomNo', p.roomNo, ROOM_PART, 'must be 1 to 32 characters');
  timeField(issues, 'startTime', p.startTime);
  timeField(issues, 'endTime', p.endTime);
  if (has(p.startTime) && has(p.endTime) && isUclbrtTime(p.startTime) && isUclbrtTime(p.endTime) && p.startTime >= p.endTime) {
    issues.add('endTime', 'must be after the start time');
  }
  issues.pattern('areaCode', p.areaCode, AREA_CODE, 'must be 1 to 4 digits, nothing else');
  issues.oneOf('sendSms', p.sendSms, ['0', '1']);
  issues.oneOf('cardType', p.cardType, ['0', '1', '2']);
  issues.oneOf('cipherType', p.cipherType, ['0', '1', '2']);
  issues.oneOf('opentype', p.opentype, ['0', '1']);
  issues.oneOf('isLost', p.isLost, ['0', '1']);
  const cardType = p.cardType ?? '0';
  if (has(p.times)) {
    if (!/^\d{1,3}$/.test(p.times) || Number(p.times) > 254) {
      issues.add('times', 'must be a whole number from 0 to 254 (0 = unlimited)');
    } else if (Number(p.times) !== 0) {
      if (cardType !== '0') issues.add('times', 'an opening limit applies to room cards only');
      else if (lock.lockType && lock.lockType !== 'QRALOCK') issues.add('times', 'an opening limit needs a QRA lock');
    }
  }
  if (p.cipherType && p.cipherType !== '0' && lock.lockType && lock.lockType !== 'QRPLOCK') {
    issues.add('cipherType', 'passwords are only generated for QRP locks');
  }
  if (p.opentype === '1' && lock.lockType && !OPENTYPE_LOCKS.has(lock.lockType)) {
    issues.add('opentype', 'normally-open needs a QRB, QRM or QRA lock');
  }
  if (p.isLost === '1' && cardType !== '0') issues.add('isLost', 'loss-report cards exist for room cards only');
  issues.pattern('outInfo', p.outInfo, OUT_INFO, 'must be at most 20 letters and digits');
  return issues.list;
}

export function validateReportLost(p: ReportLostParams): ValidationIssue[] {
  const issues = new Issues();
  if (issues.required('cardNo', p.cardNo)) issues.pattern('cardNo', p.cardNo, CARD_NO, 'must be the card number (letters and digits)');
  issues.oneOf('cardType', p.cardType, ['0']);
  issues.oneOf('wholeRoom', p.wholeRoom, ['0', '1']);
  return issues.list;
}

export function validateQrCardRef(p: QrCardRefParams): ValidationIssue[] {
  const issues = new Issues();
  if (issues.required('cardNo', p.cardNo)) issues.pattern('cardNo', p.cardNo, CARD_NO, 'must be the card number (letters and digits)');
  issues.oneOf('cardType', p.cardType, ['0', '1', '2']);
  return issues.list;
}

export function validateGetRoomCardInfo(p: GetRoomCardInfoParams): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  issues.required('cardString', p.cardString);
  return issues.list;
}

export function validateProximityCancel(p: ProximityCancelParams, lock: LockContext = {}): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  issueMac(issues, p.issueMac, lock);
  if (issues.required('serialNum', p.serialNum))
    issues.pattern('serialNum', p.serialNum, SERIAL, 'must be the card serial number read from the encoder');
  creator(issues, p);
  if (issues.required('operateCardType', p.operateCardType)) {
    issues.oneOf('operateCardType', p.operateCardType, ['2', '3', '4']);
    if (lock.lockType && p.operateCardType !== operateCardTypeFor(lock.lockType)) {
      issues.add('operateCardType', `must be ${operateCardTypeFor(lock.lockType)} for a ${lock.lockType} lock`);
    }
  }
  return issues.list;
}

export function validateProximityRead(p: ProximityReadParams, lock: LockContext = {}): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  issueMac(issues, p.issueMac, lock);
  creator(issues, p);
  return issues.list;
}

export function validateMakeRoomCard(p: MakeRoomCardParams, lock: LockContext = {}): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  issueMac(issues, p.issueMac, lock);
  buildingAndFloor(issues, p.buildNo, p.floorNo);
  if (issues.required('roomNo', p.roomNo)) issues.pattern('roomNo', p.roomNo, ROOM_PART, 'must be 1 to 32 characters');
  if (issues.required('endTime', p.endTime)) timeField(issues, 'endTime', p.endTime);
  creator(issues, p);
  issues.oneOf('opentype', p.opentype, ['0', '1']);
  if (p.opentype === '1' && lock.lockType && !OPENTYPE_LOCKS.has(lock.lockType)) {
    issues.add('opentype', 'normally-open needs a QRB, QRM or QRA lock');
  }
  issues.oneOf('isLost', p.isLost, ['0', '1']);
  issues.oneOf('ownerGender', p.ownerGender, ['0', '1', '2']);
  issues.pattern('ownerMobile', p.ownerMobile, MOBILE, 'must be 5 to 20 digits');
  issues.pattern('ownerAreaCode', p.ownerAreaCode, AREA_CODE, 'must be 1 to 4 digits, nothing else');
  if (has(p.owner) && p.owner.length > 32) issues.add('owner', 'is at most 32 characters');
  issues.pattern('serialNum', p.serialNum, SERIAL, 'must be the card serial number read from the encoder');
  return issues.list;
}

export function validateGetCard(p: GetCardParams): ValidationIssue[] {
  const issues = new Issues();
  if (!has(p.roomFlag) && !has(p.cardNo)) issues.add('roomFlag', 'the card number is required');
  issues.pattern('roomFlag', p.roomFlag, CARD_NO, 'must be the card number (letters and digits) or a lock MAC');
  issues.pattern('cardNo', p.cardNo, CARD_NO, 'must be the card number (letters and digits)');
  issues.pattern('mobile', p.mobile, MOBILE, 'must be 5 to 20 digits');
  issues.pattern('areaCode', p.areaCode, AREA_CODE, 'must be 1 to 4 digits, nothing else');
  if (has(p.communityNo)) communityNo(issues, p.communityNo);
  issues.oneOf('cardType', p.cardType, ['0', '1', '2']);
  issues.oneOf('resultType', p.resultType, ['1', '2', '4']);
  timeField(issues, 'openEndTime', p.openEndTime);
  return issues.list;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(value: string): number | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return undefined;
  return t / 86_400_000;
}

export function validateFetchRoomInfo(p: FetchRoomInfoParams): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  return issues.list;
}

export function validateQueryByRoom(p: QueryByRoomParams): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  buildingAndFloor(issues, p.buildNo, p.floorNo);
  if (issues.required('roomNo', p.roomNo)) issues.pattern('roomNo', p.roomNo, ROOM_PART, 'must be 1 to 32 characters');
  const start = issues.required('startDate', p.startDate) ? dayNumber(p.startDate) : undefined;
  const end = issues.required('endDate', p.endDate) ? dayNumber(p.endDate) : undefined;
  if (has(p.startDate) && start === undefined) issues.add('startDate', 'must be a real date as yyyy-mm-dd');
  if (has(p.endDate) && end === undefined) issues.add('endDate', 'must be a real date as yyyy-mm-dd');
  if (start !== undefined && end !== undefined) {
    if (end < start) issues.add('endDate', 'must not be before the start date');
    else if (end - start + 1 > MAX_DOOR_LOG_DAYS) issues.add('endDate', `the span is at most ${MAX_DOOR_LOG_DAYS} days`);
  }
  issues.pattern('recordType', p.recordType, DIGITS, 'must be a number');
  issues.pattern('holderFrom', p.holderFrom, DIGITS, 'must be a number');
  return issues.list;
}

export function validateGetMacList(p: GetMacListParams): ValidationIssue[] {
  const issues = new Issues();
  communityNo(issues, p.communityNo);
  return issues.list;
}

/** Throws `station.validation` naming the first bad field (all of them in the detail). */
export function assertValid(issues: readonly ValidationIssue[]): void {
  if (issues.length) throw new StationFailure(validationError(issues));
}
