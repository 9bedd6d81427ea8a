/**
 * The site view's merge is deterministic: every desk that receives the same facts, in any order
 * and with any number of duplicate deliveries, ends with the same registry, rooms, operators,
 * operations and activity. Property-tested with fast-check over generated desks' logs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACT_VERSION, type CardSnapshot, type Fact } from '../../shared/site/facts';
import { SiteView } from '../../electron/services/site/site-view';
import { openStationDatabase } from '../../electron/services/store/database';

interface Delivered {
  stationId: string;
  seq: number;
  fact: Fact;
}

const STATIONS = ['front', 'back', 'night'];
const ROOMS = ['--101', '--102', '1-2-202'];
const time = fc.integer({ min: 0, max: 3600 }).map((s) => new Date(Date.UTC(2030, 0, 1, 8, 0, s)).toISOString());

/** One step of a desk's log, before it is given its station and sequence. */
const step = fc.oneof(
  fc.record({
    t: fc.constant('card' as const),
    card: fc.integer({ min: 0, max: 3 }),
    status: fc.constantFrom('pending', 'active', 'lost', 'cancelled', 'frozen', 'failed'),
    room: fc.constantFrom(...ROOMS),
    at: time,
  }),
  fc.record({
    t: fc.constant('accept' as const),
    op: fc.integer({ min: 0, max: 2 }),
    whole: fc.boolean(),
    room: fc.constantFrom(...ROOMS),
    at: time,
  }),
  fc.record({
    t: fc.constant('state' as const),
    op: fc.integer({ min: 0, max: 2 }),
    state: fc.constantFrom('sending', 'done', 'failed', 'uncertain', 'discarded', 'queued'),
    at: time,
  }),
  fc.record({ t: fc.constant('adopt' as const), op: fc.integer({ min: 0, max: 2 }), from: fc.constantFrom(...STATIONS), at: time }),
  fc.record({
    t: fc.constant('room' as const),
    room: fc.constantFrom(...ROOMS),
    name: fc.constantFrom('Sea view', 'Garden', '1203'),
    removed: fc.boolean(),
    at: time,
  }),
  fc.record({
    t: fc.constant('operator' as const),
    name: fc.constantFrom('li', 'wang', 'zhang'),
    role: fc.constantFrom('clerk', 'supervisor'),
    disabled: fc.boolean(),
    at: time,
  }),
  fc.record({
    t: fc.constant('audit' as const),
    action: fc.constantFrom('operation.accepted', 'card.found', 'settings.changed'),
    at: time,
  }),
);

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function roomParts(key: string) {
  const [buildNo, floorNo, roomNo] = key.split('-');
  return { ...(buildNo ? { buildNo } : {}), ...(floorNo ? { floorNo } : {}), roomNo };
}

/** A desk's log: cards and operations are its own (ids carry its name), rooms and operators any desk's. */
function factOf(stationId: string, s: Step): Fact {
  const base = { v: FACT_VERSION, at: s.at } as const;
  switch (s.t) {
    case 'card': {
      const card: CardSnapshot = {
        id: `${stationId}-card-${s.card}`,
        provider: 'uclbrt',
        cardNo: `QR${s.card}`,
        ...roomParts(s.room),
        status: s.status,
        createdAt: '2030-01-01T07:00:00.000Z',
        updatedAt: s.at,
      };
      return { ...base, type: s.status === 'lost' || s.status === 'cancelled' ? 'card.revoked' : 'card.changed', card };
    }
    case 'accept':
      return {
        ...base,
        type: 'operation.accepted',
        operation: {
          id: `${stationId}-op-${s.op}`,
          kind: 'uclbrt.qr.reportLost',
          input: { cardNo: `QR${s.op}`, wholeRoom: s.whole },
          subjects: [`uclbrt:qr:QR${s.op}`, `uclbrt:room:${s.room}`],
          operator: 'li',
          createdAt: s.at,
        },
      };
    case 'state':
      return { ...base, type: 'operation.state', operationId: `${stationId}-op-${s.op}`, state: s.state };
    case 'adopt':
      return {
        ...base,
        type: 'operation.adopted',
        operationId: `${s.from}-op-${s.op}`,
        fromStation: s.from,
        asOperationId: `${stationId}-adopted-${s.op}`,
        operator: 'wang',
      };
    case 'room':
      return s.removed
        ? { ...base, type: 'room.removed', key: s.room }
        : { ...base, type: 'room.changed', room: { key: s.room, ...roomParts(s.room), name: s.name } };
    case 'operator':
      return { ...base, type: 'operator.changed', operator: { name: s.name, role: s.role, disabled: s.disabled } };
    case 'audit':
      return { ...base, type: 'audit.entry', entry: { at: s.at, operator: stationId, action: s.action } };
  }
}

const logs = fc
  .tuple(...STATIONS.map(() => fc.array(step, { maxLength: 25 })))
  .map((perStation) =>
    perStation.flatMap((steps, i) =>
      steps.map((s, k): Delivered => ({ stationId: STATIONS[i], seq: k + 1, fact: factOf(STATIONS[i], s) })),
    ),
  );

/** The same facts, shuffled, some delivered again (a retried push, a re-pulled page). */
const deliveries = (facts: Delivered[]) =>
  fc
    .tuple(fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }), fc.array(fc.nat(), { maxLength: 15 }))
    .map(([shuffled, again]) => {
      const out = [...shuffled];
      for (const n of again) if (facts.length) out.splice(n % (out.length + 1), 0, facts[n % facts.length]);
      return out;
    });

function viewAfter(delivered: readonly Delivered[]): { snapshot: string; view: SiteView } {
  const db = openStationDatabase(':memory:');
  const view = new SiteView(db);
  db.transaction(() => {
    for (const d of delivered) view.apply(d.stationId, d.seq, d.fact);
  })();
  return { snapshot: view.snapshot(), view };
}

describe('site view merge', () => {
  it('same facts in any order, with duplicates: the same view on every desk', () => {
    fc.assert(
      fc.property(
        logs.chain((facts) => fc.tuple(fc.constant(facts), deliveries(facts), deliveries(facts))),
        ([facts, first, second]) => {
          const inOrder = viewAfter(facts).snapshot;
          expect(viewAfter(first).snapshot).toBe(inOrder);
          expect(viewAfter(second).snapshot).toBe(inOrder);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a desk's own order wins for its cards and operations, whatever the clocks say", () => {
    fc.assert(
      fc.property(logs, (facts) => {
        const { view } = viewAfter([...facts].reverse());
        for (const station of STATIONS) {
          const mine = facts.filter((f) => f.stationId === station);
          const lastCard = new Map<string, CardSnapshot>();
          const lastState = new Map<string, string>();
          for (const f of mine) {
            if (f.fact.type === 'card.changed' || f.fact.type === 'card.revoked' || f.fact.type === 'card.issued')
              lastCard.set(f.fact.card.id, f.fact.card);
            if (f.fact.type === 'operation.accepted') lastState.set(f.fact.operation.id, 'queued');
            if (f.fact.type === 'operation.state') lastState.set(f.fact.operationId, f.fact.state);
          }
          for (const [id, card] of lastCard) expect(view.card(id)?.updatedAt).toBe(card.updatedAt);
          for (const [id, state] of lastState) expect(view.operation(id)?.state).toBe(state);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("answers the registry questions: one row per physical card, the latest desk's, and a whole-room loss revokes the room's earlier QR cards", () => {
    const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 9, m)).toISOString();
    const card = (id: string, cardNo: string, status: CardSnapshot['status'], updatedAt: string, createdAt = at(0)): CardSnapshot => ({
      id,
      provider: 'uclbrt',
      cardNo,
      roomNo: '1203',
      status,
      createdAt,
      updatedAt,
    });
    const facts: Delivered[] = [
      { stationId: 'front', seq: 1, fact: { v: 1, at: at(1), type: 'card.issued', card: card('f1', 'QR1', 'active', at(1)) } },
      // The back office cancels QR1 without having seen front's row: its own row for the same card.
      { stationId: 'back', seq: 1, fact: { v: 1, at: at(5), type: 'card.revoked', card: card('b1', 'QR1', 'cancelled', at(5)) } },
      { stationId: 'front', seq: 2, fact: { v: 1, at: at(2), type: 'card.issued', card: card('f2', 'QR2', 'active', at(2), at(2)) } },
      {
        stationId: 'night',
        seq: 1,
        fact: {
          v: 1,
          at: at(3),
          type: 'operation.accepted',
          operation: {
            id: 'loss',
            kind: 'uclbrt.qr.reportLost',
            input: { cardNo: 'QR9', wholeRoom: true },
            subjects: ['uclbrt:qr:QR9', 'uclbrt:room:--1203'],
            operator: 'li',
            createdAt: at(3),
          },
        },
      },
      { stationId: 'night', seq: 2, fact: { v: 1, at: at(4), type: 'operation.state', operationId: 'loss', state: 'done' } },
      { stationId: 'front', seq: 3, fact: { v: 1, at: at(6), type: 'card.issued', card: card('f3', 'QR3', 'active', at(6), at(6)) } },
    ];
    const { view } = viewAfter(facts);
    expect(view.findCards('QR1')).toMatchObject([{ id: 'b1', status: 'cancelled', stationId: 'back' }]);
    expect(view.findCards('QR2')).toMatchObject([{ id: 'f2', status: 'lost' }]);
    expect(view.roomCards({ roomNo: '1203' }).map((c) => c.cardNo)).toEqual(['QR3']);
  });
});
