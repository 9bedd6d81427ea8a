/**
 * Who writes station.db, and what the site hears of it (store/station-data.ts), without PostgreSQL:
 * a desk without a site records no facts; configured for one, every store's change is a fact in
 * the change's own transaction, and a desk that starts recording first tells what it already has;
 * a reader cannot write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FactType } from '../../shared/site/facts';
import { Outbox } from '../../electron/services/outbox';
import { openStationData, openStationReader, type StationData } from '../../electron/services/store/station-data';
import { FakeExecutor, qrIssue, tempDir } from '../outbox/helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function desk(recordFacts: boolean, dir?: string): { data: StationData; dir: string } {
  let where = dir;
  if (!where) {
    const t = tempDir('recording-');
    cleanups.push(t.cleanup);
    where = t.dir;
  }
  const data = openStationData({ dataDir: where }, { recordFacts });
  cleanups.push(() => data.close());
  return { data, dir: where };
}

const at = () => new Date().toISOString();
const types = (data: StationData): FactType[] => data.facts.after(0, 1000).map((f) => f.fact.type);

/** A shift's worth of changes through the stores. */
async function work(data: StationData): Promise<void> {
  const outbox = new Outbox({ data, executor: new FakeExecutor(), autoStart: false });
  cleanups.push(() => outbox.close());
  await outbox.submit(qrIssue('1203'), 'li');
  data.write(() => {
    const card = data.cards.insert({ provider: 'uclbrt', cardNo: 'QR0001', roomNo: '1203', status: 'active' }, at(), undefined);
    data.cards.update(card.id, { status: 'lost' }, at(), undefined);
    data.rooms.upsert({ roomNo: '1203', displayName: '1203' }, 'import', at());
    data.operators.insert({
      name: 'Li Na',
      key: 'li na',
      role: 'clerk',
      secretHash: 'scrypt$hash',
      secretKind: 'pin',
      createdBy: 'admin',
      at: at(),
    });
    data.audit.append({ at: at(), operator: 'li', action: 'settings.changed' });
  });
}

describe('the facts a desk records', () => {
  it('without a site: none (the stores write only their own tables)', async () => {
    const { data } = desk(false);
    await work(data);
    expect(data.cards.count()).toBe(2);
    expect(data.facts.lastSeq()).toBe(0);
  });

  it('configured for a site: every change of every store, in the order made, with what the other desks need', async () => {
    const { data } = desk(true);
    await work(data);
    expect(types(data)).toEqual([
      'operation.accepted',
      'card.issued',
      'audit.entry',
      'card.issued',
      'card.revoked',
      'room.changed',
      'operator.changed',
      'audit.entry',
    ]);
    const facts = data.facts.after(0, 100).map((f) => f.fact);
    const accepted = facts.find((f) => f.type === 'operation.accepted');
    expect(accepted).toMatchObject({ operation: { kind: 'uclbrt.qr.issue', operator: 'li', subjects: ['uclbrt:room:--1203'] } });
    // The pending card of the accepted issue says which operation it came from.
    expect(facts.find((f) => f.type === 'card.issued')).toMatchObject({
      card: { status: 'pending', originOperationId: accepted?.type === 'operation.accepted' ? accepted.operation.id : '' },
    });
    expect(facts.find((f) => f.type === 'operator.changed')).toMatchObject({
      operator: { name: 'Li Na', role: 'clerk', disabled: false, secretHash: 'scrypt$hash', secretKind: 'pin' },
    });
    expect(facts.find((f) => f.type === 'room.changed')).toMatchObject({ room: { key: '--1203', roomNo: '1203', name: '1203' } });
  });

  it("a room's PMS card kind is part of the room the other desks hear of: setting it alone is a fact, and clearing it too", () => {
    const { data } = desk(true);
    const rooms = () => data.facts.after(0, 100).flatMap((f) => (f.fact.type === 'room.changed' ? [f.fact.room] : []));
    data.write(() => data.rooms.upsert({ roomNo: '1203', displayName: '1203', lockType: 'QRALOCK' }, 'import', at()));
    data.write(() => data.rooms.upsert({ roomNo: '1203', pmsCardKind: 'qr' }, 'import', at()));
    data.write(() => data.rooms.upsert({ roomNo: '1203', pmsCardKind: null }, 'import', at()));
    expect(rooms()).toHaveLength(3);
    expect(rooms()[0]).not.toHaveProperty('pmsCardKind');
    expect(rooms()[1]).toMatchObject({ key: '--1203', pmsCardKind: 'qr' });
    expect(rooms()[2]).not.toHaveProperty('pmsCardKind');
  });

  it('a fact exists exactly when its change does: a change that fails takes its fact with it', () => {
    const { data } = desk(true);
    expect(() =>
      data.write(() => {
        data.cards.insert({ provider: 'uclbrt', cardNo: 'QR0002', status: 'active' }, at(), undefined);
        throw new Error('something after the card failed');
      }),
    ).toThrow();
    expect(data.cards.count()).toBe(0);
    expect(data.facts.lastSeq()).toBe(0);
  });

  it('a change that cannot become a valid fact is still made (the desk never waits on the site), and the log is told', () => {
    const { data } = desk(true);
    const told: string[] = [];
    data.facts.onInvalid((type, problem) => told.push(`${type}: ${problem}`));
    data.write(() => data.cards.insert({ provider: 'uclbrt', cardNo: 'QR0003', status: 'active' }, 'not a time', undefined));
    expect(data.cards.byCardNo('QR0003')).toMatchObject({ status: 'active' });
    expect(data.facts.lastSeq()).toBe(0);
    expect(told).toEqual([expect.stringMatching(/^card\.issued: .*card\.createdAt: must be an ISO date-time/)]);
  });

  it('a desk that joins a site later first tells what it has: cards, rooms, operators and the work still waiting', async () => {
    const { data, dir } = desk(false);
    await work(data);
    expect(data.facts.lastSeq()).toBe(0);
    data.recordFacts(true);
    expect(types(data).sort()).toEqual(['card.issued', 'card.revoked', 'operation.accepted', 'operator.changed', 'room.changed'].sort());
    // Only once: a desk that records already does not tell it again.
    data.recordFacts(false);
    data.recordFacts(true);
    const told = data.facts.lastSeq();
    expect(told).toBe(5);
    data.close();
    const again = desk(true, dir).data;
    expect(again.facts.lastSeq()).toBe(told);
  });

  it('a reader cannot write: its stores only read, and SQLite refuses a write', async () => {
    const { data, dir } = desk(false);
    await work(data);
    const reader = openStationReader({ dataDir: dir });
    cleanups.push(() => reader.close());
    expect(reader.cards.search('QR0001', 10)).toHaveLength(1);
    expect(reader.operations.summary(Date.now()).queued).toBe(1);
    expect(() => reader.db.prepare(`INSERT INTO meta (key, value) VALUES ('x', 'y')`).run()).toThrow(/readonly|read-only|query_only/i);
  });
});
