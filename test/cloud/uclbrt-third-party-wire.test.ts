/**
 * The sandbox serves a public third-party UCLBRT client for Node (GitHub isogram/uclbrt-node) as the
 * real cloud would. That client is not on npm, so this test sends exactly its wire shapes, as
 * `/work/shared/reference/uclbrt.md` ("How a public third-party Node client calls the API")
 * describes them, signed here by hand with node:crypto (not with the station's signing code):
 * - Family 1 JSON bodies with some values as numbers, `ts` in UTC;
 * - `getCard` with `roomFlag`, `resultType`, numeric `cardType` and `lockType`, an empty `openEndTime`;
 * - `getMacList` read from `data`; `readCard` and `cancelCard` checked by `info == "success"`;
 * - Family 3 form bodies with a Unix `timestamp`, `authToken` posted in the body too, answers in `data`.
 * That client treats any answer whose numeric `status` is not 200 as a failure.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import { ACCOUNT, COMMUNITY, MAC, OPERATOR, uclbrtFixture } from './uclbrt-helpers';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
/** `yyyyMMddHHmmss` of now in UTC, as that client makes its batch id. */
const utcTs = () => new Date().toISOString().replace(/-|:|T/g, '').slice(0, 14);

let sandbox: SandboxHandle;

type Answer = Record<string, unknown> & { status: unknown; info?: unknown; data?: unknown };

/** Family 1: JSON body as given (numbers stay numbers), header auth. */
async function family1(action: string, body: Record<string, unknown>): Promise<Answer> {
  const ts = utcTs();
  const sig = md5(ACCOUNT.accountSid + ACCOUNT.authToken + ts).toUpperCase();
  const res = await fetch(`${sandbox.url}/?c=Qrcode&a=${action}&sig=${sig}`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: Buffer.from(`${ACCOUNT.accountSid}:${ts}`).toString('base64'),
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

/** Family 2: form body, `sig` = md5 of the signed values in order + authToken; extras after signing. */
async function family2(action: string, signed: Record<string, string>, extra: Record<string, string | number>): Promise<Answer> {
  const body = new URLSearchParams({ ...signed, sig: md5(Object.values(signed).join('') + ACCOUNT.authToken) });
  for (const [k, v] of Object.entries(extra)) body.set(k, String(v));
  const res = await fetch(`${sandbox.url}/Home/Qrm/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return (await res.json()) as Answer;
}

/** Family 3: the client adds authToken to its fields, signs them sorted, and posts them all (token included). */
async function family3(action: string, fields: Record<string, string | number>): Promise<Answer> {
  const data: Record<string, string | number> = { ...fields, authToken: ACCOUNT.authToken };
  const query = Object.keys(data)
    .sort()
    .map((k) => `${k}=${data[k]}`)
    .join('&');
  const body = new URLSearchParams(Object.entries(data).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${sandbox.url}/Home/Records/${action}?sig=${sha1(query)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return (await res.json()) as Answer;
}

beforeAll(async () => {
  sandbox = await startSandbox({ fixture: uclbrtFixture() });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('a public third-party Node client, as the sandbox cloud serves it', () => {
  let cardNo = '';

  it('create (getLink): numbers as values, empty building and floor for a unique room number, ts in UTC', async () => {
    const answer = await family1('getLink', {
      mobile: '13800000001',
      areaCode: '86',
      roomNo: '103',
      floorNo: '1',
      buildNo: '1',
      communityNo: COMMUNITY,
      startTime: '',
      endTime: '',
      sendSms: 0,
      cardType: 0,
      times: 0,
      opentype: 0,
    });
    expect(answer.status).toBe(200);
    expect(answer.cardNo).toEqual(expect.any(String));
    cardNo = String(answer.cardNo);
  });

  it('getCard with roomFlag and resultType 1 answers a PNG QR image in baseImg', async () => {
    const answer = await family1('getCard', {
      mobile: '13800000001',
      areaCode: '86',
      communityNo: COMMUNITY,
      roomFlag: cardNo,
      cardType: 0,
      lockType: 0,
      resultType: 1,
      openEndTime: '',
    });
    expect(answer.status).toBe(200);
    const image = String(answer.baseImg);
    expect(image).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(image.slice(image.indexOf(',') + 1), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The wrong guest's mobile does not get the card.
    const other = await family1('getCard', {
      mobile: '13900000009',
      areaCode: '86',
      communityNo: COMMUNITY,
      roomFlag: cardNo,
      cardType: 0,
      lockType: 0,
      resultType: 1,
      openEndTime: '',
    });
    expect(other.status).toBe(5017);
  });

  it('getCard with resultType 2 takes a lock MAC and answers bleStr; getRoomCardInfo answers in data', async () => {
    const fixtureRoom = sandbox.state.fixture.uclbrt.accounts[0].communities[0].rooms[0];
    fixtureRoom.lockMac = 'F0C1A2000101';
    const ble = await family1('getCard', {
      mobile: '13800000001',
      areaCode: '86',
      communityNo: COMMUNITY,
      roomFlag: 'F0C1A2000101',
      cardType: 0,
      lockType: 0,
      resultType: 2,
      openEndTime: '',
    });
    expect(ble).toMatchObject({ status: 200, bleStr: expect.any(String) });
    const info = await family1('getRoomCardInfo', { communityNo: COMMUNITY, cardString: `UCQR1:${cardNo}` });
    expect(info).toMatchObject({ status: 200, info: 'success', data: { cardNo, roomNo: '103' } });
  });

  it('reportLost and cancelCard with numbers as values', async () => {
    expect((await family1('reportLost', { cardNo, wholeRoom: 1 })).status).toBe(200);
    const cancelled = await family1('cancelCard', { cardNo, cardType: 0 });
    expect(cancelled).toMatchObject({ status: 200, info: 'success' });
  });

  it('getMacList: the MACs are in data', async () => {
    const answer = await family2('getMacList', { accountSid: ACCOUNT.accountSid, communityNo: COMMUNITY }, {});
    expect(answer).toMatchObject({ status: 200, data: [MAC, '0C1A2B3C4D5E'] });
  });

  it('readCard and cancelCard (proximity): info is "success", operateCardType and an empty creatorEmail unsigned', async () => {
    const creator = {
      creatorAreaCode: OPERATOR.creatorAreaCode,
      creatorMobile: OPERATOR.creatorMobile,
      creatorPassword: OPERATOR.creatorPassword,
    };
    const made = await family2(
      'makeRoomCard',
      {
        issueMac: MAC,
        endTime: '3001011200',
        accountSid: ACCOUNT.accountSid,
        communityNo: COMMUNITY,
        buildNo: '1',
        floorNo: '1',
        roomNo: '101',
      },
      { owner: '', ...creator, opentype: 0, ownerGender: 1, ownerAreaCode: '', ownerMobile: '', creatorEmail: '' },
    );
    expect(made.info).toBe('success');
    const read = await family2(
      'readCard',
      { accountSid: ACCOUNT.accountSid, communityNo: COMMUNITY, issueMac: MAC, ...creator },
      { operateCardType: 4, creatorEmail: '' },
    );
    expect(read).toMatchObject({ status: 200, info: 'success', roomNo: '101' });
    const serialNum = String(read.serialNum);
    const cancel = await family2(
      'cancelCard',
      { accountSid: ACCOUNT.accountSid, communityNo: COMMUNITY, issueMac: MAC, serialNum, ...creator },
      { operateCardType: 4, creatorEmail: '' },
    );
    expect(cancel).toMatchObject({ status: 200, info: 'success' });
  });

  it('fetchRoomInfo and queryByRoom: Unix timestamp, authToken posted in the body, answers in data', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const tree = await family3('fetchRoomInfo', { accountSid: ACCOUNT.accountSid, timestamp, communityNo: COMMUNITY });
    expect(tree.status).toBe(200);
    expect(Array.isArray(tree.data)).toBe(true);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const log = await family3('queryByRoom', {
      accountSid: ACCOUNT.accountSid,
      timestamp,
      rand: 12345678,
      communityNo: COMMUNITY,
      buildNo: '1',
      floorNo: '1',
      roomNo: '101',
      startDate: today,
      endDate: today,
      recordType: 0,
      holderFrom: 0,
    });
    expect(log).toMatchObject({ status: 200, data: [] });
    const boxes = await family3('getBoxInfo', { accountSid: ACCOUNT.accountSid, timestamp, communityNo: COMMUNITY });
    expect(boxes.status).toBe(200);
    // The token the client posted is masked in what the sandbox records.
    const recorded = sandbox.state.requests.filter((r) => r.path.startsWith('/Home/Records/'));
    expect(recorded.length).toBe(3);
    for (const r of recorded) expect(r.body).not.toContain(ACCOUNT.authToken);
  });
});
