/**
 * PMS key requests that need cards, with the real PN532 driver talking to the PN532 emulator over
 * a pair of real ptys (socat): cards are placed one after another as the station asks for them.
 * The PMS side is the independent FIAS test client, and plain fetch for HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../shared/domain/status';
import { Pn532Emulator } from '../../electron/services/encoder/pn532/emulator';
import { openSerial } from '../../electron/services/encoder/transports/serial';
import type { ByteTransport } from '../../electron/services/encoder/types';
import { cardActionOf, startSandboxRig, type SandboxRig } from '../outbox/sandbox-rig';
import { needs, SOCAT } from '../system-requirements';
import { PtyPair, waitFor } from '../encoder/pty';
import { FiasTestClient } from './fias-client';
import { departureIn, postRoomKeys, startPmsRig, type PmsRig } from './pms-rig';

const noSocat = needs('PMS keys on the emulated PN532 over real ptys', SOCAT);

let sandbox: SandboxRig;
let pty: PtyPair;
let device: ByteTransport;
let emulator: Pn532Emulator;
let pms: PmsRig | undefined;
const clients: FiasTestClient[] = [];
let stamp = 0;
const next = () => `DA261123|TI${String(200000 + ++stamp).slice(-6)}`;
const out = departureIn(3);

beforeAll(async () => {
  if (noSocat) return;
  sandbox = await startSandboxRig();
  pty = new PtyPair();
  await pty.start();
  device = await openSerial({ path: pty.b, baudRate: 115200 });
  emulator = new Pn532Emulator();
  emulator.attach(device);
});
afterAll(async () => {
  await device?.close().catch(() => undefined);
  await pty?.dispose();
  await sandbox?.close();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  emulator?.removeCard();
  await pms?.close();
  pms = undefined;
});

async function station(cardKind: 'proximity' | 'tuya', extra: { httpAnswerWithinMs?: number } = {}): Promise<PmsRig> {
  pms = await startPmsRig({
    rig: sandbox,
    encoder: { driver: 'pn532', port: pty.a, lockType: 'RFLOCK-V9' },
    pms: { fias: { port: 0 }, http: { port: 0 }, cardKind, keyWaitSeconds: 5 },
    cloudWaitMs: 8000,
    ...extra,
  });
  await waitFor(() => pms!.station.encoder.status().state === 'ready', 10_000, 'the PN532 to be ready');
  return pms;
}

async function fias(rig: PmsRig): Promise<FiasTestClient> {
  const c = await FiasTestClient.open(rig.fiasPort);
  clients.push(c);
  await c.handshake();
  return c;
}

/** Takes the card off and waits until the station has noticed. */
async function removeCard(rig: PmsRig): Promise<void> {
  const gone = new Promise<void>((resolve) => {
    const off = rig.station.events.on('encoder:card-removed', () => {
      off();
      resolve();
    });
  });
  emulator.removeCard();
  await gone;
}

/** Resolves when the desk is asked for card `n` of a PMS request. */
function askedForCard(rig: PmsRig, n: number): Promise<Progress> {
  return new Promise((resolve) => {
    const off = rig.station.events.on('progress', (p) => {
      if (p.text?.code === 'pms.progress.place-card' && p.text.params.n === n) {
        off();
        resolve(p);
      }
    });
  });
}

async function proximityCards(roomNo: string): Promise<Array<{ serialNum: string; status: string; endTime?: string }>> {
  const body = (await (await fetch(`${sandbox.sandbox.url}/__sandbox/cards`)).json()) as {
    uclbrt: Array<{ family: string; roomNo: string; serialNum: string; status: string; endTime?: string }>;
  };
  return body.uclbrt.filter((c) => c.family === 'proximity' && c.roomNo === roomNo);
}

/** Proximity card actions at the cloud for these serials, in order: `makeRoomCard 04A1B2C3`, `cancelCard ...`. */
async function proximityActions(serials: string[]): Promise<string[]> {
  return (await sandbox.requests())
    .filter((r) => r.status === 200)
    .map(cardActionOf)
    .filter((a): a is { card: string; action: string } => Boolean(a) && serials.includes(a!.card))
    .map((a) => `${a.action.replace('prox.', '')} ${a.card}`);
}

/** Places a card once the station asks for card `n`, and returns the request's answer. */
async function placeWhenAsked(rig: PmsRig, n: number, uid: string): Promise<void> {
  await askedForCard(rig, n);
  emulator.placeCard(uid);
}

/** Every card the desk's screens were handed (the `encoder:card` push). */
function deskCards(rig: PmsRig): { uids: string[]; stop(): void } {
  const uids: string[] = [];
  const stop = rig.station.events.on('encoder:card', (c) => uids.push(c.uid));
  return { uids, stop };
}

describe.skipIf(noSocat)('PMS proximity keys on the emulated PN532', () => {
  it("KR new with 2 keys: the previous guest's key stops first, then the desk asks for card 1 of 2 and 2 of 2; the cards are the PMS's, not handed to the desk's screens", async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    // The previous guest.
    const first = placeWhenAsked(rig, 1, '04A0A0A0');
    const previous = await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GNGuest Zero|GD${out.fias}|`, 30_000);
    await first;
    expect(previous.fields).toMatchObject({ AS: 'OK', CT: '1 key(s) for room 9200 made.' });
    await removeCard(rig);

    const desk = deskCards(rig);
    const asked = askedForCard(rig, 1);
    const answer = c.request(`KR|K#2|KC1|KTN|RN9200|WS4|${next()}|GNGuest One|G#77|GD${out.fias}|DT11:00|`, 30_000);
    const p1 = await asked;
    expect(p1.label).toBe('PMS: 2 key(s) for room 9200 — place card 1 of 2');
    expect(rig.station.encoder.leaseHolder()?.label).toBe('PMS: 2 key(s) for room 9200');
    const second = askedForCard(rig, 2);
    emulator.placeCard('04A1B2C3');
    await second;
    await removeCard(rig);
    emulator.placeCard('04D4E5F6');
    const ka = await answer;
    expect(ka.fields).toMatchObject({
      AS: 'OK',
      CT: "2 key(s) for room 9200 made; the previous guest's 1 key(s) were revoked first.",
      KC: '1',
      WS: '4',
      'G#': '77',
    });
    expect((await proximityCards('9200')).map((k) => `${k.serialNum} ${k.status}`)).toEqual([
      '04A0A0A0 cancelled',
      '04A1B2C3 issued',
      '04D4E5F6 issued',
    ]);
    // In the room's order: the previous guest's card stops before the new cards are made.
    expect(await proximityActions(['04A0A0A0', '04A1B2C3', '04D4E5F6'])).toEqual([
      'makeRoomCard 04A0A0A0',
      'cancelCard 04A0A0A0',
      'makeRoomCard 04A1B2C3',
      'makeRoomCard 04D4E5F6',
    ]);
    expect(rig.station.encoder.leaseHolder()).toBeUndefined();
    // While the PMS had the encoder, its cards never reached the desk's card screens; now they do again.
    expect(desk.uids).toEqual([]);
    await removeCard(rig);
    emulator.placeCard('04FFFF01');
    await expect.poll(() => desk.uids).toEqual(['04FFFF01']);
    desk.stop();
    const confirmed = await rig.station.registry.auditList({ action: 'pms.confirmed-revoke', limit: 5, offset: 0 });
    expect(confirmed.items[0]).toMatchObject({ operator: 'pms:4' });
    expect(confirmed.items[0].detail).toContain('(04A0A0A0) confirmed to stop on its behalf');
  });

  it("KR duplicate: the stay's validity, on another card placed after the station asked (a card already lying on the encoder is never taken); KD revokes them all", async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const placed = placeWhenAsked(rig, 1, '04C1C1C1');
    expect((await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|DT11:00|`, 30_000)).fields.AS).toBe('OK');
    await placed;

    // 04C1C1C1 still lies on the encoder: the duplicate waits for a card placed for it.
    const later = departureIn(8);
    let answered = false;
    const asked = askedForCard(rig, 1);
    const dup = c.request(`KR|K#1|KC1|KTD|RN9200|WS4|${next()}|GD${later.fias}|`, 30_000).finally(() => (answered = true));
    await asked;
    await new Promise((r) => setTimeout(r, 700));
    expect(answered).toBe(false);
    await removeCard(rig);
    emulator.placeCard('04C2C2C2');
    expect((await dup).fields).toMatchObject({ AS: 'OK', CT: '1 key(s) for room 9200 made.' });
    const show = await rig.station.rooms.show({ room: '9200' });
    expect(show.cards.map((k) => `${k.serialNum} ${k.validTo}`)).toEqual([`04C1C1C1 ${out.iso}T11:00`, `04C2C2C2 ${out.iso}T11:00`]);

    // A card that already is a key of the room makes no extra key.
    await removeCard(rig);
    const again = placeWhenAsked(rig, 1, '04C1C1C1');
    const refused = await c.request(`KR|K#1|KC1|KTD|RN9200|WS4|${next()}|`, 30_000);
    await again;
    expect(refused.fields.AS).toBe('DC');
    expect(refused.fields.CT).toContain('card 04C1C1C1 already is a key of this room');

    await removeCard(rig);
    const kd = await c.request(`KD|KC1|RN9200|WS4|${next()}|`, 30_000);
    expect(kd.fields).toMatchObject({ AS: 'OK', CT: 'Room 9200 checked out: 2 key(s) revoked.' });
    expect((await proximityCards('9200')).filter((k) => ['04C1C1C1', '04C2C2C2'].includes(k.serialNum)).map((k) => k.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });

  it('while the PMS waits for a card, the desk cannot make a card-on-encoder key (encoder busy, naming the PMS request); after it, it can', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const asked = askedForCard(rig, 1);
    const answer = c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 30_000);
    await asked;
    const desk = { action: 'duplicate' as const, room: '9200', cardKind: 'proximity' as const, serialNum: '04DE5C01' };
    await expect(rig.station.rooms.act(desk, 'desk clerk')).rejects.toMatchObject({
      error: { code: 'encoder.busy', message: 'The encoder is in use: PMS: 1 key(s) for room 9200.' },
    });
    emulator.placeCard('04DE5C00');
    expect((await answer).fields.AS).toBe('OK');
    const action = await rig.station.rooms.act(desk, 'desk clerk');
    expect((await rig.station.rooms.waitAction(action.id, 10_000)).status).toBe('done');
  });

  it("no card in time: AS TO, saying which key and that nothing was made; the previous guest's keys are untouched and the encoder is free again", async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const placed = placeWhenAsked(rig, 1, '04B0B0B0');
    expect((await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 30_000)).fields.AS).toBe('OK');
    await placed;
    await removeCard(rig);
    const total = (await rig.station.outbox.list({ limit: 100, offset: 0 })).total;
    // The second card never comes.
    const one = placeWhenAsked(rig, 1, '04B1B1B1');
    const ka = await c.request(`KR|K#2|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 20_000);
    await one;
    expect(ka.fields.AS).toBe('TO');
    expect(ka.fields.CT).toContain('No card was placed on the encoder within 5 seconds (key 2 of 2 for room 9200).');
    expect(ka.fields.CT).toContain("No key was made for this request, and the room's earlier keys were not touched.");
    expect((await rig.station.outbox.list({ limit: 100, offset: 0 })).total).toBe(total);
    expect((await rig.station.rooms.show({ room: '9200' })).cards.map((k) => `${k.serialNum} ${k.status}`)).toEqual(['04B0B0B0 active']);
    expect(rig.station.encoder.leaseHolder()).toBeUndefined();
  });

  it('a card that is still a key of another room is refused as foreign (DC), not silently taken over', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const placed = placeWhenAsked(rig, 1, '04CAFE01');
    expect((await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 30_000)).fields.AS).toBe('OK');
    await placed;
    await removeCard(rig);
    const again = placeWhenAsked(rig, 1, '04CAFE01');
    const other = await c.request(`KR|K#1|KC1|KTN|RN203|WS4|${next()}|GD${out.fias}|`, 30_000);
    await again;
    expect(other.fields.AS).toBe('DC');
    expect(other.fields.CT).toContain('card 04CAFE01 is still a key for room 9200');
  });

  it('encoder busy: while a clerk reads a card at the desk the PMS is told so (BY); an encoder that is not this one is NR', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const deskRead = rig.station.encoder.read(1500).catch(() => undefined);
    const busy = await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`);
    expect(busy.fields.AS).toBe('BY');
    expect(busy.fields.CT).toContain('The encoder is in use: a clerk at this desk is reading a card.');
    await deskRead;
    const elsewhere = await c.request(`KR|K#1|KC7|KTN|RN9200|WS4|${next()}|GD${out.fias}|`);
    expect(elsewhere.fields).toMatchObject({ AS: 'NR', KC: '7' });
    expect(elsewhere.fields.CT).toContain('Encoder 7 is not connected to this Card Station; its encoder is 1.');
  });

  it('HTTP: two requests for the same encoder are served one at a time; the one that cannot start before its deadline is ENCODER_BUSY, never run later', async () => {
    const rig = await station('proximity', { httpAnswerWithinMs: 4000 });
    const body = { keyType: 'New', encoderId: '1', roomId: '9200', noOfKeys: 1, keyValidityEnd: `${out.iso}T12:00:00`, userId: 'opera' };
    const [a, b] = await Promise.all([postRoomKeys(rig.httpUrl, body), postRoomKeys(rig.httpUrl, { ...body, userId: 'opera2' })]);
    expect([a.body.responseCode, b.body.responseCode].sort()).toEqual(['CARD_TIMEOUT', 'ENCODER_BUSY']);
    const busy = [a, b].find((x) => x.body.responseCode === 'ENCODER_BUSY')!;
    expect(busy.body.responseText).toContain('busy with 1 earlier key request(s)');
    // The one that was told "busy" never asks for a card afterwards.
    let asked = false;
    const off = rig.station.events.on('progress', (p) => (asked ||= p.text?.code === 'pms.progress.place-card'));
    await new Promise((r) => setTimeout(r, 1500));
    off();
    expect(asked).toBe(false);
  });

  it('HTTP Read: the card on the encoder as cards:identify tells it; a card the station never made says so; no card is NO_CARD', async () => {
    const rig = await station('proximity', { httpAnswerWithinMs: 6000 });
    const none = await postRoomKeys(rig.httpUrl, { keyType: 'Read', encoderId: '1' });
    expect(none.body.responseCode).toBe('NO_CARD');
    expect(none.body.responseText).toContain('There is no card on the encoder.');
    emulator.placeCard('04ABCDEF');
    const stranger = await postRoomKeys(rig.httpUrl, { keyType: 'Read', encoderId: '1' });
    expect(stranger.body).toMatchObject({ responseCode: 'OK', responseText: 'Card 04ABCDEF is not a key this station has made.' });
    await removeCard(rig);
    const placed = placeWhenAsked(rig, 1, '04ABCDEF');
    const made = await postRoomKeys(rig.httpUrl, {
      keyType: 'New',
      encoderId: '1',
      roomId: '9200',
      keyValidityEnd: `${out.iso}T12:00:00`,
      userId: 'opera',
    });
    await placed;
    expect(made.body.responseCode).toBe('OK');
    const read = await postRoomKeys(rig.httpUrl, { keyType: 'Read', encoderId: '1' });
    expect(read.body).toMatchObject({
      responseCode: 'OK',
      responseText: `Card 04ABCDEF: room 9200, valid until ${out.iso} 12:00, active.`,
    });
  });
});

describe.skipIf(noSocat)('PMS keys by the room: per-room card kind, Tuya keys on the emulated PN532', () => {
  it("a room whose directory entry says Tuya gets Tuya keys on its lock (the station's kind is proximity): KR new with a card, KM changes the end at the cloud, KD deletes the key", async () => {
    const rig = await station('proximity');
    const imported = await rig.station.rooms.importCsv(
      { csv: 'display name,building,floor,room,tuya device id,pms card kind\nT801,8,1,801,lock-a,tuya' },
      'admin',
    );
    expect(imported).toMatchObject({ applied: true, added: 1 });
    expect((await rig.station.rooms.resolve({ room: 'T801' })).pmsCardKind).toBe('tuya');
    const c = await fias(rig);
    const placed = placeWhenAsked(rig, 1, '04BEEF01');
    const made = await c.request(`KR|K#1|KC1|KTN|RNT801|WS9|${next()}|GD${out.fias}|`, 30_000);
    await placed;
    expect(made.fields).toMatchObject({ AS: 'OK', CT: '1 key(s) for room T801 made.' });

    const later = departureIn(6);
    const km = await c.request(`KM|KC1|RNT801|WS9|${next()}|GD${later.fias}|DT10:00|`, 20_000);
    expect(km.fields.AS).toBe('OK');
    expect(km.fields.CT).toBe(`Stay in room T801 changed to end ${later.iso} 10:00: 1 key(s) changed.`);
    const requests = await sandbox.requests();
    expect(requests.some((r) => r.method === 'PUT' && /lock-devices\/lock-a\/cards\/[^/]+$/.test(r.path))).toBe(true);

    const kd = await c.request(`KD|KC1|RN8-1-801|WS9|${next()}|`, 20_000);
    expect(kd.fields).toMatchObject({ AS: 'OK', CT: 'Room T801 checked out: 1 key(s) revoked.' });
    const tuya = (await (await fetch(`${sandbox.sandbox.url}/__sandbox/cards`)).json()) as {
      tuya: Array<{ deviceId: string; cardId: string; deleted: boolean }>;
    };
    expect(tuya.tuya.filter((k) => k.deviceId === 'lock-a' && k.cardId === '04BEEF01').map((k) => k.deleted)).toEqual([true]);

    const unknown = await c.request(`KR|K#1|KC1|KTN|RNlock-a|WS9|${next()}|GD${out.fias}|`);
    expect(unknown.fields.AS).toBe('NF');
    expect(unknown.fields.CT).toContain('There is no room "lock-a" in the room directory.');
  });

  it('a room whose card kind its locks cannot take is refused with what to set, before any card is asked for', async () => {
    const rig = await station('proximity');
    await rig.station.rooms.importCsv({ csv: 'display name,building,floor,room,pms card kind\n203,1,2,203,qr' }, 'admin');
    const c = await fias(rig);
    let asked = false;
    const off = rig.station.events.on('progress', (p) => (asked ||= p.text?.code === 'pms.progress.place-card'));
    const ka = await c.request(`KR|K#1|KC1|KTN|RN203|WS9|${next()}|GD${out.fias}|MN13800000203|`);
    off();
    expect(ka.fields.AS).toBe('UR');
    expect(ka.fields.CT).toContain('Room 203 has no lock that takes qr keys (its locks take: proximity).');
    expect(ka.fields.CT).toContain('the "pms card kind" column of the room import');
    expect(asked).toBe(false);
  });
});
