/**
 * A card read on the encoder -> what it is (registry + live cloud look), the QR image to show and
 * print, "send by SMS again", the door log, and the truth about a loss report still in the queue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomActionView } from '../../shared/domain/rooms';
import { until } from '../outbox/helpers';
import { roomsRig, shanghai, wireAction, type RoomsRig } from './rig';

const rigs: RoomsRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function rig(options?: Parameters<typeof roomsRig>[0]): Promise<RoomsRig> {
  const r = await roomsRig(options);
  rigs.push(r);
  return r;
}

const settled = (r: RoomsRig, action: RoomActionView) => r.call('rooms:actionWait', { id: action.id, timeoutMs: 15_000 });

describe('read card -> what it is', () => {
  it('a blank card says so and offers to issue; a proximity card shows its room, validity and actions, live from the cloud', async () => {
    const r = await rig();
    const blank = await r.call('cards:identify', { serialNum: 'DEADBEEF' });
    expect(blank).toMatchObject({
      blank: true,
      card: null,
      room: null,
      status: 'unknown',
      actions: ['issue'],
      notice: { code: 'rooms.card-blank' },
    });
    expect(blank.live).toEqual([{ provider: 'uclbrt', checked: true, found: false }]);

    const end = shanghai(30);
    await settled(
      r,
      await r.call('rooms:action', { action: 'new-stay', room: '1-2-203', cardKind: 'proximity', serialNum: 'c0ffee10', end }),
    );
    const prox = await r.call('cards:identify', { serialNum: 'C0FFEE10' });
    expect(prox).toMatchObject({
      blank: false,
      kind: 'proximity',
      status: 'active',
      validTo: end,
      room: { key: '1-2-203', state: 'occupied' },
      actions: ['duplicate', 'extend', 'cancel', 'check-out'],
    });
    expect(prox.live[0]).toMatchObject({
      provider: 'uclbrt',
      checked: true,
      found: true,
      validTo: end,
      room: { buildNo: '1', floorNo: '2', roomNo: '203' },
    });
    expect((await r.requests()).some((q) => wireAction(q) === 'readCard')).toBe(true);
  });

  it('a QR card by number and a Tuya card by serial, each checked in its cloud; a Tuya card gone from its lock reads as stopped', async () => {
    const r = await rig();
    const end = shanghai(30);
    const stay = await settled(
      r,
      await r.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000001', end }),
    );
    await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '101', cardKind: 'tuya', serialNum: 'AABB3001' }));
    const cardNo = String(stay.steps[0].result?.cardNo);
    const qr = await r.call('cards:identify', { cardNo });
    expect(qr).toMatchObject({
      kind: 'qr',
      status: 'active',
      validTo: end,
      room: { key: '1-1-101' },
      live: [{ provider: 'uclbrt', found: true, status: 'issued', validTo: end }],
    });
    const tuya = await r.call('cards:identify', { serialNum: 'AABB3001' });
    expect(tuya).toMatchObject({ kind: 'tuya', status: 'active', room: { key: '1-1-101' }, live: [{ provider: 'tuya', found: true }] });
    const lockCard = [...r.tuya.state.tuya.cards.values()].find((c) => c.cardId === 'AABB3001')!;
    r.tuya.state.tuya.cards.delete(lockCard.lockCardId);
    expect(await r.call('cards:identify', { serialNum: 'AABB3001' })).toMatchObject({
      status: 'cancelled',
      actions: ['issue'],
      live: [{ provider: 'tuya', found: false }],
    });
    // Without the live look only the registry speaks.
    expect(await r.call('cards:identify', { serialNum: 'AABB3001', live: false })).toMatchObject({ status: 'active', live: [] });
  });
});

describe('QR card image and SMS', () => {
  it('the image is the cloud\'s PNG QR code; "send by SMS again" issues a duplicate to the same guest with sendSms', async () => {
    const r = await rig();
    const end = shanghai(30);
    const stay = await settled(
      r,
      await r.call('rooms:action', { action: 'new-stay', room: '102', cardKind: 'qr', mobile: '13800000004', end }),
    );
    const cardNo = String(stay.steps[0].result?.cardNo);
    const image = await r.call('cards:qrImage', { cardNo });
    expect(image).toMatchObject({ cardNo, validTo: end, roomKey: '1-1-102' });
    expect(image.image).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(image.image.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    const getCard = (await r.requests()).filter((q) => wireAction(q) === 'getCard').at(-1)!;
    expect(JSON.parse(getCard.body)).toMatchObject({ roomFlag: cardNo, mobile: '13800000004', resultType: '1' });

    const again = await settled(r, await r.call('cards:sendSmsAgain', { cardNo }));
    expect(again).toMatchObject({ action: 'duplicate', status: 'done', roomKey: '1-1-102' });
    const link = (await r.requests()).filter((q) => wireAction(q) === 'getLink').at(-1)!;
    expect(JSON.parse(link.body)).toMatchObject({ mobile: '13800000004', sendSms: '1', endTime: expect.any(String), roomNo: '102' });
    expect((await r.call('rooms:resolve', { room: '102' })).cards.active).toBe(2);
    expect(await r.invoke('cards:qrImage', { cardNo: 'NOSUCHCARD9' })).toMatchObject({ ok: false, error: { code: 'uclbrt.5210' } });
  });
});

describe('door log', () => {
  it("the room's openings of the last 7 days by default, 31 at most; a room without a UCLBRT lock has none", async () => {
    const r = await rig();
    const door = (body: object) => fetch(`${r.uclbrt.url}/__sandbox/door`, { method: 'POST', body: JSON.stringify(body) });
    await door({
      buildNo: '1',
      floorNo: '1',
      roomNo: '101',
      cardNo: 'RECENTCARD01',
      at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    await door({
      buildNo: '1',
      floorNo: '1',
      roomNo: '101',
      cardNo: 'OLDCARD00001',
      at: new Date(Date.now() - 20 * 86_400_000).toISOString(),
    });
    const week = await r.call('rooms:doorLog', { room: '101' });
    expect(week.entries.map((e) => e.cardNo)).toEqual(['RECENTCARD01']);
    expect(week.entries[0]).toMatchObject({
      method: 'QR code',
      opened: true,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    });
    const month = await r.call('rooms:doorLog', { room: '101', days: 31 });
    expect(month.entries.map((e) => e.cardNo)).toEqual(['RECENTCARD01', 'OLDCARD00001']);
    expect(await r.invoke('rooms:doorLog', { room: '101', days: 32 })).toMatchObject({ ok: false, error: { code: 'station.validation' } });
    await r.callAs('administrator', 'rooms:import', { csv: 'display name,building,floor,room,tuya device id\nAnnex,,,900,lock-a' });
    expect(await r.invoke('rooms:doorLog', { room: 'Annex' })).toMatchObject({ ok: false, error: { code: 'rooms.door-log-unavailable' } });
  });
});

describe('a queued loss report', () => {
  it('says plainly that the lost card still opens the door until the report reaches the cloud', async () => {
    const r = await rig({ split: true });
    const stay = await settled(
      r,
      await r.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000005', end: shanghai(30) }),
    );
    const cardNo = String(stay.steps[0].result?.cardNo);
    r.uclbrt.setFault('down', 1, 60_000);
    const loss = await r.call('operations:submit', { kind: 'uclbrt.qr.reportLost', input: { cardNo, wholeRoom: false } });
    await until(async () => (await r.call('operations:get', { id: loss.id })).attempts >= 1, 10_000, 'a first attempt');
    const details = await r.call('cards:details', { cardNo });
    expect(details.card?.status).toBe('active');
    expect(details.pending).toEqual([
      expect.objectContaining({
        operationId: loss.id,
        kind: 'uclbrt.qr.reportLost',
        stillOpens: true,
        notice: expect.objectContaining({
          code: 'rooms.still-opens.loss',
          message: `Card ${cardNo} still opens the door until the loss report reaches the cloud.`,
        }),
      }),
    ]);
    const room = await r.call('rooms:show', { room: '101' });
    expect(room.cards[0].pending[0]).toMatchObject({ operationId: loss.id, stillOpens: true });
    expect(room.room.work.queued).toBe(1);
    const read = await r.call('cards:identify', { cardNo, live: false });
    expect(read.notice?.code).toBe('rooms.still-opens.loss');
  }, 30_000);
});
