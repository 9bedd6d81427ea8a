import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation } from '../../electron/services/station';
import { openSqlite, sqliteCodeOf, type StationDatabase } from '../../electron/services/store/sqlite';
import type { Operation } from '../../shared/domain/operations';
import { req, tempDir, until } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function memory(): StationDatabase {
  const db = openSqlite(':memory:', { timeoutMs: 1000 });
  cleanups.push(() => db.close());
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER)');
  return db;
}

describe('the SQLite adapter (libsql behind the better-sqlite3-style StationDatabase)', () => {
  it('answers rows with exactly their columns and run() with changes and rowid, nothing of the binding', () => {
    const db = memory();
    const run = db.prepare('INSERT INTO t (a, b) VALUES (@a, @b)').run({ a: 'x', b: 1 });
    expect(run).toEqual({ changes: 1, lastInsertRowid: 1 });
    const row = db.prepare('SELECT * FROM t WHERE id = ?').get(1);
    expect(row).toEqual({ id: 1, a: 'x', b: 1 });
    expect(Object.keys(row as object)).toEqual(['id', 'a', 'b']);
    expect(JSON.stringify(db.prepare('SELECT * FROM t').all())).toBe('[{"id":1,"a":"x","b":1}]');
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(99)).toBeUndefined();
  });

  it('pragma with { simple: true } answers the value itself', () => {
    const db = memory();
    db.pragma('user_version = 7');
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(db.pragma('quick_check')).toEqual([{ quick_check: 'ok' }]);
  });

  it('refuses values SQLite cannot store with a TypeError instead of aborting the process', () => {
    const db = memory();
    const insert = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)');
    for (const bad of [true, {}, new Date(0), () => 1, Symbol('s')]) {
      expect(() => insert.run('x', bad), String(bad)).toThrow(TypeError);
    }
    expect(() => db.prepare('INSERT INTO t (a, b) VALUES (@a, @b)').run({ a: 'x', b: false })).toThrow(TypeError);
    // What it can store goes in as better-sqlite3 would put it.
    insert.run(new Uint8Array([1, 2]), 2n);
    insert.run(undefined, null);
    expect(db.prepare('SELECT a, b FROM t ORDER BY id').all()).toEqual([
      { a: Buffer.from([1, 2]), b: 2 },
      { a: null, b: null },
    ]);
  });

  it('the binding on its own aborts the process on a boolean: the reason for the check above', () => {
    const script = `const D = require('libsql'); const db = new D(':memory:'); db.exec('CREATE TABLE t (a)'); db.prepare('INSERT INTO t VALUES (?)').run(true); console.log('survived');`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
    expect(r.stdout).not.toContain('survived');
    expect(r.signal ?? r.status).not.toBe(0);
  });

  it('refuses a missing named parameter and a wrong number of positional ones (the binding would bind NULL)', () => {
    const db = memory();
    expect(() => db.prepare('INSERT INTO t (a, b) VALUES (@a, @b)').run({ a: 'x' })).toThrow(/Missing named parameter "b"/);
    expect(() => db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('x')).toThrow(/Too few/);
    expect(() => db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('x', 1, 2)).toThrow(/Too many/);
    // Parameters inside literals and comments are not parameters; arrays spread as better-sqlite3 does.
    expect(db.prepare(`SELECT '@x ?' AS s, ? AS v -- :y ?`).get(['ok'])).toEqual({ s: '@x ?', v: 'ok' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('refuses statements of a closed connection (the binding answers nothing)', () => {
    const db = openSqlite(':memory:', { timeoutMs: 1000 });
    const stmt = db.prepare('SELECT 1 AS one');
    db.close();
    db.close();
    expect(() => stmt.all()).toThrow(/not open/);
    expect(() => db.prepare('SELECT 1')).toThrow(/not open/);
  });

  it('nests transactions as savepoints, and a failure rolls back only what it wrapped', () => {
    const db = memory();
    const insert = db.prepare('INSERT INTO t (a) VALUES (?)');
    db.transaction(() => {
      insert.run('outer');
      expect(() =>
        db.transaction(() => {
          insert.run('inner');
          throw new Error('inner fails');
        })(),
      ).toThrow('inner fails');
      expect(db.inTransaction).toBe(true);
    }).immediate();
    expect(db.prepare('SELECT a FROM t').all()).toEqual([{ a: 'outer' }]);
    expect(db.inTransaction).toBe(false);
  });

  it('keeps the real error when SQLite already rolled the transaction back (disk full)', () => {
    const t = tempDir('sqlite-full-');
    cleanups.push(t.cleanup);
    const db = openSqlite(join(t.dir, 'full.db'), { timeoutMs: 1000 });
    cleanups.push(() => db.close());
    db.exec('CREATE TABLE big (v TEXT)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    let caught: unknown;
    try {
      db.transaction(() => {
        for (let i = 0; i < 100; i++) db.prepare('INSERT INTO big VALUES (?)').run('x'.repeat(4000));
      }).immediate();
    } catch (err) {
      caught = err;
    }
    expect(sqliteCodeOf(caught)).toBe('SQLITE_FULL');
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM big').get()).toEqual({ n: 0 });
  });

  it('waits the busy timeout for another connection, then says SQLITE_BUSY', () => {
    const t = tempDir('sqlite-busy-');
    cleanups.push(t.cleanup);
    const path = join(t.dir, 'busy.db');
    const a = openSqlite(path, { timeoutMs: 1000 });
    const b = openSqlite(path, { timeoutMs: 300 });
    cleanups.push(
      () => b.close(),
      () => a.close(),
    );
    a.pragma('journal_mode = WAL');
    a.exec('CREATE TABLE x (v)');
    a.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    let code = '';
    try {
      b.exec('BEGIN IMMEDIATE');
    } catch (err) {
      code = sqliteCodeOf(err);
    }
    const waited = performance.now() - started;
    a.exec('ROLLBACK');
    expect(code).toBe('SQLITE_BUSY');
    expect(waited).toBeGreaterThanOrEqual(250);
  });

  it('no binding detail reaches what the station answers, exports or logs', async () => {
    const t = tempDir('station-metadata-');
    cleanups.push(t.cleanup);
    const station = await createStation(parseStationConfig({ encoder: { driver: 'none' } }), {
      secrets: new MemorySecretStore(),
      log: silentLogger,
      dataDir: t.dir,
    });
    cleanups.push(() => station.close());
    const updates: Operation[] = [];
    station.events.on('operation:updated', (op) => updates.push(op));
    const op = await station.outbox.submit(
      req({
        kind: 'uclbrt.qr.issue',
        input: { buildNo: '1', floorNo: '1', roomNo: '101', mobile: '13800000000', end: '2030-01-01T12:00' },
      }),
      'desk',
    );
    await until(() => updates.some((u) => u.id === op.id && u.state === 'done'), 15_000, 'the issue done');
    const found = await station.registry.find({ query: '101', limit: 10 });
    const card = found[0];
    const answers = [
      await station.outbox.get(op.id),
      await station.outbox.list({ limit: 10, offset: 0 }),
      station.outbox.summary(),
      found,
      await station.registry.details({ cardId: card.id }),
      await station.registry.auditList({ limit: 10, offset: 0 }),
      await station.registry.auditCsv({ limit: 100, offset: 0 }),
      station.status(),
      updates,
    ];
    const text = JSON.stringify(answers);
    expect(text).toContain(op.id);
    expect(text).not.toMatch(/_metadata|"duration"/);
  });
});
