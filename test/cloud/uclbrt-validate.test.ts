import { describe, expect, it } from 'vitest';
import { StationFailure } from '../../electron/services/failure';
import {
  assertValid,
  operateCardTypeFor,
  validateGetLink,
  validateGetMacList,
  validateGetRoomCardInfo,
  validateMakeRoomCard,
  validateProximityCancel,
  validateProximityRead,
  validateQrCardRef,
  validateReportLost,
  type GetLinkParams,
  type MakeRoomCardParams,
  type ProximityCancelParams,
  type ValidationIssue,
} from '../../electron/services/cloud/uclbrt/validate';

const fields = (issues: ValidationIssue[]) => issues.map((i) => i.field);

const LINK: GetLinkParams = { mobile: '13800000001', communityNo: '1316879946', buildNo: '1', floorNo: '1', roomNo: '101' };
const CREATOR = { creatorAreaCode: '86', creatorMobile: '13800000000', creatorPassword: '6e9bece1914809fb8493146417e722f6' };
const CANCEL: ProximityCancelParams = {
  communityNo: '1316879946',
  issueMac: '7C778A6C7D9C',
  serialNum: 'AABBCCDD',
  operateCardType: '4',
  ...CREATOR,
};
const MAKE: MakeRoomCardParams = {
  communityNo: '1316879946',
  issueMac: '7C778A6C7D9C',
  buildNo: '1',
  floorNo: '1',
  roomNo: '101',
  endTime: '2612011200',
  ...CREATOR,
};

describe('getLink rules (seed 001)', () => {
  it('accepts a complete, valid request', () => {
    expect(validateGetLink(LINK)).toEqual([]);
    expect(validateGetLink({ ...LINK, buildNo: undefined, floorNo: undefined })).toEqual([]);
  });

  const cases: [string, Partial<GetLinkParams>, string, ('QRALOCK' | 'QRBLOCK' | 'QRPLOCK' | 'QRLOCK')?][] = [
    ['mobile is required', { mobile: '' }, 'mobile'],
    ['mobile is digits', { mobile: '138-0000' }, 'mobile'],
    ['communityNo is required', { communityNo: '' }, 'communityNo'],
    ['communityNo is digits', { communityNo: 'abc' }, 'communityNo'],
    ['roomNo is required', { roomNo: '' }, 'roomNo'],
    ['a building needs a floor', { floorNo: undefined }, 'floorNo'],
    ['a floor needs a building', { buildNo: undefined }, 'buildNo'],
    ['startTime is yyMMddHHmm', { startTime: '1511201800x' }, 'startTime'],
    ['startTime is a real time', { startTime: '1513321800' }, 'startTime'],
    ['endTime is yyMMddHHmm', { endTime: '151120' }, 'endTime'],
    ['end after start', { startTime: '2612011200', endTime: '2612011100' }, 'endTime'],
    ['areaCode is only digits', { areaCode: '+86' }, 'areaCode'],
    ['sendSms is 0 or 1', { sendSms: '2' }, 'sendSms'],
    ['cardType is 0, 1 or 2', { cardType: '3' }, 'cardType'],
    ['cipherType is 0, 1 or 2', { cipherType: '5' }, 'cipherType'],
    ['times is at most 254', { times: '255' }, 'times'],
    ['times is a whole number', { times: '1.5' }, 'times'],
    ['times only for room cards', { times: '3', cardType: '1' }, 'times'],
    ['times only on QRA locks', { times: '3' }, 'times', 'QRBLOCK'],
    ['passwords only on QRP locks', { cipherType: '1' }, 'cipherType', 'QRALOCK'],
    ['normally open only on QRB/QRM/QRA locks', { opentype: '1' }, 'opentype', 'QRLOCK'],
    ['opentype is 0 or 1', { opentype: '2' }, 'opentype'],
    ['isLost is 0 or 1', { isLost: 'yes' }, 'isLost'],
    ['loss-report cards are room cards', { isLost: '1', cardType: '2' }, 'isLost'],
    ['outInfo is at most 20 letters and digits', { outInfo: 'a'.repeat(21) }, 'outInfo'],
    ['outInfo has no punctuation', { outInfo: 'abc-123' }, 'outInfo'],
  ];
  it.each(cases)('%s', (_name, patch, field, lockType) => {
    expect(fields(validateGetLink({ ...LINK, ...patch }, { lockType }))).toContain(field);
  });

  it('allows the lock-dependent options on the right locks', () => {
    expect(validateGetLink({ ...LINK, times: '3' }, { lockType: 'QRALOCK' })).toEqual([]);
    expect(validateGetLink({ ...LINK, times: '0', cardType: '1' })).toEqual([]);
    expect(validateGetLink({ ...LINK, cipherType: '2' }, { lockType: 'QRPLOCK' })).toEqual([]);
    expect(validateGetLink({ ...LINK, opentype: '1' }, { lockType: 'QRBLOCK' })).toEqual([]);
    expect(validateGetLink({ ...LINK, outInfo: 'Guest42', sendSms: '1', areaCode: '852' })).toEqual([]);
  });
});

describe('reportLost, cancelCard, getCard, getRoomCardInfo rules (seed 000)', () => {
  it('cardNo is required and is letters and digits', () => {
    expect(validateReportLost({ cardNo: '2EwNXzAmR9Voq67x' })).toEqual([]);
    expect(fields(validateReportLost({ cardNo: '' }))).toEqual(['cardNo']);
    expect(fields(validateReportLost({ cardNo: 'abc def' }))).toEqual(['cardNo']);
    expect(fields(validateQrCardRef({ cardNo: '' }))).toEqual(['cardNo']);
  });
  it('only room cards can be reported lost; wholeRoom is 0 or 1', () => {
    expect(fields(validateReportLost({ cardNo: 'abc123', cardType: '1' }))).toEqual(['cardType']);
    expect(fields(validateReportLost({ cardNo: 'abc123', wholeRoom: '2' }))).toEqual(['wholeRoom']);
    expect(validateReportLost({ cardNo: 'abc123', cardType: '0', wholeRoom: '1' })).toEqual([]);
  });
  it('getRoomCardInfo needs the community and the card string', () => {
    expect(fields(validateGetRoomCardInfo({ communityNo: '', cardString: '' }))).toEqual(['communityNo', 'cardString']);
  });
});

describe('proximity family rules (seed 002)', () => {
  it('accepts a valid cancel and the documented operateCardType per lock', () => {
    expect(validateProximityCancel(CANCEL, { lockType: 'QRALOCK' })).toEqual([]);
    expect(operateCardTypeFor('RFLOCK-V9')).toBe('2');
    expect(operateCardTypeFor('QRLOCK')).toBe('3');
    for (const lock of ['QRALOCK', 'QRBLOCK', 'QRMLOCK', 'QRNLOCK-WIFI'] as const) expect(operateCardTypeFor(lock)).toBe('4');
  });

  const cancelCases: [string, Partial<ProximityCancelParams>, string][] = [
    ['issueMac is required', { issueMac: undefined }, 'issueMac'],
    ['issueMac is 12 hex digits without separators', { issueMac: '7C:77:8A:6C:7D:9C' }, 'issueMac'],
    ['serialNum is required', { serialNum: '' }, 'serialNum'],
    ['serialNum is hex', { serialNum: 'XYZ' }, 'serialNum'],
    ['operator mobile or e-mail is required', { creatorMobile: undefined }, 'creatorMobile'],
    ['operator mobile is digits', { creatorMobile: '1380000000a' }, 'creatorMobile'],
    ['area code with the mobile', { creatorAreaCode: undefined }, 'creatorAreaCode'],
    ['password is an MD5, never plain text', { creatorPassword: 'demo1234' }, 'creatorPassword'],
    ['password is required', { creatorPassword: '' }, 'creatorPassword'],
    ['operateCardType is 2, 3 or 4', { operateCardType: '5' }, 'operateCardType'],
  ];
  it.each(cancelCases)('%s', (_name, patch, field) => {
    expect(fields(validateProximityCancel({ ...CANCEL, ...patch }))).toContain(field);
  });

  it('operateCardType must match the lock type', () => {
    expect(fields(validateProximityCancel({ ...CANCEL, operateCardType: '4' }, { lockType: 'QRLOCK' }))).toContain('operateCardType');
  });

  it('QRLOCK and RFLOCK-V9 need no issueMac', () => {
    expect(validateProximityCancel({ ...CANCEL, issueMac: undefined, operateCardType: '3' }, { lockType: 'QRLOCK' })).toEqual([]);
    expect(validateProximityCancel({ ...CANCEL, issueMac: undefined, operateCardType: '2' }, { lockType: 'RFLOCK-V9' })).toEqual([]);
  });

  it('an e-mail operator is accepted instead of a mobile', () => {
    expect(
      validateProximityRead({
        communityNo: '1',
        issueMac: '7C778A6C7D9C',
        creatorEmail: 'desk@example.com',
        creatorPassword: CREATOR.creatorPassword,
      }),
    ).toEqual([]);
    expect(
      fields(
        validateProximityRead({
          communityNo: '1',
          issueMac: '7C778A6C7D9C',
          creatorEmail: 'not-mail',
          creatorPassword: CREATOR.creatorPassword,
        }),
      ),
    ).toContain('creatorEmail');
  });

  const makeCases: [string, Partial<MakeRoomCardParams>, string, 'QRLOCK'?][] = [
    ['endTime is required', { endTime: '' }, 'endTime'],
    ['endTime is a real yyMMddHHmm', { endTime: '2613011200' }, 'endTime'],
    ['roomNo is required', { roomNo: '' }, 'roomNo'],
    ['building and floor together', { floorNo: undefined }, 'floorNo'],
    ['opentype is 0 or 1', { opentype: '3' }, 'opentype'],
    ['normally open needs a QRB/QRM/QRA lock', { opentype: '1', issueMac: undefined }, 'opentype', 'QRLOCK'],
    ['isLost is 0 or 1', { isLost: '9' }, 'isLost'],
    ['owner mobile is digits', { ownerMobile: 'x' }, 'ownerMobile'],
    ['owner area code is digits', { ownerAreaCode: '+1' }, 'ownerAreaCode'],
    ['owner gender is 0, 1 or 2', { ownerGender: 'f' }, 'ownerGender'],
    ['owner is at most 32 characters', { owner: 'x'.repeat(33) }, 'owner'],
    ['issueMac is required for QRA locks', { issueMac: '' }, 'issueMac'],
  ];
  it.each(makeCases)('makeRoomCard: %s', (_name, patch, field, lockType) => {
    expect(fields(validateMakeRoomCard({ ...MAKE, ...patch }, { lockType: lockType ?? 'QRALOCK' }))).toContain(field);
  });

  it('getMacList needs the community number', () => {
    expect(validateGetMacList({ communityNo: '1316879946' })).toEqual([]);
    expect(fields(validateGetMacList({ communityNo: '' }))).toEqual(['communityNo']);
  });
});

describe('assertValid', () => {
  it('throws station.validation naming the first field, with every problem in the detail', () => {
    let caught: unknown;
    try {
      assertValid(validateGetLink({ ...LINK, mobile: 'x', outInfo: '!!' }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StationFailure);
    const error = (caught as StationFailure).error;
    expect(error.code).toBe('station.validation');
    expect(error.field).toBe('mobile');
    expect(error.message).toContain('outInfo');
  });
});
