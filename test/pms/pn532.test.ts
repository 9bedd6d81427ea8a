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
import { startSandboxRig, type SandboxRig } from '../outbox/sandbox-rig';
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

async function proximityCards(roomNo: string): Promise<Array<{ serialNum: string; status: string }>> {
  const body = (await (await fetch(`${sandbox.sandbox.url}/__sandbox/cards`)).json()) as { uclbrt: Array<{ family: string; roomNo: string; serialNum: string; status: string }> };
  return body.uclbrt.filter((c) => c.family === 'proximity' && c.roomNo === roomNo);
}

describe.skipIf(noSocat)('PMS proximity keys on the emulated PN532', () => {
  it('KR new with 2 keys: the desk asks for card 1 of 2, then 2 of 2; both cards become keys; duplicate adds one; KD revokes all', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);

    const first = askedForCard(rig, 1);
    const answer = c.request(`KR|K#2|KC1|KTN|RN9-2-9200|WS4|${next()}|GNGuest One|G#77|GD${out.fias}|DT11:00|`, 30_000);
    const p1 = await first;
    expect(p1.label).toBe('PMS: 2 key(s) for room 9-2-9200 — place card 1 of 2');
    expect(rig.station.encoder.leaseHolder()?.label).toBe('PMS: 2 key(s) for room 9-2-9200');
    const second = askedForCard(rig, 2);
    emulator.placeCard('04A1B2C3');
    await second;
    await removeCard(rig);
    emulator.placeCard('04D4E5F6');
    const ka = await answer;
    expect(ka.fields).toMatchObject({ AS: 'OK', CT: '2 key(s) for room 9-2-9200 made.', KC: '1', WS: '4', 'G#': '77' });
    expect((await proximityCards('9200')).map((k) => k.serialNum).sort()).toEqual(['04A1B2C3', '04D4E5F6']);
    expect(rig.station.encoder.leaseHolder()).toBeUndefined();

    // Duplicate: one more card for the same stay. A card that already is a key of the room does not count.
    const again = await c.request(`KR|K#1|KC1|KTD|RN9-2-9200|WS4|${next()}|`, 30_000);
    expect(again.fields.AS).toBe('DC');
    expect(again.fields.CT).toContain('card 04D4E5F6 already is a key of this room');
    await removeCard(rig);
    const asked = askedForCard(rig, 1);
    const dup = c.request(`KR|K#1|KC1|KTD|RN9-2-9200|WS4|${next()}|`, 30_000);
    await asked;
    emulator.placeCard('04778899');
    expect((await dup).fields.AS).toBe('OK');
    expect((await proximityCards('9200')).filter((k) => k.status === 'issued')).toHaveLength(3);

    // Check-out: every card of the room stops working.
    await removeCard(rig);
    const kd = await c.request(`KD|KC1|RN9-2-9200|WS4|${next()}|`, 30_000);
    expect(kd.fields).toMatchObject({ AS: 'OK', CT: 'Room 9-2-9200 checked out: 3 key(s) revoked.' });
    expect((await proximityCards('9200')).map((k) => k.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('no card in time: AS TO, saying which key and what to do; the encoder is free again', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const ka = await c.request(`KR|K#1|KC1|KTN|RN9-2-9200|WS4|${next()}|GD${out.fias}|`, 20_000);
    expect(ka.fields.AS).toBe('TO');
    expect(ka.fields.CT).toContain('No card was placed on the encoder within 5 seconds (key 1 of 1 for room 9-2-9200).');
    expect(ka.fields.CT).toContain('Place a card on the encoder when the station asks for it');
    expect(rig.station.encoder.leaseHolder()).toBeUndefined();
  });

  it('a card that is still a key of another room is refused as foreign (DC), not silently taken over', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const asked = askedForCard(rig, 1);
    const made = c.request(`KR|K#1|KC1|KTN|RN9-2-9200|WS4|${next()}|GD${out.fias}|`, 30_000);
    await asked;
    emulator.placeCard('04CAFE01');
    expect((await made).fields.AS).toBe('OK');
    const other = await c.request(`KR|K#1|KC1|KTN|RN1-2-203|WS4|${next()}|GD${out.fias}|`, 30_000);
    expect(other.fields.AS).toBe('DC');
    expect(other.fields.CT).toContain('card 04CAFE01 is still a key for room 9200');
  });

  it('encoder busy: while a clerk reads a card at the desk the PMS is told so (BY); an encoder that is not this one is NR', async () => {
    const rig = await station('proximity');
    const c = await fias(rig);
    const deskRead = rig.station.encoder.read(1500).catch(() => undefined);
    const busy = await c.request(`KR|K#1|KC1|KTN|RN9-2-9200|WS4|${next()}|GD${out.fias}|`);
    expect(busy.fields.AS).toBe('BY');
    expect(busy.fields.CT).toContain('The encoder is in use: a clerk at this desk is reading a card.');
    await deskRead;
    const elsewhere = await c.request(`KR|K#1|KC7|KTN|RN9-2-9200|WS4|${next()}|GD${out.fias}|`);
    expect(elsewhere.fields).toMatchObject({ AS: 'NR', KC: '7' });
    expect(elsewhere.fields.CT).toContain('Encoder 7 is not connected to this Card Station; its encoder is 1.');
  });

  it('HTTP: two requests for the same encoder are served one at a time; the one that cannot start before its deadline is ENCODER_BUSY, never run later', async () => {
    const rig = await station('proximity', { httpAnswerWithinMs: 4000 });
    const body = { keyType: 'New', encoderId: '1', roomId: '9-2-9200', noOfKeys: 1, keyValidityEnd: `${out.iso}T12:00:00`, userId: 'opera' };
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

  it('HTTP Read: the card on the encoder as the station knows it; a card it never made says so; no card is NO_CARD', async () => {
    const rig = await station('proximity', { httpAnswerWithinMs: 6000 });
    const none = await postRoomKeys(rig.httpUrl, { keyType: 'Read', encoderId: '1' });
    expect(none.body.responseCode).toBe('NO_CARD');
    expect(none.body.responseText).toContain('There is no card on the encoder.');
    emulator.placeCard('04ABCDEF');
    const stranger = await postRoomKeys(rig.httpUrl, { keyType: 'Read', encoderId: '1' });
    expect(stranger.body).toMatchObject({ responseCode: 'OK', responseText: 'Card 04ABCDEF is not a key this station has made.' });
    const made = await postRoomKeys(rig.httpUrl, { keyType: 'New', encoderId: '1', roomId: '9-2-9200', keyValidityEnd: `${out.iso}T12:00:00`, userId: 'opera' });
    expect(made.body.responseCode).toBe('OK');
    const read = await postRoomKeys(rig.httpUrl, { keyType: 'Read', encoderId: '1' });
    expect(read.body).toMatchObject({ responseCode: 'OK', responseText: `Card 04ABCDEF: room 9200, valid until ${out.iso} 12:00, active.` });
  });
});

describe.skipIf(noSocat)('PMS Tuya keys on the emulated PN532', () => {
  it('KR new with a card, KM changes the stay end at the cloud, KD deletes the key', async () => {
    const rig = await station('tuya');
    const c = await fias(rig);
    const asked = askedForCard(rig, 1);
    const made = c.request(`KR|K#1|KC1|KTN|RNlock-a|WS9|${next()}|GD${out.fias}|`, 30_000);
    await asked;
    emulator.placeCard('04BEEF01');
    expect((await made).fields).toMatchObject({ AS: 'OK', CT: '1 key(s) for room lock-a made.' });

    const later = departureIn(6);
    const km = await c.request(`KM|KC1|RNlock-a|WS9|${next()}|GD${later.fias}|DT10:00|`, 20_000);
    expect(km.fields.AS).toBe('OK');
    expect(km.fields.CT).toBe(`Stay in room lock-a changed to end ${later.iso} 10:00: 1 key(s) changed.`);
    const requests = await sandbox.requests();
    expect(requests.some((r) => r.method === 'PUT' && /lock-devices\/lock-a\/cards\/[^/]+$/.test(r.path))).toBe(true);

    const kd = await c.request(`KD|KC1|RNlock-a|WS9|${next()}|`, 20_000);
    expect(kd.fields).toMatchObject({ AS: 'OK', CT: 'Room lock-a checked out: 1 key(s) revoked.' });

    const unknown = await c.request(`KR|K#1|KC1|KTN|RNlock-zz|WS9|${next()}|GD${out.fias}|`);
    expect(unknown.fields.AS).toBe('NF');
    expect(unknown.fields.CT).toContain('for Tuya keys the room must be named by its lock');
  });
});
