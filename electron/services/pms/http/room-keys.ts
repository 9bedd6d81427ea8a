/**
 * The body of `POST /v1/room-keys`, shaped after OPERA's roomKeysOutbound, and its key request.
 * OPERA sends more than the station uses (reservationIdList, keyOptions, encoderTerminal, ...):
 * those are accepted and ignored, never refused.
 */
import { z } from 'zod';
import { plainText } from '../../../../shared/text/plain-text';
import { instantToZonedWallTime } from '../../cloud/uclbrt/time';
import type { KeyAction, KeyRequest } from '../key-requests';
import { MAX_KEYS } from '../fias/key-records';

const KEY_TYPES: Record<string, KeyAction> = {
  New: 'new',
  Duplicate: 'duplicate',
  Remove: 'remove',
  ModifyStay: 'modify-stay',
  Read: 'read',
};

/** OPERA writes numbers as strings ("noOfKeys": "1"); both are accepted. */
const numberLike = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number)]);
const text = (max: number) => z.string().trim().max(max, `is at most ${max} characters`);

// A date and time with an optional zone: 2026-11-24T12:00, 2026-11-24T12:00:00.000Z, ...+08:00.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export const roomKeysBodySchema = z.object({
  keyType: z.enum(['New', 'Duplicate', 'Remove', 'ModifyStay', 'Read'], { message: 'must be New, Duplicate, Remove, ModifyStay or Read' }),
  encoderId: z.union([z.number().transform(String), text(16)]).optional(),
  /** The room directory's display name ("1203", "Suite A") or building-floor-room ("1-12-1203"). */
  roomId: plainText({ trim: true }).max(100, 'is at most 100 characters').optional(),
  noOfKeys: numberLike.pipe(z.number().int().min(1, `must be 1 to ${MAX_KEYS}`).max(MAX_KEYS, `must be 1 to ${MAX_KEYS}`)).optional(),
  keyValidityStart: z.string().regex(DATE_TIME, 'must be a date and time such as 2026-11-23T14:00:00Z').optional(),
  keyValidityEnd: z.string().regex(DATE_TIME, 'must be a date and time such as 2026-11-24T12:00:00Z').optional(),
  userId: text(64).optional(),
  /** Not in OPERA's body: the guest's mobile for QR keys. */
  mobile: z
    .string()
    .trim()
    .regex(/^\+?[\d\s-]{5,24}$/, 'must be a mobile number such as 13800000000')
    .optional(),
  areaCode: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'must be 1 to 4 digits')
    .optional(),
});
export type RoomKeysBody = z.infer<typeof roomKeysBodySchema>;

/** A hotel wall-clock time `YYYY-MM-DDTHH:mm`: a zoned instant is read in the hotel's zone, a plain one as written. */
export function wallTime(value: string | undefined, timeZone: string): string | undefined {
  if (!value) return undefined;
  const m = DATE_TIME.exec(value)!;
  if (!m[5]) return `${m[1]}T${m[2]}`;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : instantToZonedWallTime(ms, timeZone);
}

export function keyRequestFromBody(body: RoomKeysBody, timeZone: string): KeyRequest | { error: string } {
  const action = KEY_TYPES[body.keyType];
  if (action !== 'read' && !body.roomId) return { error: 'roomId: is required' };
  const validFrom = wallTime(body.keyValidityStart, timeZone);
  const validTo = wallTime(body.keyValidityEnd, timeZone);
  if (validFrom && validTo && validFrom >= validTo) return { error: 'keyValidityEnd: must be after keyValidityStart' };
  let mobile: KeyRequest['mobile'];
  if (body.mobile) {
    const marked = /^\+(\d{1,4})[\s-]+(.+)$/.exec(body.mobile);
    const number = (marked ? marked[2] : body.mobile).replace(/\D/g, '');
    if (number.length < 5 || number.length > 20) return { error: 'mobile: must be 5 to 20 digits' };
    mobile = { number, ...(body.areaCode ? { areaCode: body.areaCode } : marked ? { areaCode: marked[1] } : {}) };
  }
  // A key made for a stay that began already starts now, not in the past.
  const from = validFrom && validFrom > nowWall(timeZone) ? validFrom : undefined;
  return {
    action,
    via: 'http',
    roomId: body.roomId ?? '',
    count: action === 'new' || action === 'duplicate' ? (body.noOfKeys ?? 1) : 1,
    ...(from ? { validFrom: from } : {}),
    ...(validTo ? { validTo } : {}),
    ...(mobile ? { mobile } : {}),
    encoderId: body.encoderId ?? '',
    workstation: body.userId || 'http',
  };
}

function nowWall(timeZone: string): string {
  return instantToZonedWallTime(Date.now(), timeZone);
}
