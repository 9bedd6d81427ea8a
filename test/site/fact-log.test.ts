/**
 * The local side of the site, without PostgreSQL: the fact log a store appends to in its own
 * transaction, the site view it feeds, and the send gate that holds what could have been adopted.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../shared/domain/operations';
import { FactLog } from '../../electron/services/site/fact-log';
import { siteHold, siteSendGate } from '../../electron/services/site/send-gate';
import { Outbox } from '../../electron/services/outbox';
import { openStationData } from '../../electron/services/store/station-data';
import type { Fact } from '../../shared/site/facts';
import { SiteState } from '../../electron/services/site/site-state';
import { SiteView } from '../../electron/services/site/site-view';
import { openStationDatabase, type StationDatabase } from '../../electron/services/store/database';
import { FakeExecutor, qrIssue, tempDir } from '../outbox/helpers';

const dbs: StationDatabase[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  cleanups.splice(0).forEach((c) => c());
});

function fresh(): StationDatabase {
  const t = tempDir('facts-');
  cleanups.push(t.cleanup);
  const db = openStationDatabase(join(t.dir, 'station.db'));
  dbs.push(db);
  return db;
}

const operator = (name: string) => ({ type: 'operator.changed' as const, operator: { name, role: 'clerk' as const, disabled: false } });

describe('the fact log', () => {
  it('a fact is kept exactly when the change that causes it is: same transaction', () => {
    const db = fresh();
    db.exec('CREATE TABLE things (name TEXT)');
    db.transaction(() => {
      db.prepare('INSERT INTO things VALUES (?)').run('kept');
      FactLog.append(db, operator('kept'));
    })();
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO things VALUES (?)').run('lost');
        FactLog.append(db, operator('lost'));
        throw new Error('the change fails after its fact');
      })(),
    ).toThrow('the change fails');
    const facts = FactLog.of(db).after(0, 10);
    expect(facts.map((f) => (f.fact.type === 'operator.changed' ? f.fact.operator.name : ''))).toEqual(['kept']);
    expect(facts[0].fact).toMatchObject({ v: 1, type: 'operator.changed' });
  });

  it('refuses a malformed fact, and the log is append-only', () => {
    const db = fresh();
    expect(() =>
      FactLog.append(db, { type: 'operator.changed', operator: { name: '', role: 'boss', disabled: false } } as never),
    ).toThrow();
    FactLog.append(db, operator('li'));
    expect(() => db.exec('UPDATE facts SET body = 1')).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM facts')).toThrow(/append-only/);
  });

  it('once the desk belongs to a site its facts show in the site view at once, earlier ones included', () => {
    const db = fresh();
    FactLog.append(db, operator('before'));
    const view = new SiteView(db);
    expect(view.operators()).toEqual([]);
    db.transaction(() => FactLog.of(db).join({ siteId: 'hotel', stationId: 'front' }))();
    FactLog.append(db, operator('after'));
    expect(view.operators().map((o) => o.name)).toEqual(['after', 'before']);
  });
});

describe('the send gate', () => {
  const op = (id: string) => ({ id }) as Operation;

  it('holds only operations the site could have handed to another desk, and only while the site has not been heard from', () => {
    const db = fresh();
    let now = 1_000_000;
    const gate = siteSendGate(db, { adoptAfterMs: 60_000, now: () => now });
    const accept = (id: string) =>
      FactLog.append(db, {
        type: 'operation.accepted',
        operation: {
          id,
          kind: 'uclbrt.qr.cancel',
          input: { cardNo: 'QR123456' },
          subjects: ['uclbrt:qr:QR123456'],
          operator: 'li',
          createdAt: new Date(now).toISOString(),
        },
      });
    accept('pushed');
    // Not in a site: nothing can be adopted.
    expect(gate(op('pushed'))).toBe(true);
    const state = new SiteState(db);
    db.transaction(() => FactLog.of(db).join({ siteId: 'hotel', stationId: 'front' }))();
    state.setPushingSeq(FactLog.of(db).lastSeq());
    accept('unpushed');
    state.setContactAt(now);
    now += 29_000;
    expect(gate(op('pushed'))).toBe(true);
    now += 2_000;
    expect(gate(op('pushed'))).toBe(false);
    expect(gate(op('unpushed'))).toBe(true);
    expect(gate(op('never-in-a-fact'))).toBe(true);
    state.setContactAt(now);
    expect(gate(op('pushed'))).toBe(true);
  });

  it("keeps an adopted operation in the place the gone desk accepted it at: a later desk's work on the room still waits for it", async () => {
    const t = tempDir('order-');
    cleanups.push(t.cleanup);
    const data = openStationData({ dataDir: t.dir }, { recordFacts: true });
    dbs.push(data.db);
    data.write(() => data.facts.join({ siteId: 'hotel', stationId: 'desk-b' }));
    const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 9, m)).toISOString();
    const loss = (id: string, createdAt: string): Fact => ({
      v: 1,
      at: createdAt,
      type: 'operation.accepted',
      operation: {
        id,
        kind: 'uclbrt.qr.reportLost',
        input: { cardNo: 'QR1', wholeRoom: true },
        subjects: ['uclbrt:qr:QR1', 'uclbrt:room:--1203'],
        operator: 'li',
        createdAt,
      },
    });
    // Desk A accepted a whole-room loss report at 9:00 and died; a supervisor's desk S took it over at 9:10.
    data.write(() => {
      data.siteView.apply('desk-a', 1, loss('a-loss', at(0)));
      data.siteView.apply('desk-s', 1, loss('s-copy', at(10)));
      data.siteView.apply('desk-s', 2, {
        v: 1,
        at: at(10),
        type: 'operation.adopted',
        operationId: 'a-loss',
        fromStation: 'desk-a',
        asOperationId: 's-copy',
        operator: 'wang',
      });
    });
    // Desk B's new key for the room, accepted at 9:05: after A's report, so after S's copy of it.
    const outbox = new Outbox({ data, executor: new FakeExecutor(), autoStart: false, now: () => Date.parse(at(5)) });
    const key = await outbox.submit(qrIssue('1203'), 'zhao');
    await outbox.close();
    const hold = siteHold(data.db, { linesOf: (id) => data.operations.subjectsOf(id), now: () => Date.parse(at(5)) });
    expect(hold(key)).toMatchObject({
      operationId: 's-copy',
      needsDecision: false,
      reason: { code: 'site.waiting-for-desk', params: { station: 'desk-s', room: '--1203' } },
    });
  });
});
