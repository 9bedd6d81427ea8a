/**
 * FIAS key records as key requests, and key results as `KA` answers.
 *
 * KR key request: `K#` keys, `KC` encoder, `KT` N new / D duplicate, `RN` room, `WS` workstation,
 * `GA`/`GD` arrival/departure (yymmdd), `DT` departure time, `G#` guest number, `GN` name,
 * `DA`/`TI` date/time of the request, `KO` options; the guest's mobile in `pms.fias.mobileField`.
 * KD key delete (check-out) and KM key modify (stay change) carry the same fields they need.
 * KA answer: `AS` status (OK or an error code, shared/domain/pms.ts), `CT` clear text, and the
 * request's `KC`, `WS`, `G#`, `DA`, `TI` (and `RN`) echoed so the PMS can match it.
 */
import { stationError, type StationError } from '../../../../shared/errors';
import { findUnsafeCharacter } from '../../../../shared/text/plain-text';
import type { KeyAction, KeyRequest } from '../key-requests';
import { fiasDateTime, fieldOf, type FiasRecord } from './record';

export const STATION_INTERFACE_VERSION = '1.0';
/** Most keys one request may ask for. */
export const MAX_KEYS = 10;

const KR_FIELDS = ['K#', 'KC', 'KT', 'RN', 'WS', 'GA', 'GD', 'DT', 'G#', 'GN', 'DA', 'TI', 'KO'];
const KD_FIELDS = ['KC', 'RN', 'WS', 'G#', 'DA', 'TI'];
const KM_FIELDS = ['KC', 'RN', 'WS', 'GA', 'GD', 'DT', 'G#', 'GN', 'DA', 'TI'];
const KA_FIELDS = ['AS', 'CT', 'KC', 'WS', 'G#', 'DA', 'TI', 'RN'];

/** `LD` then one `LR` per record type: what the station takes and answers, with the fields it reads. */
export function fiasDescription(nowMs: number, mobileField?: string): FiasRecord[] {
  const { date, time } = fiasDateTime(nowMs);
  const withMobile = (fields: string[]) => (mobileField ? [...fields, mobileField] : fields);
  return [
    {
      type: 'LD',
      fields: [
        ['DA', date],
        ['TI', time],
        ['V#', STATION_INTERFACE_VERSION],
        ['IF', 'DL'],
      ],
    },
    {
      type: 'LR',
      fields: [
        ['RI', 'KR'],
        ['FL', withMobile(KR_FIELDS).join('')],
      ],
    },
    {
      type: 'LR',
      fields: [
        ['RI', 'KD'],
        ['FL', KD_FIELDS.join('')],
      ],
    },
    {
      type: 'LR',
      fields: [
        ['RI', 'KM'],
        ['FL', withMobile(KM_FIELDS).join('')],
      ],
    },
    {
      type: 'LR',
      fields: [
        ['RI', 'KA'],
        ['FL', KA_FIELDS.join('')],
      ],
    },
  ];
}

export type KeyRecordReading = { ok: true; request: KeyRequest } | { ok: false; error: StationError };

const invalid = (detail: string): KeyRecordReading => ({ ok: false, error: stationError('pms.invalid-request', { detail }) });

/** yymmdd → `20yy-mm-dd`, when it is a real date. */
function fiasDate(value: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [2000 + Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return `${y}-${m[2]}-${m[3]}`;
}

/** `12:00`, `1200`, `120000`, `12:00:00` → `12:00`. */
function fiasTime(value: string): string | undefined {
  const m = /^(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec(value);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1]}:${m[2]}`;
}

function today(nowMs: number): string {
  const d = new Date(nowMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `+86 13800000000`, `+86-138...`, `13800000000`: digits, and the area code when it is marked. */
function mobileOf(value: string): { number: string; areaCode?: string } | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const marked = /^\+(\d{1,4})[\s-]+([\d\s-]{5,24})$/.exec(trimmed);
  if (marked) return { areaCode: marked[1], number: marked[2].replace(/\D/g, '') };
  const digits = trimmed.replace(/[\s-]/g, '');
  return /^\d{5,20}$/.test(digits) ? { number: digits } : undefined;
}

const ACTION_OF: Record<string, KeyAction> = { KD: 'remove', KM: 'modify-stay' };

export interface KeyRecordContext {
  nowMs: number;
  mobileField?: string;
  /** Departure time when the record has no `DT`. */
  defaultDepartureTime?: string;
}

export function keyRequestFromRecord(record: FiasRecord, ctx: KeyRecordContext): KeyRecordReading {
  const get = (id: string) => fieldOf(record, id)?.trim();
  let action: KeyAction;
  if (record.type === 'KR') {
    const kt = (get('KT') || 'N').toUpperCase();
    if (kt !== 'N' && kt !== 'D') return invalid(`KT must be N (new) or D (duplicate), not "${kt}"`);
    action = kt === 'N' ? 'new' : 'duplicate';
  } else {
    const mapped = ACTION_OF[record.type];
    if (!mapped) return invalid(`record type ${record.type} is not a key request`);
    action = mapped;
  }
  const roomId = get('RN');
  if (!roomId) return invalid('RN (room) is missing');
  // The room directory's display name ("1203", "Suite A") or building-floor-room ("1-12-1203").
  if (roomId.length > 100 || findUnsafeCharacter(roomId))
    return invalid(`RN "${roomId.slice(0, 40).replace(/[\p{Cc}\p{Cf}]/gu, '?')}" is not a room name`);
  let count = 1;
  if (record.type === 'KR' && get('K#')) {
    count = Number(get('K#'));
    if (!Number.isInteger(count) || count < 1 || count > MAX_KEYS) return invalid(`K# must be 1 to ${MAX_KEYS}, not "${get('K#')}"`);
  }
  const arrival = get('GA') ? fiasDate(get('GA')!) : undefined;
  if (get('GA') && !arrival) return invalid(`GA must be a date as yymmdd, not "${get('GA')}"`);
  const departure = get('GD') ? fiasDate(get('GD')!) : undefined;
  if (get('GD') && !departure) return invalid(`GD must be a date as yymmdd, not "${get('GD')}"`);
  const departureTime = get('DT') ? fiasTime(get('DT')!) : (ctx.defaultDepartureTime ?? '12:00');
  if (!departureTime) return invalid(`DT must be a time as hh:mm, not "${get('DT')}"`);
  const validTo = departure ? `${departure}T${departureTime}` : undefined;
  // Keys made ahead of arrival start at the arrival day; keys made on the day start now.
  const validFrom = arrival && arrival > today(ctx.nowMs) ? `${arrival}T00:00` : undefined;
  if (validFrom && validTo && validFrom >= validTo) return invalid('GD (departure) must be after GA (arrival)');
  let mobile: KeyRequest['mobile'];
  if (ctx.mobileField && get(ctx.mobileField)) {
    mobile = mobileOf(get(ctx.mobileField)!);
    if (!mobile) return invalid(`${ctx.mobileField} must be a mobile number such as +86 13800000000`);
  }
  const guestNumber = get('G#');
  const guestName = get('GN');
  return {
    ok: true,
    request: {
      action,
      via: 'fias',
      roomId,
      count,
      ...(validFrom ? { validFrom } : {}),
      ...(validTo ? { validTo } : {}),
      ...(guestNumber || guestName
        ? { guest: { ...(guestNumber ? { number: guestNumber } : {}), ...(guestName ? { name: guestName } : {}) } }
        : {}),
      ...(mobile ? { mobile } : {}),
      encoderId: get('KC') || '',
      workstation: get('WS') || 'fias',
    },
  };
}

/** `KA` for a key record: the answer status, the clear text, and the request's identifying fields. */
export function keyAnswer(request: FiasRecord, status: { as: string; text: string }): FiasRecord {
  const echo = (['KC', 'WS', 'G#', 'DA', 'TI', 'RN'] as const).flatMap((id) => {
    const v = fieldOf(request, id);
    return v === undefined ? [] : [[id, v] as const];
  });
  return { type: 'KA', fields: [['AS', status.as], ['CT', status.text], ...echo] };
}
