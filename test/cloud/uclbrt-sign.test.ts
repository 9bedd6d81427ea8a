import { describe, expect, it } from 'vitest';
import {
  formatQrTimestamp,
  md5Hex,
  proximitySignature,
  proximitySignatureBase,
  qrAuth,
  qrAuthorization,
  qrSignature,
} from '../../electron/services/cloud/uclbrt/sign';

// Seed 002's worked example.
const SEED = {
  accountSid: '98651082ab89c3f1b50f35caf794179f',
  communityNo: '1316879946',
  issueMac: '7C778A6C7D9C',
  serialNum: '4567',
  creatorAreaCode: '86',
  creatorMobile: '10000000000',
  creatorPassword: 'bbc69d27003568a7a94626ce4337bc9d',
  authToken: 'e687bc93c89b9b59611de521a70ed4',
};

describe('proximity family body signature (seed 002)', () => {
  it('reproduces the vector with area code and mobile', () => {
    const params = { ...SEED };
    expect(proximitySignatureBase('cancelCard', params) + SEED.authToken).toBe(
      '98651082ab89c3f1b50f35caf794179f13168799467C778A6C7D9C45678610000000000bbc69d27003568a7a94626ce4337bc9de687bc93c89b9b59611de521a70ed4',
    );
    expect(proximitySignature('cancelCard', params, SEED.authToken)).toBe('c1d425b5d425d0e776cf387c5118b543');
  });

  it('reproduces the vector with empty area code and mobile (they contribute nothing)', () => {
    const params = { ...SEED, creatorAreaCode: '', creatorMobile: undefined };
    expect(proximitySignature('cancelCard', params, SEED.authToken)).toBe('6a9c77bc3252025bfc02c67f49b833ad');
  });

  it('ignores unsigned extras such as operateCardType and creatorEmail', () => {
    const withExtras = { ...SEED, operateCardType: '4', creatorEmail: 'a@b.c' };
    expect(proximitySignature('cancelCard', withExtras, SEED.authToken)).toBe('c1d425b5d425d0e776cf387c5118b543');
  });

  it('signs makeRoomCard and getMacList in their documented field orders', () => {
    const p = {
      issueMac: 'AA',
      endTime: 'BB',
      accountSid: 'CC',
      communityNo: 'DD',
      buildNo: 'EE',
      floorNo: 'FF',
      roomNo: 'GG',
      owner: 'ignored',
    };
    expect(proximitySignatureBase('makeRoomCard', p)).toBe('AABBCCDDEEFFGG');
    expect(proximitySignature('makeRoomCard', p, 'tok')).toBe(md5Hex('AABBCCDDEEFFGGtok'));
    expect(proximitySignatureBase('getMacList', p)).toBe('CCDD');
    expect(proximitySignatureBase('readCard', { ...SEED })).toBe(
      SEED.accountSid + SEED.communityNo + SEED.issueMac + SEED.creatorAreaCode + SEED.creatorMobile + SEED.creatorPassword,
    );
  });
});

describe('QR family header auth', () => {
  // Expected values computed by hand (Python hashlib/base64) from the documented formula.
  const ts = '20190109171920';
  it('sig = UPPER(md5(accountSid + authToken + ts))', () => {
    expect(qrSignature(SEED.accountSid, SEED.authToken, ts)).toBe('AB526E1E66F516C0C679AF72E77A253C');
  });
  it('Authorization = base64(accountSid:ts)', () => {
    expect(qrAuthorization(SEED.accountSid, ts)).toBe('OTg2NTEwODJhYjg5YzNmMWI1MGYzNWNhZjc5NDE3OWY6MjAxOTAxMDkxNzE5MjA=');
  });
  it('ts is yyyyMMddHHmmss in the cloud zone (Asia/Shanghai)', () => {
    // 2019-01-09T09:19:20Z is 17:19:20 in Shanghai.
    expect(formatQrTimestamp(Date.UTC(2019, 0, 9, 9, 19, 20))).toBe(ts);
    const auth = qrAuth(SEED.accountSid, SEED.authToken, Date.UTC(2019, 0, 9, 9, 19, 20));
    expect(auth).toEqual({
      ts,
      sig: 'AB526E1E66F516C0C679AF72E77A253C',
      authorization: 'OTg2NTEwODJhYjg5YzNmMWI1MGYzNWNhZjc5NDE3OWY6MjAxOTAxMDkxNzE5MjA=',
    });
  });
});
