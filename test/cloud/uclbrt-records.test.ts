/** UCLBRT's records family (`Home/Records/*`): SHA1 signature vectors, and the client against the sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UclbrtClient } from '../../electron/services/cloud/uclbrt/client';
import { recordsSignature, recordsSignatureBase } from '../../electron/services/cloud/uclbrt/sign';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import type { RecordedRequest } from '../../electron/services/sandbox/types';
import { StationFailure } from '../../electron/services/failure';
import { ACCOUNT, COMMUNITY, uclbrtFixture, vendorCodeOf } from './uclbrt-helpers';

// The seed 002 account, so the vectors share their inputs with the other families' tests. The
// expected digests were computed by hand, outside this code base (Python hashlib.sha1 of the
// base strings written out below).
const SID = '98651082ab89c3f1b50f35caf794179f';
const TOKEN = 'e687bc93c89b9b59611de521a70ed4';

describe('records family signature', () => {
  it('fetchRoomInfo: the fields and authToken sorted by name, k=v joined with &, SHA1 lower-case hex', () => {
    const fields = { timestamp: '1700000000', communityNo: '1316879946', accountSid: SID };
    expect(recordsSignatureBase(fields, TOKEN)).toBe(
      'accountSid=98651082ab89c3f1b50f35caf794179f&authToken=e687bc93c89b9b59611de521a70ed4&communityNo=1316879946&timestamp=1700000000',
    );
    expect(recordsSignature(fields, TOKEN)).toBe('124e2a0dc7f90df9ee7361fed4ff641cad66407e');
  });

  it('queryByRoom: every field takes part, in name order', () => {
    const fields = {
      accountSid: SID,
      timestamp: '1700000000',
      rand: '12345678',
      communityNo: '1316879946',
      buildNo: '1',
      floorNo: '2',
      roomNo: '202',
      startDate: '2023-11-08',
      endDate: '2023-11-14',
      recordType: '0',
      holderFrom: '0',
    };
    expect(recordsSignatureBase(fields, TOKEN)).toBe(
      'accountSid=98651082ab89c3f1b50f35caf794179f&authToken=e687bc93c89b9b59611de521a70ed4&buildNo=1&communityNo=1316879946&endDate=2023-11-14&floorNo=2&holderFrom=0&rand=12345678&recordType=0&roomNo=202&startDate=2023-11-08&timestamp=1700000000',
    );
    expect(recordsSignature(fields, TOKEN)).toBe('5c993233a305f4d4fc3ae803a31bae477043c54b');
  });
});

describe('records family against the sandbox', () => {
  let sandbox: SandboxHandle;
  let client: UclbrtClient;
  const requests = async () =>
    ((await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { requests: RecordedRequest[] }).requests;
  const door = (body: Record<string, unknown>) => fetch(`${sandbox.url}/__sandbox/door`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    const fixture = uclbrtFixture();
    fixture.uclbrt.accounts[0].communities[0].rooms[0].lockMac = 'F0C1A2000101';
    fixture.uclbrt.accounts[0].communities[0].rooms[0].gatewayMac = 'F0C1A20000AA';
    sandbox = await startSandbox({ fixture });
    client = new UclbrtClient({ baseUrl: sandbox.url, ...ACCOUNT });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('fetchRoomInfo answers the room tree in data: buildings, floors, rooms with lock type, MAC and gateway', async () => {
    const tree = (await client.fetchRoomInfo({ communityNo: COMMUNITY })) as {
      buildNo: string;
      floors: { floorNo: string; rooms: Record<string, string>[] }[];
    }[];
    expect(tree.map((b) => b.buildNo)).toEqual(['1', '2']);
    const floor1 = tree[0].floors.find((f) => f.floorNo === '1')!;
    expect(floor1.rooms[0]).toMatchObject({ roomNo: '101', lockType: 'QRALOCK', lockMac: 'F0C1A2000101', gatewayMac: 'F0C1A20000AA' });
    const sent = (await requests()).find((r) => r.path === '/Home/Records/fetchRoomInfo')!;
    const body = new URLSearchParams(sent.body);
    expect([...body.keys()].sort()).toEqual(['accountSid', 'communityNo', 'timestamp']);
    expect(sent.query.sig).toBe(recordsSignature(Object.fromEntries(body), ACCOUNT.authToken));
    expect(sent.body).not.toContain(ACCOUNT.authToken);
  });

  it('queryByRoom answers the door openings of the room between the dates, newest first', async () => {
    const now = Date.now();
    await door({ buildNo: '1', floorNo: '1', roomNo: '101', cardNo: 'CARDOLD00001', at: new Date(now - 40 * 86_400_000).toISOString() });
    await door({ buildNo: '1', floorNo: '1', roomNo: '101', cardNo: 'CARDNEW00001', at: new Date(now - 3_600_000).toISOString() });
    await door({
      buildNo: '1',
      floorNo: '1',
      roomNo: '101',
      cardNo: 'CARDNEW00002',
      openType: 2,
      at: new Date(now - 60_000).toISOString(),
    });
    await door({ buildNo: '2', floorNo: '1', roomNo: '101', cardNo: 'OTHERROOM001' });
    const day = (offset: number) => new Date(now + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const records = (await client.queryByRoom({
      communityNo: COMMUNITY,
      buildNo: '1',
      floorNo: '1',
      roomNo: '101',
      startDate: day(-6),
      endDate: day(0),
    })) as Record<string, unknown>[];
    expect(records.map((r) => r.cardNo)).toEqual(['CARDNEW00002', 'CARDNEW00001']);
    expect(records[0]).toMatchObject({
      openType: 2,
      result: 1,
      recordTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
  });

  it('refuses more than 31 days before sending, and the cloud refuses a wrong token and an old timestamp', async () => {
    const before = sandbox.state.requests.length;
    await expect(
      client.queryByRoom({
        communityNo: COMMUNITY,
        roomNo: '103',
        buildNo: '1',
        floorNo: '1',
        startDate: '2026-01-01',
        endDate: '2026-02-01',
      }),
    ).rejects.toSatisfy((err) => err instanceof StationFailure && err.error.field === 'endDate');
    expect(sandbox.state.requests.length).toBe(before);
    const wrong = new UclbrtClient({ baseUrl: sandbox.url, accountSid: ACCOUNT.accountSid, authToken: 'not-the-token' });
    expect(await vendorCodeOf(wrong.fetchRoomInfo({ communityNo: COMMUNITY }))).toBe('4008');
    const late = new UclbrtClient({ baseUrl: sandbox.url, ...ACCOUNT, now: () => Date.now() - 25 * 3_600_000 });
    expect(await vendorCodeOf(late.fetchRoomInfo({ communityNo: COMMUNITY }))).toBe('4004');
  });
});
