/**
 * Several desks of one hotel, each a whole station as the app runs it (through the IPC dispatcher,
 * signed in), on the hotel's one cloud and one site database, syncing in the background on the
 * real interval. What staff notice: desk B sees the card desk A issued within 2 s; the overlap
 * warning, read card and the rooms screen work hotel-wide; an operator added at A signs in at B;
 * a room's work goes out in the order the desks accepted it; the Activity screen can show the
 * whole hotel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomActionView } from '../../shared/domain/rooms';
import { createDispatcher } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import type { Outbox } from '../../electron/services/outbox';
import { until } from '../outbox/helpers';
import { departureIn, postRoomKeys } from '../pms/pms-rig';
import { shanghai, wireAction } from '../rooms/rig';
import { openHotel, type Hotel, type HotelDesk } from './hotel-rig';
import { setUpSite, useCluster, withoutPostgres } from './helpers';

const skip = withoutPostgres('desks of one hotel (PostgreSQL)');

describe.skipIf(skip)('desks of one hotel', () => {
  const cluster = useCluster();
  const hotels: Hotel[] = [];
  afterEach(async () => {
    for (const h of hotels.splice(0)) await h.close();
  });
  const hotel = async (siteId: string) => {
    await setUpSite(cluster.get(), siteId);
    const h = await openHotel(cluster.get(), siteId);
    hotels.push(h);
    return h;
  };
  const settled = (d: HotelDesk, action: RoomActionView) => d.call('rooms:actionWait', { id: action.id, timeoutMs: 15_000 });

  /** A new stay with a QR card, done; its card number. */
  async function guest(d: HotelDesk, room: string, mobile: string): Promise<string> {
    const done = await settled(
      d,
      await d.call('rooms:action', {
        action: 'new-stay',
        room,
        cardKind: 'qr',
        mobile,
        end: shanghai(24),
        confirmRevoke: (await d.call('rooms:preview', { action: 'new-stay', room, cardKind: 'qr', mobile, end: shanghai(24) })).revoke.map(
          (c) => c.id,
        ),
      }),
    );
    expect(done.status).toBe('done');
    const cardNo = done.steps.find((s) => s.role === 'issue')?.result?.cardNo;
    expect(typeof cardNo).toBe('string');
    return cardNo as string;
  }

  it('desk B sees the card desk A issued within 2 s: search, card details with what A did, the room, and the hotel-wide activity', async () => {
    const h = await hotel('hotel-live');
    const a = await h.desk('front-desk');
    const b = await h.desk('back-office');
    const lags: number[] = [];
    let cardNo = '';
    for (let i = 0; i < 3; i++) {
      cardNo = await guest(a, '101', `1380000010${i}`);
      const activeAt = Date.now();
      await until(
        async () => (await b.call('cards:find', { query: cardNo })).some((c) => c.status === 'active'),
        5_000,
        `card ${cardNo} at desk B`,
      );
      lags.push(Date.now() - activeAt);
    }
    console.log(`desk B found desk A's new cards after ${lags.join(', ')} ms`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(2000);

    const details = await b.call('cards:details', { cardNo });
    expect(details.card).toMatchObject({ cardNo, status: 'active', roomNo: '101' });
    expect(details.history.some((e) => e.station === 'front-desk' && e.action === 'operation.done')).toBe(true);
    // The room at desk B: A's current guest's card, occupied (the earlier guests' cards were stopped by A).
    const room = await b.call('rooms:show', { room: '101' });
    expect(room.cards.map((c) => c.cardNo)).toEqual([cardNo]);
    expect(room.room).toMatchObject({ state: 'occupied', cards: { active: 1, pending: 0 } });
    expect((await b.call('rooms:list', {})).items.find((r) => r.displayName === '101')).toMatchObject({
      state: 'occupied',
      cards: { active: 1 },
    });

    // The Activity screen: this desk's log by default, the whole hotel's on request (each entry with its desk).
    const own = await b.callAs('supervisor', 'audit:list', { action: 'room.new-stay' });
    expect(own.total).toBe(0);
    const all = await b.callAs('supervisor', 'audit:list', { action: 'room.new-stay', scope: 'hotel' });
    expect(all.total).toBe(3);
    expect(all.items.every((e) => e.station === 'front-desk' && e.operator === 'test-clerk')).toBe(true);
    const csv = await b.callAs('supervisor', 'audit:exportCsv', { action: 'room.new-stay', scope: 'hotel' });
    expect(csv.csv.split('\r\n')[0]).toBe('station,seq,at,operator,action,operation_id,kind,state,subject,error_code,error_message,detail');
    expect(csv.rows).toBe(3);
  }, 90_000);

  it('the overlap warning and read card work hotel-wide: desk B must confirm the card desk A gave out, then its new stay stops it', async () => {
    const h = await hotel('hotel-overlap');
    const a = await h.desk('front-desk');
    const b = await h.desk('back-office');
    const cardNo = await guest(a, '102', '13800000201');
    await until(async () => (await b.call('rooms:show', { room: '102' })).cards.length === 1, 5_000, "A's card in room 102 at desk B");

    // Read card at B: A's card, its room, what can be done.
    const read = await b.call('cards:identify', { cardNo });
    expect(read.card).toMatchObject({ cardNo, status: 'active' });
    expect(read.room).toMatchObject({ displayName: '102', state: 'occupied' });
    expect(read.actions).toEqual(expect.arrayContaining(['duplicate', 'check-out']));

    // "Room 102 already has active cards": B's new stay lists A's card and is refused until confirmed.
    const request = { action: 'new-stay' as const, room: '102', cardKind: 'qr' as const, mobile: '13800000202', end: shanghai(48) };
    const plan = await b.call('rooms:preview', request);
    expect(plan.revoke.map((c) => c.cardNo)).toEqual([cardNo]);
    const refused = await b.invoke('rooms:action', request);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('rooms.confirm-required');

    const done = await settled(b, await b.call('rooms:action', { ...request, confirmRevoke: plan.revoke.map((c) => c.id) }));
    expect(done.status).toBe('done');
    expect(done.steps.map((s) => [s.operationKind, s.progress])).toEqual([
      ['uclbrt.qr.cancel', 'done'],
      ['uclbrt.qr.issue', 'done'],
    ]);
    // Desk A learns that its guest's card was stopped at B, and who is in the room now.
    await until(
      async () => (await a.call('cards:find', { query: cardNo })).some((c) => c.status === 'cancelled'),
      5_000,
      'A to see its card cancelled',
    );
    const newCard = done.steps[1].result?.cardNo;
    await until(
      async () => (await a.call('rooms:show', { room: '102' })).cards.map((c) => c.cardNo).join() === newCard,
      5_000,
      "B's card in room 102 at desk A",
    );
  }, 90_000);

  it("report lost hotel-wide: desk B finds the guest's card desk A gave out and reports the whole room lost without naming the room", async () => {
    const h = await hotel('hotel-lost');
    const a = await h.desk('front-desk');
    const b = await h.desk('back-office');
    // Room 103's lock stops QR cards by a whole-room loss report.
    const cardNo = await guest(a, '103', '13800000501');
    await until(
      async () => (await b.call('cards:find', { query: '13800000501' })).length === 1,
      5_000,
      "A's guest found by mobile at desk B",
    );
    const [found] = await b.call('cards:find', { query: '13800000501' });
    expect(found).toMatchObject({ cardNo, roomNo: '103', status: 'active' });
    const op = await b.call('operations:submit', { kind: 'uclbrt.qr.reportLost', input: { cardNo, wholeRoom: true } });
    expect(op.state).not.toBe('failed');
    await until(async () => (await b.call('operations:get', { id: op.id })).state === 'done', 10_000, 'the loss report done');
    await until(
      async () => (await a.call('cards:find', { query: cardNo })).some((c) => c.status === 'lost'),
      5_000,
      'A to see the card lost',
    );
    expect((await a.call('rooms:show', { room: '103' })).cards).toEqual([]);
  }, 90_000);

  it("room order across desks: B's new stay waits for A's pending check-out (and is told), then goes out after it", async () => {
    const h = await hotel('hotel-order');
    const b = await h.desk('back-office');
    // Desk A's network to the clouds is off: what it accepts waits there (the site still hears of it).
    const a = await h.desk('front-desk', { sending: false });
    const first = await guest(b, '101', '13800000301');
    await until(async () => (await a.call('rooms:show', { room: '101' })).cards.length === 1, 5_000, "B's card at desk A");

    const checkOutPlan = await a.call('rooms:preview', { action: 'check-out', room: '101' });
    const checkOut = await a.call('rooms:action', {
      action: 'check-out',
      room: '101',
      confirmRevoke: checkOutPlan.revoke.map((c) => c.id),
    });
    expect(checkOut.steps.map((s) => [s.operationKind, s.progress])).toEqual([['uclbrt.qr.cancel', 'queued']]);
    await until(
      async () => (await b.call('rooms:show', { room: '101' })).cards[0]?.pending.length === 1,
      5_000,
      "A's check-out seen at desk B",
    );

    // B warns: A's check-out goes first; the card it stops is not asked again.
    const request = { action: 'new-stay' as const, room: '101', cardKind: 'qr' as const, mobile: '13800000302', end: shanghai(48) };
    const plan = await b.call('rooms:preview', request);
    expect(plan.revoke).toEqual([]);
    expect(plan.notes.map((n) => [n.code, n.params?.station])).toEqual([['site.room-busy-elsewhere', 'front-desk']]);
    // A second check-out at B would only repeat A's: nothing is queued.
    const again = await b.invoke('rooms:action', { action: 'check-out', room: '101' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toMatchObject({ code: 'site.room-done-elsewhere', params: { station: 'front-desk' } });

    // B's new stay is accepted and waits, saying for what.
    const stay = await b.call('rooms:action', request);
    expect(stay.steps).toHaveLength(1);
    expect(stay.steps[0]).toMatchObject({
      operationKind: 'uclbrt.qr.issue',
      state: 'queued',
      progress: 'queued',
      waitingFor: { needsDecision: false, reason: { code: 'site.waiting-for-desk', params: { station: 'front-desk' } } },
    });
    const queued = await b.call('operations:get', { id: stay.steps[0].operationId });
    expect(queued.waitingFor?.reason.message).toContain('front-desk');
    await new Promise((r) => setTimeout(r, 1500));
    const issued = () => h.sandbox.state.requests.filter((q) => wireAction(q) === 'getLink' && q.body.includes('13800000302'));
    expect(issued()).toEqual([]);
    expect((await b.call('operations:get', { id: stay.steps[0].operationId })).state).toBe('queued');

    // A's network is back: its check-out goes out, then B's new key, in the order accepted.
    a.startSending();
    expect((await a.call('rooms:actionWait', { id: checkOut.id, timeoutMs: 15_000 })).status).toBe('done');
    expect((await settled(b, stay)).status).toBe('done');
    const wire = h.sandbox.state.requests.filter((q) => q.outcome === 'uclbrt.200').map((q) => wireAction(q));
    const cancelAt = h.sandbox.state.requests.findIndex(
      (q) => wireAction(q) === 'cancelCard' && q.outcome === 'uclbrt.200' && q.body.includes(first),
    );
    const issueAt = h.sandbox.state.requests.indexOf(issued()[0]);
    expect(cancelAt, wire.join()).toBeGreaterThanOrEqual(0);
    expect(issueAt).toBeGreaterThan(cancelAt);
  }, 90_000);

  it('a card another desk is still issuing stops a new stay or check-out here, with the desk named; once a person there gives it up, this desk goes on', async () => {
    const h = await hotel('hotel-pending');
    const b = await h.desk('back-office');
    const a = await h.desk('front-desk', { sending: false });
    await a.call('rooms:action', { action: 'new-stay', room: '101', cardKind: 'qr', mobile: '13800000401', end: shanghai(24) });
    await until(
      async () => (await b.call('rooms:show', { room: '101' })).cards.some((c) => c.status === 'pending'),
      5_000,
      "A's pending card at desk B",
    );
    for (const request of [
      { action: 'new-stay' as const, room: '101', cardKind: 'qr' as const, mobile: '13800000402', end: shanghai(48) },
      { action: 'check-out' as const, room: '101' },
    ]) {
      const r = await b.invoke('rooms:action', request);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'site.card-pending-elsewhere', params: { station: 'front-desk', room: '101' } });
    }
    // A person at A gives the pending key up: B may go on, and nothing of A's waits any more.
    const [pending] = (await a.callAs('supervisor', 'operations:list', { states: ['queued'] })).items;
    await a.callAs('supervisor', 'operations:discard', { id: pending.id });
    await until(async () => (await b.call('rooms:show', { room: '101' })).cards.length === 0, 5_000, "A's withdrawn card gone at desk B");
    const stay = await b.call('rooms:action', {
      action: 'new-stay',
      room: '101',
      cardKind: 'qr',
      mobile: '13800000402',
      end: shanghai(48),
    });
    expect((await settled(b, stay)).status).toBe('done');
  }, 90_000);

  it('the PMS at desk B refuses, as foreign, a card that is still the key desk A made for another room', async () => {
    const h = await hotel('hotel-pms');
    const a = await h.desk('front-desk');
    const b = await h.desk('back-office', { withPms: true });
    const stay = { action: 'new-stay', room: '9200', cardKind: 'proximity', serialNum: '04CAFE01', end: shanghai(24) } as const;
    const made = await settled(
      a,
      await a.call('rooms:action', { ...stay, confirmRevoke: (await a.call('rooms:preview', stay)).revoke.map((c) => c.id) }),
    );
    expect(made.status).toBe('done');
    await until(
      async () => (await b.call('cards:identify', { serialNum: '04CAFE01', live: false })).status === 'active',
      5_000,
      "desk A's key at desk B",
    );
    // Desk B never made it: only the site knows it there.
    expect((b.station.outbox as Outbox).cards.bySerialNum('uclbrt', '04CAFE01')).toBeUndefined();

    // The PMS asks desk B for a key for room 203; the clerk places that card.
    const placed = new Promise<void>((resolve, reject) => {
      const off = b.station.events.on('progress', (p) => {
        if (p.text?.code !== 'pms.progress.place-card') return;
        off();
        b.station.encoder.simulate({ action: 'place', uid: '04CAFE01' }).then(() => resolve(), reject);
      });
    });
    const answer = await postRoomKeys(b.pmsUrl!, {
      keyType: 'New',
      encoderId: '1',
      roomId: '203',
      noOfKeys: 1,
      keyValidityEnd: `${departureIn(2).iso}T12:00:00`,
      userId: 'opera',
    });
    await placed;
    expect(answer.body).toMatchObject({ responseCode: 'CARD_DAMAGED_OR_FOREIGN', roomId: '203' });
    expect(answer.body.responseText).toContain('card 04CAFE01 is still a key for room 9200');
    expect((await b.call('rooms:show', { room: '203' })).cards).toHaveLength(0);
  }, 90_000);

  it("an operator added at desk A signs in at desk B; a new role and disabling at A reach B's session; enabling her again at B reaches A", async () => {
    const h = await hotel('hotel-staff');
    const a = await h.desk('front-desk');
    const b = await h.desk('back-office');
    await a.callAs('administrator', 'operators:add', { name: 'Li Na', role: 'clerk', secret: '4821' });
    await until(() => b.station.staff.listOperators().some((o) => o.name === 'Li Na'), 5_000, 'Li Na known at desk B');

    const connection = b.station.staff.connect('li-na-at-b');
    await b.station.staff.signIn(connection, 'Li Na', '4821');
    const dispatch = createDispatcher(createHandlers(b.station), b.station.staff);
    const ctx = { senderTrusted: true, connection };
    expect((await dispatch('cards:find', { query: '101' }, ctx)).ok).toBe(true);
    const notYet = await dispatch('operators:list', {}, ctx);
    expect(notYet.ok).toBe(false);
    if (!notYet.ok) expect(notYet.error.code).toBe('station.forbidden');

    await a.callAs('administrator', 'operators:setRole', { name: 'Li Na', role: 'supervisor', secret: 'supervise-li-na' });
    await until(async () => (await dispatch('operators:list', {}, ctx)).ok, 5_000, "Li Na's new role at desk B");
    // Her new password is the hotel's: it works at B, the old PIN does not.
    await expect(b.station.staff.authenticate('Li Na', 'supervise-li-na')).resolves.toMatchObject({ name: 'Li Na', role: 'supervisor' });

    await a.callAs('administrator', 'operators:disable', { name: 'Li Na' });
    await until(
      async () => {
        const r = await dispatch('cards:find', { query: '101' }, ctx);
        return !r.ok && r.error.code === 'staff.account-disabled';
      },
      5_000,
      "Li Na's session at desk B ended",
    );
    await expect(b.station.staff.authenticate('Li Na', 'supervise-li-na')).rejects.toMatchObject({
      error: { code: 'staff.account-disabled' },
    });

    // Back from leave: desk B's administrator enables her; desk A learns it, and her password works at both.
    await expect(b.callAs('administrator', 'operators:enable', { name: 'li na' })).resolves.toMatchObject({
      name: 'Li Na',
      disabled: false,
    });
    await until(
      () => a.station.staff.listOperators().some((o) => o.name === 'Li Na' && !o.disabled),
      5_000,
      'Li Na enabled again at desk A',
    );
    await expect(a.station.staff.authenticate('Li Na', 'supervise-li-na')).resolves.toMatchObject({ name: 'Li Na', role: 'supervisor' });
    await b.station.staff.signIn(connection, 'Li Na', 'supervise-li-na');
    expect((await dispatch('operators:list', {}, ctx)).ok).toBe(true);
    const enabled = await a.callAs('supervisor', 'audit:list', { action: 'staff.operator-enabled', scope: 'hotel' });
    expect(enabled.items).toMatchObject([{ station: 'back-office', detail: 'Li Na' }]);
  }, 90_000);
});
