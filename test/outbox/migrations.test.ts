import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../electron/services/store/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { StationFailure } from '../../electron/services/failure';
import { Outbox } from '../../electron/services/outbox';
import { openStationDatabase, schemaVersionOf } from '../../electron/services/store/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/services/store/migrations';
import { describeError } from '../../shared/errors';
import { FakeExecutor, req, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir(): string {
  const t = tempDir('migrate-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function failureOf(fn: () => unknown): StationFailure {
  try {
    fn();
  } catch (err) {
    if (err instanceof StationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

/** The first released schema, written out literally: what an early station left on disk. */
const VERSION_1_SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE operations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, provider TEXT NOT NULL,
    subject TEXT NOT NULL, operator TEXT NOT NULL, input TEXT NOT NULL, state TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER, last_error TEXT, result TEXT, replaces TEXT);
  CREATE INDEX operations_state_due ON operations (state, next_attempt_at);
  CREATE INDEX operations_subject ON operations (subject, seq);
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, operator TEXT NOT NULL, action TEXT NOT NULL,
    operation_id TEXT, kind TEXT, state TEXT, subject TEXT, error TEXT, detail TEXT);
  CREATE INDEX audit_operation ON audit (operation_id);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
  INSERT INTO meta VALUES ('app_version', '0.0.9');
  PRAGMA user_version = 1;
`;

describe('station database migrations', () => {
  it('creates a fresh database at the current schema, in WAL mode with full sync', () => {
    const db = openStationDatabase(join(dir(), 'station.db'));
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('upgrades a version-1 database and keeps its queued operations, which are then sent', async () => {
    const path = join(dir(), 'station.db');
    const old = openSqlite(path, { timeoutMs: 1000 });
    old.exec(VERSION_1_SCHEMA);
    const now = new Date().toISOString();
    old
      .prepare(
        `INSERT INTO operations (id, kind, provider, subject, operator, input, state, created_at, updated_at, attempts, next_attempt_at)
         VALUES (?, 'uclbrt.qr.cancel', 'uclbrt', 'uclbrt:qr:OLDCARD1', 'old-desk', '{"cardNo":"OLDCARD1"}', 'queued', ?, ?, 2, NULL)`,
      )
      .run('op-from-v1', now, now);
    old
      .prepare(`INSERT INTO audit (at, operator, action, operation_id) VALUES (?, 'old-desk', 'operation.accepted', 'op-from-v1')`)
      .run(now);
    old.close();

    const executor = new FakeExecutor();
    const outbox = new Outbox({ database: path, executor });
    try {
      expect(schemaVersionOf(outbox.db)).toBe(SCHEMA_VERSION);
      const op = await outbox.waitSettled('op-from-v1', 10_000);
      expect(op).toMatchObject({ state: 'done', operator: 'old-desk', attempts: 3 });
      expect(executor.calls.map((c) => c.input)).toEqual([{ cardNo: 'OLDCARD1' }]);
      expect(outbox.cards.byCardNo('OLDCARD1')?.status).toBe('cancelled');
      expect(
        outbox.audit
          .list({ limit: 10 })
          .items.map((e) => e.action)
          .reverse(),
      ).toEqual(['operation.accepted', 'operation.done']);
    } finally {
      await outbox.close();
    }
  });

  it("upgrading version 3 puts a pending whole-room loss in its room line: the room's next card waits for it", async () => {
    const path = join(dir(), 'station.db');
    const v3 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 3) });
    const at = new Date().toISOString();
    v3.prepare(
      `INSERT INTO cards (id, provider, card_no, build_no, floor_no, room_no, status, created_at, updated_at) VALUES ('c1', 'uclbrt', 'LOSTCARD1', '1', '2', '202', 'active', ?, ?)`,
    ).run(at, at);
    const insert = v3.prepare(
      `INSERT INTO operations (id, kind, provider, subject, operator, input, state, created_at, updated_at, attempts, next_attempt_at, position, last_error)
       VALUES (@id, @kind, 'uclbrt', @subject, 'old-desk', @input, @state, @at, @at, 1, 0, @position, @lastError)`,
    );
    insert.run({
      id: 'loss',
      kind: 'uclbrt.qr.reportLost',
      subject: 'uclbrt:qr:LOSTCARD1',
      input: '{"cardNo":"LOSTCARD1","wholeRoom":true}',
      state: 'queued',
      at,
      position: 1,
      lastError: '{"code":"cloud.no-answer","message":"lost"}',
    });
    insert.run({
      id: 'done',
      kind: 'uclbrt.qr.cancel',
      subject: 'uclbrt:qr:OTHER0001',
      input: '{"cardNo":"OTHER0001"}',
      state: 'done',
      at,
      position: 2,
      lastError: null,
    });
    v3.close();

    const outbox = new Outbox({ database: path, executor: new FakeExecutor(), autoStart: false });
    try {
      expect(outbox.store.subjectsOf('loss')).toEqual(['uclbrt:qr:LOSTCARD1', 'uclbrt:room:1-2-202']);
      expect((await outbox.get('loss')).mayHaveReachedCloud).toBe(true);
      const next = await outbox.submit(
        req({ kind: 'uclbrt.qr.issue', input: { buildNo: '1', floorNo: '2', roomNo: '202', mobile: '13800000000' } }),
        'desk',
      );
      expect(next.waitingFor).toMatchObject({ operationId: 'loss', reason: { code: 'outbox.waiting.room-loss' } });
    } finally {
      await outbox.close();
    }
  });

  it('upgrades step by step from every earlier version', () => {
    for (let from = 1; from < SCHEMA_VERSION; from++) {
      const path = join(dir(), `v${from}.db`);
      openStationDatabase(path, { migrations: MIGRATIONS.slice(0, from) }).close();
      const db = openStationDatabase(path);
      expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
      db.close();
    }
  });

  it('refuses a database written by a newer version and leaves the file untouched', () => {
    const path = join(dir(), 'station.db');
    const future = openSqlite(path, { timeoutMs: 1000 });
    future.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('app_version', '9.1.0');
                 CREATE TABLE operations (id TEXT); PRAGMA user_version = ${SCHEMA_VERSION + 5};`);
    future.close();
    const before = readFileSync(path);

    const failure = failureOf(() => new Outbox({ database: path, executor: new FakeExecutor() }));
    expect(failure.error.code).toBe('outbox.db-newer');
    expect(failure.error.message).toContain('newer Card Station version 9.1.0');
    expect(failure.error.message).toContain('install that version or pick another data folder');
    expect(describeError(failure.error, 'zh-CN').text).toContain('9.1.0');
    expect(readFileSync(path).equals(before)).toBe(true);
    const check = openSqlite(path, { timeoutMs: 1000 });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('says the database is locked when another program holds it', () => {
    const path = join(dir(), 'station.db');
    openStationDatabase(path).close();
    const holder = openSqlite(path, { timeoutMs: 1000 });
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(failureOf(() => openStationDatabase(path, { busyTimeoutMs: 100 })).error.code).toBe('outbox.db-locked');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('keeps the activity log append-only', () => {
    const db = openStationDatabase(join(dir(), 'station.db'));
    db.prepare(`INSERT INTO audit (at, operator, action) VALUES ('2026-01-01T00:00:00Z', 'x', 'test')`).run();
    expect(() => db.prepare(`UPDATE audit SET operator = 'y'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit`).run()).toThrow(/append-only/);
    db.close();
  });
});
