/**
 * The FIAS interface over real TCP on loopback, driven by the independent test client (not the
 * station's own codec), against a live station and the sandbox cloud. Keys here are QR keys
 * (no card needed); cards on the emulated PN532 are in pn532.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FiasTestClient } from './fias-client';
import { departureIn, startPmsRig, type PmsRig } from './pms-rig';

let rig: PmsRig;
const clients: FiasTestClient[] = [];
const open = async () => {
  const c = await FiasTestClient.open(rig.fiasPort);
  clients.push(c);
  return c;
};
let stamp = 0;
/** A fresh DA/TI pair per request: the client matches the answer by it. */
const next = () => `DA261123|TI${String(100000 + ++stamp).slice(-6)}`;
const out = departureIn(2);

beforeAll(async () => {
  rig = await startPmsRig({
    encoder: { driver: 'none' },
    pms: { fias: { port: 0, mobileField: 'MN' }, cardKind: 'qr' },
    cloudWaitMs: 5000,
    fiasLink: { aliveIntervalMs: 400, silenceTimeoutMs: 1500, startRetryMs: 300 },
  });
});
afterAll(async () => {
  await rig?.close();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

async function sandboxCards(): Promise<Array<{ family: string; roomNo: string; status: string; mobile?: string; cardNo: string }>> {
  const res = await fetch(`${rig.rig.sandbox.url}/__sandbox/cards`);
  const body = (await res.json()) as { uclbrt: Array<{ family: string; roomNo: string; status: string; mobile?: string; cardNo: string }> };
  return body.uclbrt;
}

describe('FIAS link over TCP', () => {
  it('handshake: the station starts with LS, answers the PMS LS with LD, an LR per record type and LA; the link is up', async () => {
    const c = await open();
    const first = await c.next((r) => r.type === 'LS');
    expect(first.fields.DA).toMatch(/^\d{6}$/);
    const records = await c.handshake();
    const types = records.map((r) => r.type);
    expect(types.slice(-6)).toEqual(['LD', 'LR', 'LR', 'LR', 'LR', 'LA']);
    const ld = records.find((r) => r.type === 'LD')!;
    expect(ld.fields.IF).toBe('DL');
    const lr = Object.fromEntries(records.filter((r) => r.type === 'LR').map((r) => [r.fields.RI, r.fields.FL]));
    expect(Object.keys(lr).sort()).toEqual(['KA', 'KD', 'KM', 'KR']);
    // The KR description names every field the station reads, the configured mobile field too.
    for (const id of ['K#', 'KC', 'KT', 'RN', 'WS', 'GA', 'GD', 'DT', 'G#', 'GN', 'DA', 'TI', 'MN']) expect(lr.KR).toContain(id);
    await expect.poll(() => rig.station.pms.status().peers.map((p) => p.linkState)).toContain('up');
  });

  it('keep-alive: the station sends LA when idle; a PMS that falls silent is disconnected', async () => {
    const c = await open();
    await c.handshake();
    const from = c.received.length;
    await c.next((r) => r.type === 'LA', 2000, from);
    // Nothing more from the PMS: after the silence timeout the station closes the connection.
    await c.waitClosed(4000);
    await expect.poll(() => rig.station.pms.status().peers.length).toBe(0);
  });

  it('LE from the PMS ends the link', async () => {
    const c = await open();
    await c.handshake();
    c.send('LE|DA261123|TI120000|');
    await c.waitClosed(3000);
  });

  it('a PMS that starts the link twice gets the description again and is still served', async () => {
    const c = await open();
    await c.handshake();
    const again = await c.handshake();
    expect(again.map((r) => r.type)).toEqual(expect.arrayContaining(['LD', 'LR', 'LA']));
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-1-9102|WS1|${next()}|GD${out.fias}|MN13800000002|`);
    expect(ka.fields.AS).toBe('OK');
  });

  it('a PMS that reconnects replaces its old connection; the new one is served', async () => {
    const old = await open();
    await old.handshake();
    const fresh = await open();
    await fresh.handshake();
    await old.waitClosed(3000);
    const ka = await fresh.request(`KR|K#1|KC1|KTN|RN9-1-9103|WS1|${next()}|GD${out.fias}|MN13800000003|`);
    expect(ka.fields.AS).toBe('OK');
  });

  it('malformed frames, garbage and bad records never drop the link; each bad key record is answered UR', async () => {
    const c = await open();
    await c.handshake();
    // Noise, a frame cut short by the next STX, an unknown record type, a record that is not one.
    c.sendBytes(Buffer.from('\r\n+++ATH\r\n\x00\xff'));
    c.sendBytes(Buffer.from('\x02KR|K#1|RN9-1-91'));
    c.send('ZZ|AB1|');
    c.send('not a record');
    const missingRoom = await c.request(`KR|K#1|KC1|KTN|WS1|${next()}|`);
    expect(missingRoom.fields.AS).toBe('UR');
    expect(missingRoom.fields.CT).toContain('RN (room) is missing');
    const badCount = await c.request(`KR|K#99|KC1|KTN|RN9-1-9104|WS1|${next()}|`);
    expect(badCount.fields.AS).toBe('UR');
    expect(badCount.fields.CT).toContain('K# must be 1 to 10');
    const badDate = await c.request(`KR|K#1|KC1|KTN|RN9-1-9104|WS1|${next()}|GD261399|`);
    expect(badDate.fields.AS).toBe('UR');
    // An endless frame (no ETX, far past any record's size) is dropped without growing memory.
    c.sendBytes(Buffer.concat([Buffer.of(0x02), Buffer.alloc(50_000, 0x41)]));
    const ok = await c.request(`KR|K#1|KC1|KTN|RN9-1-9104|WS7|${next()}|GD${out.fias}|MN13800000004|`);
    expect(ok.fields).toMatchObject({ AS: 'OK', KC: '1', WS: '7', RN: '9-1-9104' });
    expect(c.closed).toBe(false);
  });

  it('refuses a PMS whose address is not allowed', async () => {
    const strict = await startPmsRig({ rig: rig.rig, encoder: { driver: 'none' }, pms: { fias: { port: 0, allow: ['10.20.30.40'] }, cardKind: 'qr' } });
    try {
      const c = await FiasTestClient.open(strict.fiasPort);
      await c.waitClosed(3000);
      expect(c.received).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('FIAS key records', () => {
  it('KR new, 2 QR keys: KA OK echoing KC, WS, G#, DA, TI; two keys at the cloud; request and answer in the activity log, masked', async () => {
    const c = await open();
    await c.handshake();
    const da = next();
    const ka = await c.request(`KR|K#2|KC1|KTN|RN9-1-9105|WS12|${da}|DT11:00|G#16400|GNZhang Wei|GA261122|GD${out.fias}|MN+86 13800001234|KO|`);
    expect(ka.fields).toMatchObject({ AS: 'OK', KC: '1', WS: '12', 'G#': '16400', DA: da.slice(2, 8), TI: da.slice(-6) });
    expect(ka.fields.CT).toBe('2 key(s) for room 9-1-9105 made.');
    const cards = (await sandboxCards()).filter((k) => k.roomNo === '9105' && k.family === 'qr');
    expect(cards).toHaveLength(2);
    expect(cards.every((k) => k.mobile === '13800001234')).toBe(true);
    const audit = await rig.station.registry.auditList({ query: '9-1-9105', limit: 20, offset: 0 });
    const actions = audit.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['pms.request', 'pms.answer']));
    const request = audit.items.find((e) => e.action === 'pms.request')!;
    expect(request.operator).toBe('pms:12');
    expect(request.detail).toContain('mobile 138****1234');
    expect(request.detail).toContain('name Z***');
    expect(JSON.stringify(audit.items)).not.toContain('13800001234');
    expect(JSON.stringify(audit.items)).not.toContain('Zhang Wei');
    const answer = audit.items.find((e) => e.action === 'pms.answer')!;
    expect(answer.detail).toContain('AS OK');
  });

  it('KR duplicate: one more key for a room that has a stay', async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#1|KC1|KTN|RN9-1-9106|WS1|${next()}|GD${out.fias}|MN13800000006|`)).fields.AS).toBe('OK');
    const dup = await c.request(`KR|K#1|KC1|KTN|RN9-1-9106|WS1|${next()}|KTD|MN13800000006|`.replace('KTN|', ''));
    expect(dup.fields.AS).toBe('OK');
    expect((await sandboxCards()).filter((k) => k.roomNo === '9106')).toHaveLength(2);
    const none = await c.request(`KR|K#1|KC1|KTD|RN9-1-9107|WS1|${next()}|MN13800000007|`);
    expect(none.fields.AS).toBe('UR');
    expect(none.fields.CT).toContain('no active key');
  });

  it('KD check-out: every active key of the room is cancelled at the cloud', async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#2|KC1|KTN|RN9-1-9108|WS1|${next()}|GD${out.fias}|MN13800000008|`)).fields.AS).toBe('OK');
    const kd = await c.request(`KD|KC1|RN9-1-9108|WS1|G#1|${next()}|`);
    expect(kd.fields.AS).toBe('OK');
    expect(kd.fields.CT).toBe('Room 9-1-9108 checked out: 2 key(s) revoked.');
    const cards = (await sandboxCards()).filter((k) => k.roomNo === '9108');
    expect(cards.map((k) => k.status).sort()).toEqual(['cancelled', 'cancelled']);
    const again = await c.request(`KD|KC1|RN9-1-9108|WS1|${next()}|`);
    expect(again.fields).toMatchObject({ AS: 'OK', CT: 'Room 9-1-9108 has no active key on this station: nothing to revoke.' });
  });

  it('KM on UCLBRT keys is refused with the reason (extending them needs the room actions), nothing changes', async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#1|KC1|KTN|RN9-1-9109|WS1|${next()}|GD${out.fias}|MN13800000009|`)).fields.AS).toBe('OK');
    const later = departureIn(5);
    const km = await c.request(`KM|KC1|RN9-1-9109|WS1|${next()}|GD${later.fias}|`);
    expect(km.fields.AS).toBe('UR');
    expect(km.fields.CT).toContain('Changing the stay is not available yet for UCLBRT keys');
  });

  it('unknown room: AS NF with the cloud-backed reason', async () => {
    const c = await open();
    await c.handshake();
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-1-9999|WS1|${next()}|GD${out.fias}|MN13800000010|`);
    expect(ka.fields.AS).toBe('NF');
    expect(ka.fields.CT).toContain('UCLBRT cannot find that room number');
  });

  it('a QR key without the guest mobile is refused, saying where to send it', async () => {
    const c = await open();
    await c.handshake();
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-1-9110|WS1|${next()}|GD${out.fias}|`);
    expect(ka.fields.AS).toBe('UR');
    expect(ka.fields.CT).toContain("needs the guest's mobile number");
  });

  it('cloud down: the key is queued, the PMS is told so (not OK), and it is sent once the cloud is back', async () => {
    const c = await open();
    await c.handshake();
    await fetch(`${rig.rig.sandbox.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ mode: 'down', count: 2 }) });
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-1-9111|WS1|${next()}|GD${out.fias}|MN13800000011|`);
    expect(ka.fields.AS).toBe('QU');
    expect(ka.fields.CT).toContain('Queued, not yet working: the lock cloud cannot be reached now');
    expect(ka.fields.CT).toContain('room 9-1-9111');
    await rig.station.outbox.drain();
    await expect.poll(async () => (await sandboxCards()).filter((k) => k.roomNo === '9111').length, { timeout: 15_000, interval: 500 }).toBe(1);
    expect(rig.station.pms.status().counts.queued).toBeGreaterThanOrEqual(1);
  });
});
