/**
 * Room actions through the IPC contract, against the sandbox cloud over loopback: new stay (with
 * the confirmation of the cards that stop working), duplicate, check-out across clouds, extend, and
 * an unknown room refused before anything is queued.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomActionView, RoomSummary } from '../../shared/domain/rooms';
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
const queueTotal = async (r: RoomsRig) => (await r.call('operations:list', { limit: 1 })).total;

describe('new stay', () => {
  it('on a vacant room issues at once; on an occupied one it lists the active cards, waits for the clerk, then stops them in order before issuing', async () => {
    const r = await rig();
    const end = shanghai(48);
    const first = await r.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000001', end });
    expect((await settled(r, first)).status).toBe('done');
    const dup = await r.call('rooms:action', { action: 'duplicate', room: '101', cardKind: 'tuya', serialNum: 'aabb0001' });
    expect((await settled(r, dup)).status).toBe('done');
    const before = await r.call('rooms:show', { room: '101' });
    expect(before.room).toMatchObject({ state: 'occupied', cards: { active: 2, pending: 0 }, stayEnd: end });
    expect(before.cards.map((c) => c.kind).sort()).toEqual(['qr', 'tuya']);

    // A new guest: refused until the clerk confirms the two cards, and nothing is queued meanwhile.
    const total = await queueTotal(r);
    const newGuest = { action: 'new-stay' as const, room: '101', cardKind: 'qr' as const, mobile: '13800000002', end: shanghai(72) };
    const refused = await r.invoke('rooms:action', newGuest);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'rooms.confirm-required', params: { room: '101', count: 2 }, field: 'confirmRevoke' },
    });
    expect(await queueTotal(r)).toBe(total);
    const plan = await r.call('rooms:preview', newGuest);
    expect(plan.revoke.map((c) => c.id).sort()).toEqual(before.cards.map((c) => c.id).sort());
    expect(plan.steps.map((s) => [s.role, s.operationKind])).toEqual([
      ['revoke', 'uclbrt.qr.cancel'],
      ['revoke', 'tuya.delete'],
      ['issue', 'uclbrt.qr.issue'],
    ]);
    // Confirming only one of them is not enough.
    const partly = await r.invoke('rooms:action', { ...newGuest, confirmRevoke: [plan.revoke[0].id] });
    expect(partly).toMatchObject({ ok: false, error: { code: 'rooms.confirm-stale' } });

    const action = await r.call('rooms:action', { ...newGuest, confirmRevoke: plan.revoke.map((c) => c.id) });
    const done = await settled(r, action);
    expect(done).toMatchObject({ status: 'done', action: 'new-stay', roomKey: '1-1-101' });
    expect(done.steps.map((s) => [s.role, s.progress])).toEqual([
      ['revoke', 'done'],
      ['revoke', 'done'],
      ['issue', 'done'],
    ]);
    const wire = (await r.requests()).map(wireAction).filter((a) => a === 'cancelCard' || a === 'tuya.delete' || a === 'getLink');
    expect(wire.slice(-3)).toEqual(['cancelCard', 'tuya.delete', 'getLink']);
    const after = await r.call('rooms:show', { room: '1-1-101' });
    expect(after.cards).toHaveLength(1);
    expect(after.cards[0]).toMatchObject({ kind: 'qr', holderMobile: '13800000002', status: 'active' });
    for (const old of before.cards) expect((await r.call('cards:details', { cardId: old.id })).card?.status).toBe('cancelled');
  });

  it('refuses an unknown room before anything is queued, naming the closest one', async () => {
    const r = await rig();
    await r.call('rooms:list', {});
    const total = await queueTotal(r);
    const unknown = await r.invoke('rooms:action', {
      action: 'new-stay',
      room: '7777',
      cardKind: 'qr',
      mobile: '13800000001',
      end: shanghai(24),
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'rooms.unknown', field: 'room', params: { room: '7777' } } });
    const typo = await r.invoke('rooms:action', {
      action: 'new-stay',
      room: '1011',
      cardKind: 'qr',
      mobile: '13800000001',
      end: shanghai(24),
    });
    expect(typo).toMatchObject({ ok: false, error: { code: 'rooms.unknown-near', params: { near: '101' } } });
    expect(await queueTotal(r)).toBe(total);
  });

  it('a request typed by hand (operations:submit) for a room the directory does not know is refused before it is queued; an empty directory leaves it to the cloud', async () => {
    const r = await rig({ importTuya: false });
    const qrFor = (roomNo: string) => ({
      kind: 'uclbrt.qr.issue' as const,
      input: {
        buildNo: '1',
        floorNo: '1',
        roomNo,
        mobile: '13800000001',
        areaCode: '86',
        cardType: 'room' as const,
        opentype: 'single' as const,
        sendSms: false,
        isLost: false,
        cipherType: 'none' as const,
        end: shanghai(24),
      },
    });
    // Never refreshed (offline since it was installed): the station cannot tell, so the cloud decides.
    const blind = await r.invoke('operations:submit', qrFor('998'));
    expect(blind).toMatchObject({ ok: true });
    await r.call('rooms:list', {});
    const total = await queueTotal(r);
    const unknown = await r.invoke('operations:submit', qrFor('999'));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'rooms.unknown', field: 'roomNo', params: { room: '1-1-999' } } });
    const typo = await r.invoke('operations:submit', qrFor('1011'));
    expect(typo).toMatchObject({ ok: false, error: { code: 'rooms.unknown-near', params: { room: '1-1-1011', near: '1-1-101' } } });
    const lost = await r.invoke('operations:submit', {
      kind: 'uclbrt.qr.reportLost',
      input: { cardNo: 'NEVERSEEN1', wholeRoom: true, buildNo: '1', floorNo: '1', roomNo: '999' },
    });
    expect(lost).toMatchObject({ ok: false, error: { code: 'rooms.unknown' } });
    expect(await queueTotal(r)).toBe(total);
    const known = await r.invoke('operations:submit', qrFor('101'));
    expect(known).toMatchObject({ ok: true, data: { state: expect.stringMatching(/queued|sending|done/) } });
  });

  it('takes the card kind and lock from the room: a kind the room has no lock for is refused', async () => {
    const r = await rig();
    const refused = await r.invoke('rooms:action', {
      action: 'new-stay',
      room: '201',
      cardKind: 'tuya',
      serialNum: 'AABB0002',
      end: shanghai(24),
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'rooms.card-kind-unsupported.tuya', field: 'cardKind', message: 'Room 201 has no lock that takes Tuya lock cards.' },
    });
    const prox = await r.call('rooms:action', {
      action: 'new-stay',
      room: '1-2-203',
      cardKind: 'proximity',
      serialNum: 'C0FFEE01',
      end: shanghai(24),
    });
    const done = await settled(r, prox);
    expect(done.status).toBe('done');
    expect(r.uclbrt.state.uclbrt.cards.find((c) => c.serialNum === 'C0FFEE01')).toMatchObject({ roomNo: '203', status: 'issued' });
    const op = await r.call('operations:get', { id: done.steps[0].operationId });
    expect(op.input).toMatchObject({ lockType: 'RFLOCK-V9', serialNum: 'C0FFEE01' });
  });
});

describe('duplicate', () => {
  it('is refused with the reason on a vacant room, and copies the stay (validity, guest) on an occupied one', async () => {
    const r = await rig();
    const vacant = await r.invoke('rooms:action', { action: 'duplicate', room: '102', cardKind: 'qr', mobile: '13800000001' });
    expect(vacant).toMatchObject({ ok: false, error: { code: 'rooms.no-stay', params: { room: '102' } } });
    const end = shanghai(30);
    await settled(r, await r.call('rooms:action', { action: 'new-stay', room: '102', cardKind: 'qr', mobile: '13800000009', end }));
    const dup = await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '102', cardKind: 'qr' }));
    expect(dup.status).toBe('done');
    const details = await r.call('rooms:show', { room: '102' });
    expect(details.cards).toHaveLength(2);
    for (const c of details.cards) expect(c).toMatchObject({ validTo: end, holderMobile: '13800000009', status: 'active' });
    expect(details.available.find((a) => a.action === 'duplicate')).toMatchObject({ allowed: true });
  });
});

describe('check-out', () => {
  it('stops every card of the room across clouds, in order, with progress per card; the room is vacant after', async () => {
    const r = await rig();
    await settled(
      r,
      await r.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000001', end: shanghai(24) }),
    );
    await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '101', cardKind: 'tuya', serialNum: 'AABB0003' }));
    await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '101', cardKind: 'proximity', serialNum: 'AABB0004' }));
    const plan = await r.call('rooms:preview', { action: 'check-out', room: '101' });
    expect(plan.revoke).toHaveLength(3);
    const action = await r.call('rooms:action', { action: 'check-out', room: '101', confirmRevoke: plan.revoke.map((c) => c.id) });
    expect(action.steps.map((s) => s.operationKind)).toEqual(['uclbrt.qr.cancel', 'tuya.delete', 'uclbrt.prox.cancel']);
    const done = await settled(r, action);
    expect(done.steps.map((s) => s.progress)).toEqual(['done', 'done', 'done']);
    const wire = (await r.requests()).map(wireAction).filter((a) => a === 'cancelCard' || a === 'tuya.delete');
    expect(wire.slice(-3)).toEqual(['cancelCard', 'tuya.delete', 'cancelCard']);
    const [room] = (await r.call('rooms:list', { query: '101' })).items;
    expect(room).toMatchObject({ key: '1-1-101', state: 'vacant', cards: { active: 0, pending: 0 } });
    expect(await r.invoke('rooms:action', { action: 'check-out', room: '101' })).toMatchObject({
      ok: false,
      error: { code: 'rooms.vacant' },
    });
  });

  it('on a lock that cannot stop one QR card alone, one whole-room loss report stops them all', async () => {
    const r = await rig();
    await settled(
      r,
      await r.call('rooms:action', { action: 'new-stay', room: '103', cardKind: 'qr', mobile: '13800000001', end: shanghai(24) }),
    );
    await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '103', cardKind: 'qr', mobile: '13800000002' }));
    const plan = await r.call('rooms:preview', { action: 'check-out', room: '103' });
    const done = await settled(
      r,
      await r.call('rooms:action', { action: 'check-out', room: '103', confirmRevoke: plan.revoke.map((c) => c.id) }),
    );
    expect(done.steps).toHaveLength(2);
    expect(done.steps.every((s) => s.operationKind === 'uclbrt.qr.reportLost' && s.progress === 'done')).toBe(true);
    expect(new Set(done.steps.map((s) => s.operationId)).size).toBe(1);
    expect((await r.requests()).filter((q) => wireAction(q) === 'reportLost')).toHaveLength(1);
    for (const card of plan.revoke) expect((await r.call('cards:details', { cardId: card.id })).card?.status).toBe('lost');
  });

  it('a card whose issue is still queued and never reached the cloud is withdrawn, not revoked', async () => {
    const r = await rig({ split: true });
    r.uclbrt.setFault('down', 1, 60_000);
    const pending = await r.call('rooms:action', {
      action: 'new-stay',
      room: '102',
      cardKind: 'qr',
      mobile: '13800000001',
      end: shanghai(24),
    });
    await until(
      async () => (await r.call('operations:get', { id: pending.steps[0].operationId })).attempts >= 1,
      10_000,
      'a first failed attempt',
    );
    // Between attempts (an attempt in flight is "being sent right now": the clerk is asked to wait a moment).
    let preview = await r.invoke('rooms:preview', { action: 'check-out', room: '102' });
    await until(
      async () => {
        preview = await r.invoke('rooms:preview', { action: 'check-out', room: '102' });
        return preview.ok || preview.error.code !== 'rooms.issue-in-progress';
      },
      10_000,
      'the issue to wait between attempts',
    );
    if (!preview.ok) throw new Error(preview.error.message);
    const plan = preview.data;
    expect(plan.steps.map((s) => s.role)).toEqual(['withdraw']);
    const done = await r.call('rooms:action', { action: 'check-out', room: '102', confirmRevoke: plan.revoke.map((c) => c.id) });
    expect(done).toMatchObject({ status: 'done', steps: [{ role: 'withdraw', state: 'discarded', progress: 'done' }] });
    expect((await r.call('rooms:resolve', { room: '102' })).state).toBe('vacant');
  });
});

describe('extend', () => {
  it('Tuya: new validity in place; QR: a new card, the old one cancelled after; proximity: the card written again; no gap', async () => {
    const r = await rig();
    const end = shanghai(24);
    const newEnd = shanghai(72);
    await settled(r, await r.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000001', end }));
    await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '101', cardKind: 'tuya', serialNum: 'AABB0005' }));
    await settled(r, await r.call('rooms:action', { action: 'duplicate', room: '101', cardKind: 'proximity', serialNum: 'AABB0006' }));
    expect(await r.invoke('rooms:action', { action: 'extend', room: '101', end: shanghai(12) })).toMatchObject({
      ok: false,
      error: { code: 'rooms.extend-not-later' },
    });
    const action = await r.call('rooms:action', { action: 'extend', room: '101', end: newEnd });
    expect(action.steps.map((s) => [s.role, s.operationKind])).toEqual([
      ['issue', 'uclbrt.qr.issue'],
      ['revoke-replaced', 'uclbrt.qr.cancel'],
      ['extend', 'tuya.modify'],
      ['extend', 'uclbrt.prox.issue'],
    ]);
    expect(action.steps[1].dependsOn).toBe(action.steps[0].operationId);
    expect(action.notes.map((n) => n.code)).toEqual(['rooms.extend-rewrite']);
    const done = await settled(r, action);
    expect(done.status).toBe('done');
    const wire = (await r.requests()).map(wireAction);
    expect(wire.lastIndexOf('getLink')).toBeLessThan(wire.lastIndexOf('cancelCard'));
    const details = await r.call('rooms:show', { room: '101' });
    expect(details.room.stayEnd).toBe(newEnd);
    expect(details.cards.map((c) => [c.kind, c.validTo]).sort()).toEqual([
      ['proximity', newEnd],
      ['qr', newEnd],
      ['tuya', newEnd],
    ]);
    const tuyaCard = [...r.tuya.state.tuya.cards.values()].find((c) => c.cardId === 'AABB0005');
    expect(tuyaCard?.deleted).toBe(false);
  });
});

describe('pushes', () => {
  it('room:updated and room-action:updated follow the operations, so every view can refresh', async () => {
    const r = await rig();
    const rooms: RoomSummary[] = [];
    const actions: RoomActionView[] = [];
    r.station.events.on('room:updated', (s) => rooms.push(s));
    r.station.events.on('room-action:updated', (a) => actions.push(a));
    const action = await r.call('rooms:action', {
      action: 'new-stay',
      room: '201',
      cardKind: 'qr',
      mobile: '13800000001',
      end: shanghai(24),
    });
    await until(() => actions.some((a) => a.id === action.id && a.status === 'done'), 10_000, 'the action pushed as done');
    await until(
      () => rooms.some((s) => s.key === '1-2-201' && s.state === 'occupied' && s.cards.active === 1),
      10_000,
      'the room pushed as occupied',
    );
  });
});
