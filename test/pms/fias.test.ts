/**
 * The FIAS interface over real TCP on loopback, driven by the independent test client (not the
 * station's own codec), against a live station and the sandbox cloud. A key request is a room
 * action (new stay, duplicate, check-out, extend) of the room the directory names; keys here are
 * QR keys (no card needed); cards on the emulated PN532 are in pn532.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardActionOf } from '../outbox/sandbox-rig';
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

interface SandboxUclbrtCard {
  family: string;
  roomNo: string;
  status: string;
  mobile?: string;
  cardNo: string;
  serialNum?: string;
  endTime?: string;
}

async function sandboxState(): Promise<{
  uclbrt: SandboxUclbrtCard[];
  tuya: Array<{ deviceId: string; cardId: string; deleted: boolean }>;
}> {
  const res = await fetch(`${rig.rig.sandbox.url}/__sandbox/cards`);
  return (await res.json()) as { uclbrt: SandboxUclbrtCard[]; tuya: Array<{ deviceId: string; cardId: string; deleted: boolean }> };
}

async function sandboxCards(): Promise<SandboxUclbrtCard[]> {
  return (await sandboxState()).uclbrt;
}

/** The card actions that reached the sandbox, in order, for cards (or issues) matching `which`. */
async function cloudActions(which: (a: { card: string; action: string }) => boolean): Promise<string[]> {
  return (await rig.rig.requests())
    .filter((r) => r.status === 200)
    .map(cardActionOf)
    .filter((a): a is { card: string; action: string } => Boolean(a) && which(a!))
    .map((a) => `${a.action} ${a.card}`);
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
    const strict = await startPmsRig({
      rig: rig.rig,
      encoder: { driver: 'none' },
      pms: { fias: { port: 0, allow: ['10.20.30.40'] }, cardKind: 'qr' },
    });
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
  it('KR new, 2 QR keys for a room named as the directory names it: KA OK echoing KC, WS, G#, DA, TI; two keys at the cloud; request and answer in the activity log, masked', async () => {
    const c = await open();
    await c.handshake();
    const da = next();
    const ka = await c.request(`KR|K#2|KC1|KTN|RN9105|WS12|${da}|DT11:00|G#16400|GNZhang Wei|GA261122|GD${out.fias}|MN+86 13800001234|KO|`);
    expect(ka.fields).toMatchObject({ AS: 'OK', KC: '1', WS: '12', 'G#': '16400', DA: da.slice(2, 8), TI: da.slice(-6), RN: '9105' });
    expect(ka.fields.CT).toBe('2 key(s) for room 9105 made.');
    const cards = (await sandboxCards()).filter((k) => k.roomNo === '9105' && k.family === 'qr');
    expect(cards).toHaveLength(2);
    expect(cards.every((k) => k.mobile === '13800001234' && k.status === 'issued')).toBe(true);
    // Both keys are one room action, done by the PMS's workstation.
    const show = await rig.station.rooms.show({ room: '9105' });
    expect(show.actions[0]).toMatchObject({ action: 'new-stay', operator: 'pms:12', status: 'done' });
    expect(show.actions[0].steps.map((s) => s.role)).toEqual(['issue', 'issue']);
    const audit = await rig.station.registry.auditList({ query: '9105', limit: 50, offset: 0 });
    const actions = audit.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['pms.request', 'pms.answer', 'room.new-stay']));
    const request = audit.items.find((e) => e.action === 'pms.request')!;
    expect(request.operator).toBe('pms:12');
    expect(request.detail).toContain('mobile 138****1234');
    expect(request.detail).toContain('name Z***');
    expect(JSON.stringify(audit.items)).not.toContain('13800001234');
    expect(JSON.stringify(audit.items)).not.toContain('Zhang Wei');
    const answer = audit.items.find((e) => e.action === 'pms.answer')!;
    expect(answer.detail).toContain('AS OK');
  });

  it("KR new for an occupied room replaces the previous guest: the earlier keys stop first, in order, confirmed on the PMS's behalf (in the activity log)", async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#2|KC1|KTN|RN9-1-9112|WS3|${next()}|GD${out.fias}|MN13800000021|`)).fields.AS).toBe('OK');
    const previous = (await sandboxCards()).filter((k) => k.roomNo === '9112').map((k) => k.cardNo);
    expect(previous).toHaveLength(2);

    const ka = await c.request(`KR|K#1|KC1|KTN|RN9112|WS3|${next()}|GD${out.fias}|MN13800000022|`);
    expect(ka.fields).toMatchObject({ AS: 'OK', CT: "1 key(s) for room 9112 made; the previous guest's 2 key(s) were revoked first." });
    const cards = (await sandboxCards()).filter((k) => k.roomNo === '9112');
    expect(cards.filter((k) => k.status === 'issued').map((k) => k.mobile)).toEqual(['13800000022']);
    expect(cards.filter((k) => previous.includes(k.cardNo)).map((k) => k.status)).toEqual(['cancelled', 'cancelled']);
    // At the cloud: the previous guest's keys stop (the two were given out together, so in either order), then the new key.
    const order = await cloudActions((a) => previous.includes(a.card) || a.card === 'room:9-1-9112');
    expect(order).toHaveLength(5);
    expect([order.slice(0, 2), order.slice(2, 4).sort(), order[4]]).toEqual([
      ['qr.issue room:9-1-9112', 'qr.issue room:9-1-9112'],
      previous.map((card) => `qr.cancelCard ${card}`).sort(),
      'qr.issue room:9-1-9112',
    ]);
    const audit = await rig.station.registry.auditList({ action: 'pms.confirmed-revoke', limit: 10, offset: 0 });
    const confirmed = audit.items.find((e) => e.detail?.includes('room 9112'))!;
    expect(confirmed.operator).toBe('pms:3');
    expect(confirmed.detail).toMatch(/the previous 2 card\(s\) \(\w+, \w+\) confirmed to stop on its behalf \(action [\w-]+\)$/);
    for (const card of previous) expect(confirmed.detail).toContain(card);
  });

  it("KR duplicate copies the stay's own validity (not the dates the record carries); on a vacant room it is refused with the reason", async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#1|KC1|KTN|RN9106|WS1|${next()}|GD${out.fias}|DT11:00|MN13800000006|`)).fields.AS).toBe('OK');
    const later = departureIn(9);
    const dup = await c.request(`KR|K#1|KC1|KTD|RN9106|WS1|${next()}|GD${later.fias}|`);
    expect(dup.fields).toMatchObject({ AS: 'OK', CT: '1 key(s) for room 9106 made.' });
    const show = await rig.station.rooms.show({ room: '9106' });
    expect(show.cards.map((k) => k.validTo)).toEqual([`${out.iso}T11:00`, `${out.iso}T11:00`]);
    // The duplicate goes to the stay's guest.
    expect((await sandboxCards()).filter((k) => k.roomNo === '9106').map((k) => k.mobile)).toEqual(['13800000006', '13800000006']);
    const none = await c.request(`KR|K#1|KC1|KTD|RN9107|WS1|${next()}|MN13800000007|`);
    expect(none.fields.AS).toBe('UR');
    expect(none.fields.CT).toContain('Room 9107 has no current stay');
  });

  it('KD check-out: every card of the room stops, across clouds (QR, proximity, Tuya), in the order they were given out', async () => {
    // Room 101 has a QRA lock (QR and proximity cards) and a Tuya lock, mapped by a room import.
    const imported = await rig.station.rooms.importCsv(
      { csv: 'display name,building,floor,room,lock type,tuya device id\n101,1,1,101,QRALOCK,demolock101' },
      'admin',
    );
    expect(imported.applied).toBe(true);
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#1|KC1|KTN|RN101|WS5|${next()}|GD${out.fias}|MN13800000101|`)).fields.AS).toBe('OK');
    // The desk adds a proximity card and a Tuya card to the stay.
    for (const [cardKind, serialNum] of [
      ['proximity', 'A1B2C3D4'],
      ['tuya', 'C0FFEE01'],
    ] as const) {
      const action = await rig.station.rooms.act({ action: 'duplicate', room: '101', cardKind, serialNum }, 'desk clerk');
      expect((await rig.station.rooms.waitAction(action.id, 10_000)).status).toBe('done');
    }
    const before = await rig.station.rooms.show({ room: '101' });
    expect(before.cards.map((k) => k.kind)).toEqual(['qr', 'proximity', 'tuya']);

    const kd = await c.request(`KD|KC1|RN101|WS5|G#1|${next()}|`);
    expect(kd.fields).toMatchObject({ AS: 'OK', CT: 'Room 101 checked out: 3 key(s) revoked.' });
    const state = await sandboxState();
    expect(state.uclbrt.filter((k) => k.roomNo === '101').map((k) => `${k.family} ${k.status}`)).toEqual([
      'qr cancelled',
      'proximity cancelled',
    ]);
    expect(state.tuya.filter((k) => k.deviceId === 'demolock101' && k.cardId === 'C0FFEE01').map((k) => k.deleted)).toEqual([true]);
    const qrCard = before.cards[0].cardNo!;
    const order = await cloudActions((a) => [qrCard, 'A1B2C3D4'].includes(a.card) || a.card.startsWith('demolock101/'));
    expect(order.filter((a) => /cancelCard|delete/.test(a))).toEqual([
      `qr.cancelCard ${qrCard}`,
      'prox.cancelCard A1B2C3D4',
      `tuya.delete demolock101/${before.cards[2].lockCardId}`,
    ]);
    expect((await rig.station.rooms.show({ room: '101' })).room.state).toBe('vacant');
    const again = await c.request(`KD|KC1|RN101|WS5|${next()}|`);
    expect(again.fields).toMatchObject({ AS: 'OK', CT: 'Room 101 has no active key on this station: nothing to revoke.' });
  });

  it('KM extends the stay with no gap: a new QR key to the new end first, the old key cancelled only once the new one works; the same end changes nothing', async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#1|KC1|KTN|RN9109|WS1|${next()}|GD${out.fias}|MN13800000009|`)).fields.AS).toBe('OK');
    const [old] = (await sandboxCards()).filter((k) => k.roomNo === '9109');
    const later = departureIn(5);
    const km = await c.request(`KM|KC1|RN9109|WS1|${next()}|GD${later.fias}|DT10:00|`);
    expect(km.fields).toMatchObject({ AS: 'OK', CT: `Stay in room 9109 changed to end ${later.iso} 10:00: 1 key(s) changed.` });
    const cards = (await sandboxCards()).filter((k) => k.roomNo === '9109');
    expect(cards.map((k) => `${k.cardNo === old.cardNo ? 'old' : 'new'} ${k.status} ${k.mobile}`)).toEqual([
      'old cancelled 13800000009',
      'new issued 13800000009',
    ]);
    expect(cards[1].endTime).toBe(`${later.iso.slice(2).replace(/-/g, '')}1000`);
    // No gap: the new key reached the cloud (and was confirmed) before the old one was cancelled.
    expect(await cloudActions((a) => a.card === old.cardNo || a.card === 'room:9-1-9109')).toEqual([
      'qr.issue room:9-1-9109',
      'qr.issue room:9-1-9109',
      `qr.cancelCard ${old.cardNo}`,
    ]);
    const same = await c.request(`KM|KC1|RN9109|WS1|${next()}|GD${later.fias}|DT10:00|`);
    expect(same.fields).toMatchObject({ AS: 'OK', CT: `The stay in room 9109 already ends at ${later.iso} 10:00: nothing to change.` });
    const vacant = await c.request(`KM|KC1|RN9110|WS1|${next()}|GD${later.fias}|`);
    expect(vacant.fields.AS).toBe('UR');
    expect(vacant.fields.CT).toContain('Room 9110 has no active key on this station: there is no stay to change.');
  });

  it('unknown room: a name the room directory does not have is AS NF, saying so, and nothing is queued', async () => {
    const c = await open();
    await c.handshake();
    const queuedBefore = (await rig.station.outbox.list({ limit: 1000, offset: 0 })).total;
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-1-9999|WS1|${next()}|GD${out.fias}|MN13800000010|`);
    expect(ka.fields).toMatchObject({ AS: 'NF', RN: '9-1-9999' });
    expect(ka.fields.CT).toContain('There is no room "9-1-9999" in the room directory.');
    const near = await c.request(`KR|K#1|KC1|KTN|RNSuite 9105|WS1|${next()}|GD${out.fias}|MN13800000010|`);
    expect(near.fields.AS).toBe('NF');
    expect(near.fields.CT).toContain('There is no room "Suite 9105" in the room directory.');
    expect((await rig.station.outbox.list({ limit: 1000, offset: 0 })).total).toBe(queuedBefore);
  });

  it('a QR key without the guest mobile is refused, saying where to send it', async () => {
    const c = await open();
    await c.handshake();
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-1-9110|WS1|${next()}|GD${out.fias}|`);
    expect(ka.fields.AS).toBe('UR');
    expect(ka.fields.CT).toContain("needs the guest's mobile number");
  });

  it("cloud down: the PMS is told the truth (queued, not OK: the new key does not open the door yet and the previous guest's still does); all of it is sent once the cloud is back", async () => {
    const c = await open();
    await c.handshake();
    expect((await c.request(`KR|K#1|KC1|KTN|RN9111|WS1|${next()}|GD${out.fias}|MN13800000011|`)).fields.AS).toBe('OK');
    const [previous] = (await sandboxCards()).filter((k) => k.roomNo === '9111');
    await fetch(`${rig.rig.sandbox.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ mode: 'down', count: 2 }) });
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9111|WS1|${next()}|GD${out.fias}|MN13800000012|`);
    expect(ka.fields.AS).toBe('QU');
    expect(ka.fields.CT).toBe(
      "Queued, not yet working: the lock cloud cannot be reached now; 1 new key(s) for room 9111 will be sent when it answers, after the previous guest's 1 key(s) are revoked. Until then the new keys do not open the door and the previous guest's still do.",
    );
    await expect
      .poll(
        async () => {
          await rig.station.outbox.drain();
          return (await sandboxCards()).filter((k) => k.roomNo === '9111').map((k) => `${k.mobile} ${k.status}`);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toEqual(['13800000011 cancelled', '13800000012 issued']);
    expect(previous.status).toBe('issued');

    // A check-out while the cloud is down: the keys still open the door until it answers, and the PMS is told so.
    await fetch(`${rig.rig.sandbox.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ mode: 'down', count: 2 }) });
    // (A new connection: this test's PMS sent nothing while it waited, and the link's silence timeout is short here.)
    const pms = await open();
    await pms.handshake();
    const kd = await pms.request(`KD|KC1|RN9111|WS1|${next()}|`);
    expect(kd.fields).toMatchObject({
      AS: 'QU',
      CT: 'Queued, not yet done: the lock cloud cannot be reached now; 1 key(s) of room 9111 will be revoked when it answers. Until then they still open the door.',
    });
    await expect
      .poll(
        async () => {
          await rig.station.outbox.drain();
          return (await sandboxCards()).filter((k) => k.roomNo === '9111').map((k) => `${k.mobile} ${k.status}`);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toEqual(['13800000011 cancelled', '13800000012 cancelled']);
    expect(rig.station.pms.status().counts.queued).toBeGreaterThanOrEqual(1);
  });
});
