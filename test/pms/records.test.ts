/** FIAS key records and HTTP bodies as key requests; outcomes as FIAS `AS` and HTTP `responseCode`. */
import { describe, expect, it } from 'vitest';
import { PMS_OUTCOME_CODES, PMS_OUTCOMES } from '../../shared/domain/pms';
import { keyAnswer, keyRequestFromRecord } from '../../electron/services/pms/fias/key-records';
import { parseRecord, type FiasRecord } from '../../electron/services/pms/fias/record';
import { keyRequestFromBody, roomKeysBodySchema, wallTime } from '../../electron/services/pms/http/room-keys';
import { answerText, failed, outcomeOfError } from '../../electron/services/pms/outcomes';
import { StationFailure } from '../../electron/services/failure';
import { stationError } from '../../shared/errors';

const record = (text: string): FiasRecord => {
  const parsed = parseRecord(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.record;
};
const NOW = new Date(2026, 10, 23, 14, 30).getTime();

describe('FIAS key records', () => {
  it("reads the issue's example KR", () => {
    const r = keyRequestFromRecord(record('KR|K#1|KC1|KTN|RN206|WS1|DA201214|DT12:00|G#16400|GA201215|GD201216|TI131253|KO|'), {
      nowMs: NOW,
    });
    expect(r).toEqual({
      ok: true,
      request: {
        action: 'new',
        via: 'fias',
        roomId: '206',
        count: 1,
        validTo: '2020-12-16T12:00',
        guest: { number: '16400' },
        encoderId: '1',
        workstation: '1',
      },
    });
  });

  it('KT D is a duplicate, KD a check-out, KM a stay change; keys made ahead of arrival start on the arrival day', () => {
    expect(keyRequestFromRecord(record('KR|KTD|RN101|'), { nowMs: NOW })).toMatchObject({
      ok: true,
      request: { action: 'duplicate', count: 1, workstation: 'fias' },
    });
    expect(keyRequestFromRecord(record('KD|RN101|KC2|'), { nowMs: NOW })).toMatchObject({
      ok: true,
      request: { action: 'remove', encoderId: '2' },
    });
    expect(keyRequestFromRecord(record('KM|RN101|GD261130|DT1030|'), { nowMs: NOW })).toMatchObject({
      ok: true,
      request: { action: 'modify-stay', validTo: '2026-11-30T10:30' },
    });
    expect(keyRequestFromRecord(record('KR|RN101|GA261125|GD261127|DT113000|'), { nowMs: NOW })).toMatchObject({
      ok: true,
      request: { validFrom: '2026-11-25T00:00', validTo: '2026-11-27T11:30' },
    });
  });

  it('takes the mobile from the configured field, with or without its area code', () => {
    const ctx = { nowMs: NOW, mobileField: 'MN' };
    expect(keyRequestFromRecord(record('KR|RN101|MN+86 138 0000 1234|'), ctx)).toMatchObject({
      ok: true,
      request: { mobile: { areaCode: '86', number: '13800001234' } },
    });
    expect(keyRequestFromRecord(record('KR|RN101|MN138-0000-1234|'), ctx)).toMatchObject({
      ok: true,
      request: { mobile: { number: '13800001234' } },
    });
    expect(keyRequestFromRecord(record('KR|RN101|MNcall me|'), ctx)).toMatchObject({ ok: false, error: { code: 'pms.invalid-request' } });
    // Without a configured field, no field is read as the mobile.
    expect(keyRequestFromRecord(record('KR|RN101|MN13800001234|'), { nowMs: NOW })).toMatchObject({ ok: true, request: { roomId: '101' } });
  });

  it('refuses what it cannot read, naming the field', () => {
    const why = (text: string) => {
      const r = keyRequestFromRecord(record(text), { nowMs: NOW });
      return r.ok ? 'ok' : String(r.error.params?.detail);
    };
    expect(why('KR|K#1|')).toBe('RN (room) is missing');
    expect(why('KR|RN101|KTX|')).toContain('KT must be N (new) or D (duplicate)');
    expect(why('KR|RN101|K#0|')).toContain('K# must be 1 to 10');
    expect(why('KR|RN101|GD261331|')).toContain('GD must be a date as yymmdd');
    expect(why('KR|RN101|GD261130|DT25:00|')).toContain('DT must be a time');
    expect(why('KR|RN101|GA261201|GD261130|')).toContain('GD (departure) must be after GA (arrival)');
    expect(why('KR|RN12\u202E03|')).toBe('RN "12?03" is not a room name');
    expect(why(`KR|RN${'1'.repeat(101)}|`)).toContain('is not a room name');
    // A display name may have spaces ("Suite A"): the room directory decides whether it is a room.
    expect(keyRequestFromRecord(record('KR|RNSuite A|GD261130|'), { nowMs: NOW })).toMatchObject({
      ok: true,
      request: { roomId: 'Suite A' },
    });
  });

  it('answers KA with AS and CT, echoing KC, WS, G#, DA, TI and RN', () => {
    const ka = keyAnswer(record('KR|K#1|KC1|KTN|RN206|WS1|DA201214|G#16400|TI131253|KO|'), { as: 'OK', text: 'OK' });
    expect(ka).toEqual({
      type: 'KA',
      fields: [
        ['AS', 'OK'],
        ['CT', 'OK'],
        ['KC', '1'],
        ['WS', '1'],
        ['G#', '16400'],
        ['DA', '201214'],
        ['TI', '131253'],
        ['RN', '206'],
      ],
    });
  });
});

describe('HTTP key bodies', () => {
  it('reads zoned times in the hotel time zone and plain ones as written', () => {
    expect(wallTime('2026-11-24T04:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-24T12:00');
    expect(wallTime('2026-11-24T12:00:00+0800', 'Asia/Shanghai')).toBe('2026-11-24T12:00');
    expect(wallTime('2026-11-24T12:00', 'Asia/Shanghai')).toBe('2026-11-24T12:00');
  });

  it('maps keyType, noOfKeys, the mobile and userId', () => {
    const body = roomKeysBodySchema.parse({
      keyType: 'Duplicate',
      encoderId: 2,
      roomId: '1203',
      noOfKeys: '2',
      keyValidityEnd: '2026-11-24T12:00:00',
      userId: 'OPERA.USER',
      mobile: '+86 13800001234',
    });
    expect(keyRequestFromBody(body, 'Asia/Shanghai')).toEqual({
      action: 'duplicate',
      via: 'http',
      roomId: '1203',
      count: 2,
      validTo: '2026-11-24T12:00',
      mobile: { number: '13800001234', areaCode: '86' },
      encoderId: '2',
      workstation: 'OPERA.USER',
    });
    expect(keyRequestFromBody(roomKeysBodySchema.parse({ keyType: 'Remove', roomId: '1203', noOfKeys: 3 }), 'UTC')).toMatchObject({
      action: 'remove',
      count: 1,
    });
    expect(keyRequestFromBody(roomKeysBodySchema.parse({ keyType: 'New' }), 'UTC')).toEqual({ error: 'roomId: is required' });
  });
});

describe('outcomes', () => {
  it('each outcome has its own FIAS answer status and HTTP responseCode; only ok is OK', () => {
    const fias = PMS_OUTCOMES.map((o) => PMS_OUTCOME_CODES[o].fias);
    const http = PMS_OUTCOMES.map((o) => PMS_OUTCOME_CODES[o].http);
    expect(new Set(fias).size).toBe(PMS_OUTCOMES.length);
    expect(new Set(http).size).toBe(PMS_OUTCOMES.length);
    expect(fias.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    expect(PMS_OUTCOMES.filter((o) => PMS_OUTCOME_CODES[o].fias === 'OK' || PMS_OUTCOME_CODES[o].http === 'OK')).toEqual(['ok']);
  });

  it('sorts station errors into outcomes; anything unknown is a general error', () => {
    const of = (code: string) => outcomeOfError({ code, message: code });
    expect(of('encoder.timeout')).toBe('card-timeout');
    expect(of('encoder.busy')).toBe('encoder-busy');
    expect(of('encoder.port-busy')).toBe('other-station');
    expect(of('encoder.disconnected')).toBe('encoder-not-responding');
    expect(of('uclbrt.5007')).toBe('unknown-room');
    expect(of('rooms.unknown')).toBe('unknown-room');
    expect(of('rooms.unknown-near')).toBe('unknown-room');
    expect(of('rooms.ambiguous')).toBe('unknown-room');
    expect(of('uclbrt.5307')).toBe('bad-card');
    expect(of('tuya.1010')).toBe('general');
    expect(of('something.new')).toBe('general');
  });

  it('says what happened and what to do, in the station language', () => {
    const result = failed(StationFailure.of('pms.card-timeout', { seconds: 60, n: 2, total: 2, room: '1203' }));
    expect(answerText(result, 'en')).toBe(
      "No card was placed on the encoder within 60 seconds (key 2 of 2 for room 1203). Place a card on the encoder when the station asks for it, then make the keys again. No key was made for this request, and the room's earlier keys were not touched.",
    );
    expect(answerText(result, 'zh-CN')).toContain('60 秒内没有在发卡器上放卡（房间 1203 的第 2 张，共 2 张）');
    expect(answerText({ text: { code: 'pms.done.keys', params: { room: '1203', count: 2 } } }, 'zh-CN')).toBe(
      '已为房间 1203 制作 2 张房卡。',
    );
    // Notes on how it was done follow the text.
    const noted = {
      text: { code: 'pms.done.extend', params: { room: '1203', end: '2026-11-25 12:00', count: 1 } },
      notes: [stationError('rooms.extend-rewrite', { card: '04A1B2C3' })],
    };
    expect(answerText(noted, 'en')).toBe(
      'Stay in room 1203 changed to end 2026-11-25 12:00: 1 key(s) changed. Proximity card 04A1B2C3 gets its new end when it is written again: keep the card on the encoder until it is done. Ask the guest for the card and place it on the encoder.',
    );
  });
});
