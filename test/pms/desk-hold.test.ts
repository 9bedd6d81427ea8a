/**
 * The encoder shared by the desk and the PMS: while a clerk's screen holds the encoder
 * (`encoder:hold`, through the dispatcher as the window calls it), a PMS key request is answered
 * "encoder busy" at once, naming the clerk's job, and asks for no card; once the hold ends (given
 * back, the window gone, the idle time) the PMS gets the next card. The PMS side is the independent
 * FIAS test client and plain fetch; the encoder is the simulated PN532.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../shared/domain/status';
import { startSandboxRig, type SandboxRig } from '../outbox/sandbox-rig';
import { waitFor } from '../encoder/pty';
import { signedInInvoke } from '../sign-in';
import { FiasTestClient } from './fias-client';
import { departureIn, postRoomKeys, startPmsRig, type PmsRig } from './pms-rig';

let sandbox: SandboxRig;
let pms: PmsRig | undefined;
const clients: FiasTestClient[] = [];
let stamp = 0;
const next = () => `DA261124|TI${String(300000 + ++stamp).slice(-6)}`;
const out = departureIn(3);

beforeAll(async () => {
  sandbox = await startSandboxRig();
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await pms?.close();
  pms = undefined;
});

async function station(options: { httpAnswerWithinMs?: number; deskHoldIdleMs?: number } = {}): Promise<PmsRig> {
  pms = await startPmsRig({
    rig: sandbox,
    encoder: { driver: 'simulator', lockType: 'RFLOCK-V9' },
    pms: { fias: { port: 0 }, http: { port: 0 }, cardKind: 'proximity', keyWaitSeconds: 8 },
    cloudWaitMs: 8000,
    ...options,
  });
  await waitFor(() => pms!.station.encoder.status().state === 'ready', 10_000, 'the simulated encoder to be ready');
  return pms;
}

async function fias(rig: PmsRig): Promise<FiasTestClient> {
  const c = await FiasTestClient.open(rig.fiasPort);
  clients.push(c);
  await c.handshake();
  return c;
}

/** Every time the desk is asked to place a card for the PMS. */
function cardRequests(rig: PmsRig): { asked: Progress[]; stop(): void } {
  const asked: Progress[] = [];
  const stop = rig.station.events.on('progress', (p) => {
    if (p.text?.code === 'pms.progress.place-card') asked.push(p);
  });
  return { asked, stop };
}

/** Places `uid` once the PMS asks for card `n`. */
function placeWhenAsked(rig: PmsRig, n: number, uid: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const off = rig.station.events.on('progress', (p) => {
      if (p.text?.code !== 'pms.progress.place-card' || p.text.params.n !== n) return;
      off();
      rig.station.encoder.simulate({ action: 'place', uid }).then(() => resolve(), reject);
    });
  });
}

/** Takes the card off and waits until the station has noticed. */
async function removeCard(rig: PmsRig): Promise<void> {
  const gone = new Promise<void>((resolve) => {
    const off = rig.station.events.on('encoder:card-removed', () => {
      off();
      resolve();
    });
  });
  await rig.station.encoder.simulate({ action: 'remove' });
  await gone;
}

function deskCards(rig: PmsRig): { uids: string[]; stop(): void } {
  const uids: string[] = [];
  const stop = rig.station.events.on('encoder:card', (c) => uids.push(c.uid));
  return { uids, stop };
}

describe('the desk holds the encoder; the PMS is told it is busy, then gets its card', () => {
  it("FIAS: while a clerk waits for a card on the new-stay panel, KR is answered BY at once naming the clerk and the job, and asks for no card; the clerk's card is the clerk's; after the clerk gives the encoder back the PMS gets the next card", async () => {
    const rig = await station();
    const c = await fias(rig);
    const clerk = await signedInInvoke(rig.station, 'clerk');
    const hold = await clerk('encoder:hold', { job: 'new-stay', room: '9200' });
    if (!hold.ok) throw new Error(hold.error.message);

    const requests = cardRequests(rig);
    const started = Date.now();
    const busy = await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(busy.fields).toMatchObject({ AS: 'BY', RN: '9200', WS: '4' });
    expect(busy.fields.CT).toBe(
      'The encoder is in use: Desk (test-clerk): new key for room 9200. Wait until that work is finished (or ask the clerk at the desk to finish or leave that screen), then try again.',
    );
    expect(requests.asked).toEqual([]);

    // The clerk's card goes to the clerk's screen.
    const desk = deskCards(rig);
    await rig.station.encoder.simulate({ action: 'place', uid: '04DE5C10' });
    await waitFor(() => desk.uids.includes('04DE5C10'), 5_000, "the clerk's card at the desk");
    await removeCard(rig);

    expect(await clerk('encoder:release', { holdId: hold.data.holdId })).toEqual({ ok: true, data: { released: true } });
    const placed = placeWhenAsked(rig, 1, '04DE5C11');
    const made = await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 30_000);
    await placed;
    expect(made.fields).toMatchObject({ AS: 'OK', CT: '1 key(s) for room 9200 made.' });
    expect(requests.asked.map((p) => p.label)).toEqual(['PMS: 1 key(s) for room 9200 — place card 1 of 1']);
    // The PMS's card was not handed to the desk's screens.
    expect(desk.uids).toEqual(['04DE5C10']);
    desk.stop();
    requests.stop();
  });

  it('HTTP: a hold makes the key API answer ENCODER_BUSY (201) naming the job; the window closing frees the encoder and the PMS gets the card', async () => {
    const rig = await station({ httpAnswerWithinMs: 10_000 });
    const clerk = await signedInInvoke(rig.station, 'clerk');
    expect((await clerk('encoder:hold', { job: 'duplicate', room: '9200' })).ok).toBe(true);
    const body = { keyType: 'New', encoderId: '1', roomId: '9200', noOfKeys: 1, keyValidityEnd: `${out.iso}T12:00:00`, userId: 'opera' };
    const busy = await postRoomKeys(rig.httpUrl, body);
    expect(busy.status).toBe(201);
    expect(busy.body).toMatchObject({ responseCode: 'ENCODER_BUSY', roomId: '9200' });
    expect(busy.body.responseText).toContain('The encoder is in use: Desk (test-clerk): duplicate key for room 9200.');

    // The window goes (the harness socket dropped, the app window closed).
    clerk.ctx.connection.close();
    const placed = placeWhenAsked(rig, 1, '04DE5C21');
    const made = await postRoomKeys(rig.httpUrl, body);
    await placed;
    expect(made.body).toMatchObject({ responseCode: 'OK', responseText: '1 key(s) for room 9200 made.' });
  });

  it('a forgotten screen: after the idle time without input at the window the hold ends and the PMS gets the card', async () => {
    const rig = await station({ deskHoldIdleMs: 700 });
    const c = await fias(rig);
    const clerk = await signedInInvoke(rig.station, 'clerk');
    expect((await clerk('encoder:hold', { job: 'read' })).ok).toBe(true);
    expect((await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 10_000)).fields.AS).toBe('BY');
    await waitFor(() => rig.station.encoder.leaseHolder() === undefined, 5_000, 'the forgotten hold to end');
    const placed = placeWhenAsked(rig, 1, '04DE5C31');
    const made = await c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 30_000);
    await placed;
    expect(made.fields.AS).toBe('OK');
  });

  it('while the PMS waits for a card the desk cannot take the encoder (refused naming the PMS request); once the PMS is done it can', async () => {
    const rig = await station();
    const c = await fias(rig);
    const clerk = await signedInInvoke(rig.station, 'clerk');
    const asked = new Promise<void>((resolve) => {
      const off = rig.station.events.on('progress', (p) => {
        if (p.text?.code === 'pms.progress.place-card') {
          off();
          resolve();
        }
      });
    });
    const answer = c.request(`KR|K#1|KC1|KTN|RN9200|WS4|${next()}|GD${out.fias}|`, 30_000);
    await asked;
    const refused = await clerk('encoder:hold', { job: 'new-stay', room: '9200' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'encoder.busy', message: 'The encoder is in use: PMS: 1 key(s) for room 9200.' },
    });
    await rig.station.encoder.simulate({ action: 'place', uid: '04DE5C41' });
    expect((await answer).fields.AS).toBe('OK');
    expect((await clerk('encoder:hold', { job: 'new-stay', room: '9200' })).ok).toBe(true);
  });
});
