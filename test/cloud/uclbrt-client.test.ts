import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UclbrtClient } from '../../electron/services/cloud/uclbrt/client';
import { localToUclbrtTime } from '../../electron/services/cloud/uclbrt/time';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import { ACCOUNT, COMMUNITY, MAC, OPERATOR, shanghaiLocal, uclbrtFixture, vendorCodeOf } from './uclbrt-helpers';

const HOUR = 3_600_000;
let sandbox: SandboxHandle;
let client: UclbrtClient;
const endTime = () => localToUclbrtTime(shanghaiLocal(24 * HOUR), 'Asia/Shanghai');

beforeAll(async () => {
  sandbox = await startSandbox({ fixture: uclbrtFixture(1000) });
  client = new UclbrtClient({ baseUrl: sandbox.url, ...ACCOUNT, connectTimeoutMs: 5_000, responseTimeoutMs: 10_000 });
});
afterAll(async () => {
  await sandbox?.close();
});

const cardsInSandbox = () => sandbox.state.uclbrt.cards;
const link = (patch: Record<string, string | undefined> = {}) =>
  client.getLink({
    mobile: '13800000001',
    communityNo: COMMUNITY,
    buildNo: '1',
    floorNo: '1',
    roomNo: '101',
    endTime: endTime(),
    ...patch,
  });

describe('QR family against the sandbox', () => {
  it('getLink issues a room card the cloud remembers', async () => {
    const answer = await link();
    expect(answer.cardNo).toMatch(/^[A-Za-z0-9]{16}$/);
    const card = cardsInSandbox().find((c) => c.cardNo === answer.cardNo);
    expect(card).toMatchObject({ family: 'qr', roomNo: '101', buildNo: '1', status: 'issued', endTime: endTime() });
  });

  it('getLink issues floor, building and loss-report cards, and a password on a QRP lock', async () => {
    expect((await link({ cardType: '1' })).cardType).toBe('1');
    expect((await link({ cardType: '2' })).cardType).toBe('2');
    const lossCard = await link({ isLost: '1' });
    expect(cardsInSandbox().find((c) => c.cardNo === lossCard.cardNo)?.isLost).toBe(true);
    const qrp = await client.getLink(
      { mobile: '13800000001', communityNo: COMMUNITY, buildNo: '1', floorNo: '3', roomNo: '301', cipherType: '1' },
      { lockType: 'QRPLOCK' },
    );
    expect(qrp.password).toMatch(/^\d{6}$/);
  });

  it('getCard and getRoomCardInfo return the card and its validity', async () => {
    const { cardNo } = await link();
    const card = await client.getCard({ cardNo });
    expect(card).toMatchObject({ cardNo, roomNo: '101', cardStatus: 'issued', endTime: endTime() });
    expect(typeof card.baseImg).toBe('string');
    const info = await client.getRoomCardInfo({ communityNo: COMMUNITY, cardString: String(card.cardString) });
    expect(info).toMatchObject({ cardNo, roomNo: '101' });
  });

  it('reportLost marks one card lost on a QRA lock', async () => {
    const { cardNo } = await link();
    await client.reportLost({ cardNo, cardType: '0', wholeRoom: '0' });
    expect(cardsInSandbox().find((c) => c.cardNo === cardNo)?.status).toBe('lost');
  });

  it('reportLost of a card on a lock without single-loss support is 5217; the whole room works', async () => {
    const { cardNo } = await link({ roomNo: '103' });
    const other = await link({ roomNo: '103' });
    expect(await vendorCodeOf(client.reportLost({ cardNo }))).toBe('5217');
    await client.reportLost({ cardNo, wholeRoom: '1' });
    expect(cardsInSandbox().find((c) => c.cardNo === other.cardNo)?.status).toBe('lost');
  });

  it('reportLost before the card can have been obtained is 5216', async () => {
    const start = localToUclbrtTime(shanghaiLocal(5 * HOUR), 'Asia/Shanghai');
    const { cardNo } = await link({ startTime: start });
    expect(await vendorCodeOf(client.reportLost({ cardNo }))).toBe('5216');
  });

  it('cancelCard cancels a QR card; a second cancel says it already is', async () => {
    const { cardNo } = await link();
    await client.cancelCard({ cardNo });
    expect(cardsInSandbox().find((c) => c.cardNo === cardNo)?.status).toBe('cancelled');
    expect(await vendorCodeOf(client.cancelCard({ cardNo }))).toBe('5301');
  });

  it('answers the documented codes for bad input the client does not check', async () => {
    expect(await vendorCodeOf(link({ roomNo: '999' }))).toBe('5007');
    expect(await vendorCodeOf(link({ buildNo: '9' }))).toBe('5005');
    expect(await vendorCodeOf(link({ floorNo: '9' }))).toBe('5006');
    expect(await vendorCodeOf(link({ communityNo: '1234' }))).toBe('5201');
    expect(await vendorCodeOf(client.getCard({ cardNo: 'doesnotexist1' }))).toBe('5210');
    // Room 101 exists in two buildings: without building and floor it is not unique.
    expect(await vendorCodeOf(link({ buildNo: undefined, floorNo: undefined }))).toBe('4001');
  });

  it('refuses a wrong auth token with 4008 and an unknown account with 4006', async () => {
    const wrong = new UclbrtClient({ baseUrl: sandbox.url, accountSid: ACCOUNT.accountSid, authToken: 'wrong' });
    expect(await vendorCodeOf(wrong.getCard({ cardNo: 'abc123' }))).toBe('4008');
    const stranger = new UclbrtClient({ baseUrl: sandbox.url, accountSid: 'X'.repeat(32), authToken: 'x' });
    expect(await vendorCodeOf(stranger.getCard({ cardNo: 'abc123' }))).toBe('4006');
  });

  it('refuses a timestamp more than 24 hours away with 4004', async () => {
    const late = new UclbrtClient({ baseUrl: sandbox.url, ...ACCOUNT, now: () => Date.now() - 25 * HOUR });
    expect(await vendorCodeOf(late.getCard({ cardNo: 'abc123' }))).toBe('4004');
    const early = new UclbrtClient({ baseUrl: sandbox.url, ...ACCOUNT, now: () => Date.now() + 23 * HOUR });
    expect(await vendorCodeOf(early.getCard({ cardNo: 'abc123' }))).toBe('5210');
  });
});

describe('proximity family against the sandbox', () => {
  const base = { communityNo: COMMUNITY, issueMac: MAC, ...OPERATOR };

  it('getMacList returns the community issuers', async () => {
    expect(await client.getMacList({ communityNo: COMMUNITY })).toEqual([MAC, '0C1A2B3C4D5E']);
  });

  it('makeRoomCard writes a card, readCard reads it, cancelCard cancels it', async () => {
    const made = await client.makeRoomCard(
      { ...base, buildNo: '1', floorNo: '1', roomNo: '101', endTime: endTime(), serialNum: 'A1B2C3D4' },
      { lockType: 'QRALOCK' },
    );
    expect(made.serialNum).toBe('A1B2C3D4');
    const read = await client.readCard({ ...base });
    expect(read).toMatchObject({ serialNum: 'A1B2C3D4', roomNo: '101', cardStatus: 'issued' });
    await client.cancelProximityCard({ ...base, serialNum: 'A1B2C3D4', operateCardType: '4' }, { lockType: 'QRALOCK' });
    expect(cardsInSandbox().find((c) => c.serialNum === 'A1B2C3D4')?.status).toBe('cancelled');
    expect(await vendorCodeOf(client.cancelProximityCard({ ...base, serialNum: 'A1B2C3D4', operateCardType: '4' }))).toBe('5308');
  });

  it('answers 5303 for a wrong operator password, 5209/5215 for issuer MACs, 5307 for an unknown card', async () => {
    const wrongPassword = { ...base, creatorPassword: createHash('md5').update('wrong').digest('hex') };
    expect(await vendorCodeOf(client.readCard(wrongPassword))).toBe('5303');
    expect(
      await vendorCodeOf(client.cancelProximityCard({ ...base, issueMac: 'AAAAAAAAAAAA', serialNum: 'FFFF0000', operateCardType: '4' })),
    ).toBe('5215');
    expect(await vendorCodeOf(client.cancelProximityCard({ ...base, serialNum: 'FFFF0000', operateCardType: '4' }))).toBe('5307');
  });

  it('rejects a MAC with separators before sending (5209 is what the cloud would say)', async () => {
    await expect(client.readCard({ ...base, issueMac: '7C:77:8A:6C:7D:9C' })).rejects.toMatchObject({
      error: { code: 'station.validation', field: 'issueMac' },
    });
    // Sent anyway (hand-built), the sandbox answers 5209.
    const body = new URLSearchParams({
      accountSid: ACCOUNT.accountSid,
      communityNo: COMMUNITY,
      issueMac: '7C-77-8A',
      serialNum: '1234',
      ...OPERATOR,
      operateCardType: '4',
    });
    const str =
      [ACCOUNT.accountSid, COMMUNITY, '7C-77-8A', '1234', OPERATOR.creatorAreaCode, OPERATOR.creatorMobile, OPERATOR.creatorPassword].join(
        '',
      ) + ACCOUNT.authToken;
    body.set('sig', createHash('md5').update(str).digest('hex'));
    const res = await rawPost('/Home/Qrm/cancelCard', body.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(JSON.parse(res).status).toBe(5209);
  });
});

function rawPost(pathAndQuery: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathAndQuery, sandbox.url);
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('an independent, hand-built request from the documented formula', () => {
  it('is accepted by the sandbox (QR family getLink with curl-style headers)', async () => {
    // Written from seed 001 and the reference only: no station signing code involved.
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Shanghai',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date())
        .map((x) => [x.type, x.value]),
    );
    const ts = `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
    const sig = createHash('md5')
      .update(ACCOUNT.accountSid + ACCOUNT.authToken + ts)
      .digest('hex')
      .toUpperCase();
    const authorization = Buffer.from(`${ACCOUNT.accountSid}:${ts}`).toString('base64');
    const body = JSON.stringify({
      mobile: '13900000000',
      communityNo: COMMUNITY,
      buildNo: '1',
      floorNo: '1',
      roomNo: '101',
      areaCode: '86',
      sendSms: '0',
      times: '1',
    });
    const text = await rawPost(`/?c=Qrcode&a=getLink&sig=${sig}`, body, {
      Accept: 'application/json',
      // The seed's own (misspelt) content type, as copied by real clients.
      'Content-Type': 'application/x-www-form-urlencode;charset=uft-8',
      Authorization: authorization,
    });
    const answer = JSON.parse(text);
    expect(answer.status).toBe(200);
    expect(cardsInSandbox().some((c) => c.cardNo === answer.cardNo && c.mobile === '13900000000')).toBe(true);

    // The same request with a lower-case sig is refused: the cloud wants upper-case hex.
    const refused = JSON.parse(
      await rawPost(`/?c=Qrcode&a=getLink&sig=${sig.toLowerCase()}`, body, {
        Authorization: authorization,
        'Content-Type': 'application/json',
      }),
    );
    expect(refused.status).toBe(4008);
    // A missing Authorization header is a token failure.
    expect(JSON.parse(await rawPost(`/?c=Qrcode&a=getLink&sig=${sig}`, body, { 'Content-Type': 'application/json' })).status).toBe(4004);
  });

  it('records what arrived, with the operator password masked', async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/requests`);
    const { requests } = (await res.json()) as { requests: { path: string; body: string; outcome?: string }[] };
    const prox = requests.filter((r) => r.path.startsWith('/Home/Qrm/'));
    expect(prox.length).toBeGreaterThan(0);
    for (const r of prox) expect(r.body).not.toContain(OPERATOR.creatorPassword);
    expect(requests.some((r) => r.outcome === 'uclbrt.200')).toBe(true);
    const cards = (await (await fetch(`${sandbox.url}/__sandbox/cards`)).json()) as { uclbrt: unknown[] };
    expect(cards.uclbrt.length).toBe(cardsInSandbox().length);
  });
});

describe('rate limit', () => {
  it('answers 4005 past the account rate', async () => {
    const limited = await startSandbox({ fixture: uclbrtFixture(3) });
    try {
      const c = new UclbrtClient({ baseUrl: limited.url, ...ACCOUNT });
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 5; i++) codes.push(await vendorCodeOf(c.getMacList({ communityNo: COMMUNITY })));
      expect(codes.slice(0, 3)).toEqual(['resolved', 'resolved', 'resolved']);
      expect(codes.slice(3)).toEqual(['4005', '4005']);
    } finally {
      await limited.close();
    }
  });
});
