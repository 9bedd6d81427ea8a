/**
 * Room actions when a cloud misbehaves (UCLBRT and Tuya as two sandboxes, so one can be down while
 * the other answers):
 * - a check-out while UCLBRT is down finishes by itself when it returns, in the order accepted,
 *   and the next guest's new key follows it;
 * - a new key over active cards whose revoke fails never leaves the old guest's card active
 *   silently: the new card waits and the clerk is told;
 * - an extension whose new card is not confirmed never stops the old card (no gap).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomActionView } from '../../shared/domain/rooms';
import { until } from '../outbox/helpers';
import { roomsRig, shanghai, wireAction, type RoomsRig } from './rig';

const rigs: RoomsRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

const settled = (r: RoomsRig, action: RoomActionView) => r.call('rooms:actionWait', { id: action.id, timeoutMs: 15_000 });

/** A room with a QR card (UCLBRT) then a Tuya card: the check-out stops the QR card first. */
async function occupied(r: RoomsRig, room: string, serial: string): Promise<void> {
  expect(
    (await settled(r, await r.call('rooms:action', { action: 'new-stay', room, cardKind: 'qr', mobile: '13800000001', end: shanghai(24) })))
      .status,
  ).toBe('done');
  expect((await settled(r, await r.call('rooms:action', { action: 'duplicate', room, cardKind: 'tuya', serialNum: serial }))).status).toBe(
    'done',
  );
}

describe('room actions under faults', () => {
  it('a check-out while UCLBRT is down finishes by itself when it comes back, in order; the next new key goes after it', async () => {
    const r = await roomsRig({ split: true });
    rigs.push(r);
    await occupied(r, '101', 'AABB1001');
    const plan = await r.call('rooms:preview', { action: 'check-out', room: '101' });
    expect(plan.steps.map((s) => s.operationKind)).toEqual(['uclbrt.qr.cancel', 'tuya.delete']);

    r.uclbrt.setFault('down', 1, 3_000);
    await new Promise((res) => setTimeout(res, 50));
    const checkOut = await r.call('rooms:action', { action: 'check-out', room: '101', confirmRevoke: plan.revoke.map((c) => c.id) });
    const nextGuest = await r.call('rooms:action', {
      action: 'new-stay',
      room: '101',
      cardKind: 'tuya',
      serialNum: 'AABB1002',
      end: shanghai(48),
    });

    // While UCLBRT is down, Tuya answers, but the Tuya delete and the next card wait their turn.
    await until(
      async () => (await r.call('operations:get', { id: checkOut.steps[0].operationId })).attempts >= 1,
      10_000,
      'the cancel tried once',
    );
    const waiting = await r.call('rooms:actionGet', { id: checkOut.id });
    expect(waiting.status).toBe('in-progress');
    expect(waiting.steps.map((s) => s.progress)).toEqual(['queued', 'queued']);
    expect(waiting.steps[1].waitingFor?.reason.code).toBe('outbox.waiting.room');
    expect(
      (await r.requests()).filter(
        (q) => q.cloud === 'tuya' && (wireAction(q) === 'tuya.delete' || (wireAction(q) === 'tuya.issue' && q.body.includes('AABB1002'))),
      ),
    ).toEqual([]);

    // UCLBRT comes back: everything goes out by itself, in the order accepted.
    const done = await r.call('rooms:actionWait', { id: checkOut.id, timeoutMs: 20_000 });
    expect(done.status).toBe('done');
    expect((await settled(r, nextGuest)).status).toBe('done');
    const wire = (await r.requests())
      .filter((q) => q.outcome === 'uclbrt.200' || q.outcome === 'tuya.ok')
      .map((q) => wireAction(q))
      .filter((a) => a === 'cancelCard' || a === 'tuya.delete' || a === 'tuya.issue');
    expect(wire.slice(-3)).toEqual(['cancelCard', 'tuya.delete', 'tuya.issue']);
    const details = await r.call('rooms:show', { room: '101' });
    expect(details.cards.map((c) => [c.kind, c.serialNum])).toEqual([['tuya', 'AABB1002']]);
  }, 40_000);

  it('new key over active cards with the revoke refused: the new card waits, the old card shows as still active, the clerk is told', async () => {
    const r = await roomsRig();
    rigs.push(r);
    await occupied(r, '102', 'AABB2001');
    // The Tuya card vanished from the lock's cloud behind the station's back: deleting it is refused (1000).
    const tuyaCard = [...r.tuya.state.tuya.cards.values()].find((c) => c.cardId === 'AABB2001')!;
    r.tuya.state.tuya.cards.delete(tuyaCard.lockCardId);

    const plan = await r.call('rooms:preview', {
      action: 'new-stay',
      room: '102',
      cardKind: 'qr',
      mobile: '13800000002',
      end: shanghai(48),
    });
    const action = await r.call('rooms:action', {
      action: 'new-stay',
      room: '102',
      cardKind: 'qr',
      mobile: '13800000002',
      end: shanghai(48),
      confirmRevoke: plan.revoke.map((c) => c.id),
    });
    const told = await settled(r, action);
    expect(told.status).toBe('needs-attention');
    expect(told.steps.map((s) => [s.operationKind, s.progress])).toEqual([
      ['uclbrt.qr.cancel', 'done'],
      ['tuya.delete', 'failed'],
      ['uclbrt.qr.issue', 'failed'],
    ]);
    expect(told.steps[1]).toMatchObject({ state: 'failed', lastError: { code: 'tuya.1000' } });
    expect(told.steps[2]).toMatchObject({
      state: 'queued',
      waitingFor: { operationId: told.steps[1].operationId, needsDecision: true, reason: { code: 'outbox.blocked-failed.room' } },
    });
    expect((await r.requests()).filter((q) => wireAction(q) === 'getLink' && q.body.includes('13800000002'))).toEqual([]);

    // The room page still shows the old Tuya card as active, with its failed revoke.
    const details = await r.call('rooms:show', { room: '102' });
    const old = details.cards.find((c) => c.kind === 'tuya')!;
    expect(old).toMatchObject({
      status: 'active',
      pending: [{ kind: 'tuya.delete', state: 'failed', stillOpens: true, notice: { code: 'rooms.still-opens.delete' } }],
    });
    expect(details.room.work).toMatchObject({ failed: 1, queued: 1 });
  }, 30_000);

  it('extend: a new QR card whose outcome is uncertain holds the old card; discarded, the old card is never cancelled', async () => {
    const r = await roomsRig();
    rigs.push(r);
    expect(
      (
        await settled(
          r,
          await r.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000003', end: shanghai(24) }),
        )
      ).status,
    ).toBe('done');
    const [oldCard] = (await r.call('rooms:show', { room: '101' })).cards;

    r.uclbrt.setFault('http500', 1);
    const action = await r.call('rooms:action', { action: 'extend', room: '101', end: shanghai(72) });
    const held = await settled(r, action);
    expect(held.steps.map((s) => [s.role, s.state])).toEqual([
      ['issue', 'uncertain'],
      ['revoke-replaced', 'queued'],
    ]);
    expect(held.steps[1].waitingFor).toMatchObject({ operationId: held.steps[0].operationId, needsDecision: true });
    expect((await r.call('cards:details', { cardId: oldCard.id })).card?.status).toBe('active');

    await r.callAs('supervisor', 'operations:discard', { id: held.steps[0].operationId });
    const after = await r.call('rooms:actionGet', { id: action.id });
    expect(after.steps[1]).toMatchObject({ state: 'failed', lastError: { code: 'outbox.dependency-discarded' } });
    await new Promise((res) => setTimeout(res, 300));
    expect((await r.requests()).filter((q) => wireAction(q) === 'cancelCard')).toEqual([]);
    expect((await r.call('cards:details', { cardId: oldCard.id })).card?.status).toBe('active');
    expect(r.uclbrt.state.uclbrt.cards.find((c) => c.cardNo === oldCard.cardNo)?.status).toBe('issued');
  }, 30_000);
});
