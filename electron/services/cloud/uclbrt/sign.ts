/**
 * UCLBRT request signatures, exactly as documented:
 * - QR family (`?c=Qrcode&a=...`): `sig` = UPPER hex MD5(accountSid + authToken + ts) in the URL,
 *   `Authorization` = Base64(accountSid + ':' + ts), ts = `yyyyMMddHHmmss`.
 * - Proximity family (`Home/Qrm/...`): `sig` = lower hex MD5 of the signed fields' values in a
 *   fixed order, then authToken; empty optional values contribute the empty string (seed 002).
 */
import { createHash } from 'node:crypto';
import { instantToZonedParts } from './time';

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The zone of UCLBRT's servers; `ts` is read there, within a 24-hour window. */
export const UCLBRT_SERVER_ZONE = 'Asia/Shanghai';

/** `yyyyMMddHHmmss` of an instant in the given zone. */
export function formatQrTimestamp(instantMs: number, timeZone: string = UCLBRT_SERVER_ZONE): string {
  const p = instantToZonedParts(instantMs, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

export function qrSignature(accountSid: string, authToken: string, ts: string): string {
  return md5Hex(accountSid + authToken + ts).toUpperCase();
}

export function qrAuthorization(accountSid: string, ts: string): string {
  return Buffer.from(`${accountSid}:${ts}`, 'ascii').toString('base64');
}

export interface QrAuth {
  ts: string;
  sig: string;
  authorization: string;
}

export function qrAuth(accountSid: string, authToken: string, instantMs: number): QrAuth {
  const ts = formatQrTimestamp(instantMs);
  return { ts, sig: qrSignature(accountSid, authToken, ts), authorization: qrAuthorization(accountSid, ts) };
}

export const PROXIMITY_ACTIONS = ['cancelCard', 'readCard', 'makeRoomCard', 'getMacList'] as const;
export type ProximityAction = (typeof PROXIMITY_ACTIONS)[number];

/** The fields each proximity action signs, in the order they are concatenated. */
export const PROXIMITY_SIGNED_FIELDS: Record<ProximityAction, readonly string[]> = {
  cancelCard: ['accountSid', 'communityNo', 'issueMac', 'serialNum', 'creatorAreaCode', 'creatorMobile', 'creatorPassword'],
  readCard: ['accountSid', 'communityNo', 'issueMac', 'creatorAreaCode', 'creatorMobile', 'creatorPassword'],
  makeRoomCard: ['issueMac', 'endTime', 'accountSid', 'communityNo', 'buildNo', 'floorNo', 'roomNo'],
  getMacList: ['accountSid', 'communityNo'],
};

export function proximitySignatureBase(action: ProximityAction, params: Readonly<Record<string, string | undefined>>): string {
  return PROXIMITY_SIGNED_FIELDS[action].map((field) => params[field] ?? '').join('');
}

export function proximitySignature(
  action: ProximityAction,
  params: Readonly<Record<string, string | undefined>>,
  authToken: string,
): string {
  return md5Hex(proximitySignatureBase(action, params) + authToken);
}

/**
 * Records family (`Home/Records/<action>?sig=`): every body field plus `authToken`, sorted by name
 * (code-unit order), joined `k=v&k=v` with the values as they are (not URL-encoded).
 */
export function recordsSignatureBase(params: Readonly<Record<string, string>>, authToken: string): string {
  const all: Record<string, string> = { ...params, authToken };
  return Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join('&');
}

/** Lower-case hex SHA1 of `recordsSignatureBase`; the token itself is never sent. */
export function recordsSignature(params: Readonly<Record<string, string>>, authToken: string): string {
  return createHash('sha1').update(recordsSignatureBase(params, authToken), 'utf8').digest('hex');
}

export const RECORDS_ACTIONS = ['fetchRoomInfo', 'queryByRoom', 'getBoxInfo'] as const;
export type RecordsAction = (typeof RECORDS_ACTIONS)[number];
