/** The activity search shared by this desk's log and the hotel-wide view: what a supervisor types finds what it says. */
import { afterEach, describe, expect, it } from 'vitest';
import { activityWhere } from '../../electron/services/audit/activity-where';
import { openSqlite, type StationDatabase } from '../../electron/services/store/sqlite';

let db: StationDatabase | undefined;
afterEach(() => db?.close());

function activity(rows: Array<{ subject: string; detail?: string; operator?: string; at?: string }>): StationDatabase {
  db = openSqlite(':memory:', { timeoutMs: 100 });
  db.exec(
    'CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT, operator TEXT, action TEXT, operation_id TEXT, subject TEXT, detail TEXT)',
  );
  const insert = db.prepare(
    'INSERT INTO audit (at, operator, action, operation_id, subject, detail) VALUES (@at, @operator, @action, NULL, @subject, @detail)',
  );
  for (const r of rows)
    insert.run({
      at: r.at ?? '2026-11-27T10:00:00.000Z',
      operator: r.operator ?? 'Li Na',
      action: 'operation.accepted',
      subject: r.subject,
      detail: r.detail ?? null,
    });
  return db;
}

const subjects = (d: StationDatabase, filter: Parameters<typeof activityWhere>[0] & { operator?: string }) => {
  const { clause, params } = activityWhere(filter, { operator: 'operator' });
  return (d.prepare(`SELECT subject FROM audit ${clause} ORDER BY seq`).all(params) as Array<{ subject: string }>).map((r) => r.subject);
};

describe('activity search', () => {
  it('finds typed text literally: % and _ are letters, not wildcards', () => {
    const d = activity([
      { subject: 'room 1_2' },
      { subject: 'room 102' },
      { subject: 'note', detail: 'discount 50%' },
      { subject: 'note 2', detail: 'discount 500' },
    ]);
    expect(subjects(d, { query: '1_2' })).toEqual(['room 1_2']);
    expect(subjects(d, { query: '50%' })).toEqual(['note']);
    expect(subjects(d, {})).toHaveLength(4);
  });

  it('narrows by the named columns and the time window together', () => {
    const d = activity([
      { subject: 'a', operator: 'Li Na', at: new Date('2026-11-27T09:00').toISOString() },
      { subject: 'b', operator: 'Wang Wei', at: new Date('2026-11-27T09:30').toISOString() },
      { subject: 'c', operator: 'Li Na', at: new Date('2026-11-27T11:00').toISOString() },
    ]);
    expect(subjects(d, { operator: 'Li Na' })).toEqual(['a', 'c']);
    expect(subjects(d, { operator: 'Li Na', from: '2026-11-27T10:00' })).toEqual(['c']);
    expect(subjects(d, { from: '2026-11-27T09:00', to: '2026-11-27T09:30' })).toEqual(['a']);
  });
});
