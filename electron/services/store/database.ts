import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { stationError, type StationError } from '../../../shared/errors';
import { StationFailure } from '../failure';
import { STATION_VERSION } from '../version';
import { keepAside, unusableFile, type KeptAside } from './kept-aside';
import { MIGRATIONS, type Migration } from './migrations';
import { openSqlite, sqliteCodeOf, type StationDatabase, type StationStatement } from './sqlite';

export type { StationDatabase, StationStatement } from './sqlite';
export type { KeptAside } from './kept-aside';

declare const writable: unique symbol;

/**
 * Read and write access in the type (as Signal-Desktop's `ts/sql/Interface.std.ts` does): a store
 * that writes takes a `WritableDB`, which only a connection opened for writing is. A reader takes
 * any connection (`ReadableDB`); a connection opened `readOnly` is only that, and SQLite refuses
 * its writes too (`PRAGMA query_only`).
 */
export type ReadableDB = StationDatabase;
export type WritableDB = StationDatabase & { readonly [writable]: true };

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before failing with `outbox.db-locked`. */
  busyTimeoutMs?: number;
  /** For tests: the schema history to apply (default: all of it). */
  migrations?: readonly Migration[];
  /** Recorded in the database so a newer one can say which version wrote it. */
  appVersion?: string;
  /** Only reads will follow (queue list, cards find, audit export): a read-only file is accepted. */
  readOnly?: boolean;
  /** For tests: the clock that dates a file kept aside. */
  now?: () => Date;
}

function errnoOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** SQLite's verdict that the file itself is damaged (not busy, full or read-only). */
function isDamage(err: unknown): boolean {
  const code = sqliteCodeOf(err);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

/** Turns SQLite's own errors into ones staff can act on. */
export function databaseFailure(path: string, err: unknown): StationFailure {
  if (err instanceof StationFailure) return err;
  const code = sqliteCodeOf(err);
  const errno = errnoOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return StationFailure.of('outbox.db-locked', { path });
  if (code.startsWith('SQLITE_READONLY') || errno === 'EROFS' || errno === 'EACCES' || errno === 'EPERM')
    return StationFailure.of('outbox.db-read-only', { path });
  if (code === 'SQLITE_FULL' || errno === 'ENOSPC' || errno === 'EDQUOT') return StationFailure.of('outbox.db-full', { path });
  if (isDamage(err)) return StationFailure.of('outbox.db-damaged', { path, detail });
  return StationFailure.of('outbox.db-unreadable', { path, detail });
}

const keptAsideOf = new WeakMap<StationDatabase, KeptAside>();

/** What staff must be told about this database: a damaged or foreign file kept aside when it was opened. */
export function databaseNotices(db: StationDatabase): StationError[] {
  const kept = keptAsideOf.get(db);
  return kept ? [keptAsideError(kept)] : [];
}

export function keptAsideError(kept: KeptAside): StationError {
  return stationError(`outbox.db-kept-${kept.reason}`, { path: kept.path, keptAs: kept.keptAs, detail: kept.detail });
}

function readMeta(db: StationDatabase, key: string): string | undefined {
  try {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  } catch {
    return undefined;
  }
}

/**
 * `PRAGMA quick_check`: undefined when the file is sound, else SQLite's first findings.
 *
 * Run through exec() alone, because the binding keeps a connection's file open for as long as any
 * statement prepared on it lives (until garbage collection), and Windows cannot rename an open
 * file: a connection that only ran exec() closes at once, so a damaged file can be kept aside.
 * exec() returns no rows, so the findings come back as the text of an error: an invalid JSON path.
 */
function damageFound(db: StationDatabase): string | undefined {
  try {
    db.exec(
      `SELECT json_extract('{}', '$' || char(1) || x) FROM (SELECT group_concat(quick_check, '; ') AS x FROM pragma_quick_check(3)) WHERE x <> 'ok'`,
    );
    return undefined;
  } catch (err) {
    const prefix = "bad JSON path: '$\u0001";
    const message = err instanceof Error ? err.message : '';
    if (!message.startsWith(prefix) || !message.endsWith("'")) throw err;
    return message
      .slice(prefix.length, -1)
      .replace(/''/g, "'")
      .replace(/\s*\n\s*/g, '; ');
  }
}

/**
 * Proves a write can be made: a read-only file opens, and even takes BEGIN IMMEDIATE in WAL mode,
 * and only fails at its first real write. Rewrites the schema version and rolls back: nothing reaches the disk.
 */
function assertWritable(db: StationDatabase, version: number): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

function closeQuietly(db: StationDatabase | undefined): void {
  try {
    db?.close();
  } catch {
    // closing a half-opened handle is best effort
  }
}

/**
 * Opens (or creates) the station database. A file that is empty, not SQLite, or fails
 * `PRAGMA quick_check` is kept aside under a dated name and a fresh database is started; the
 * activity log of the fresh one records it and `databaseNotices` reports it. A newer schema is
 * refused before anything is changed. Then WAL with synchronous=FULL (a commit is on disk when it
 * returns) and pending migrations, each in its own immediate transaction.
 */
export function openStationDatabase(path: string, options?: OpenDatabaseOptions & { readOnly?: false }): WritableDB;
export function openStationDatabase(path: string, options: OpenDatabaseOptions & { readOnly: true }): ReadableDB;
export function openStationDatabase(path: string, options?: OpenDatabaseOptions): ReadableDB;
export function openStationDatabase(path: string, options: OpenDatabaseOptions = {}): StationDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const supported = migrations.length ? migrations[migrations.length - 1].version : 0;
  const now = options.now ?? (() => new Date());
  const onDisk = path !== ':memory:';
  let kept: KeptAside | undefined;
  try {
    if (onDisk) mkdirSync(dirname(path), { recursive: true });
    const unusable = onDisk ? unusableFile(path) : undefined;
    if (unusable) kept = keepAside(path, unusable, now());
  } catch (err) {
    // ENOENT: another station process moved it aside a moment ago; open the fresh one.
    if (errnoOf(err) !== 'ENOENT') throw databaseFailure(path, err);
  }
  for (;;) {
    let db: StationDatabase | undefined;
    try {
      db = openSqlite(path, { timeoutMs: options.busyTimeoutMs ?? 5000 });
      const damage = damageFound(db);
      if (damage !== undefined) throw Object.assign(new Error(`quick_check: ${damage}`), { code: 'SQLITE_CORRUPT' });
      const found = db.pragma('user_version', { simple: true }) as number;
      if (found > supported) {
        const version = readMeta(db, 'app_version') ?? 'unknown';
        throw StationFailure.of('outbox.db-newer', { path, version, schema: found, supported });
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      if (!options.readOnly) assertWritable(db, found);
      migrate(db, migrations, options.appVersion ?? STATION_VERSION);
      if (kept) {
        keptAsideOf.set(db, kept);
        recordKeptAside(db, kept);
      }
      // A reader cannot write, whatever it runs.
      if (options.readOnly) db.pragma('query_only = 1');
      return db;
    } catch (err) {
      closeQuietly(db);
      if (onDisk && !kept && isDamage(err)) {
        try {
          kept = keepAside(path, { reason: 'damaged', detail: err instanceof Error ? err.message : String(err) }, now());
        } catch {
          // It could not be moved (still open elsewhere): say it is damaged.
          throw databaseFailure(path, err);
        }
        continue;
      }
      throw databaseFailure(path, err);
    }
  }
}

/** The fresh database's activity log says what happened to the old file. */
function recordKeptAside(db: StationDatabase, kept: KeptAside): void {
  const hasAudit = db.prepare(`SELECT 1 AS yes FROM sqlite_master WHERE type = 'table' AND name = 'audit'`).get();
  if (!hasAudit) return;
  db.prepare(`INSERT INTO audit (at, operator, action, error, detail) VALUES (?, 'station', 'database.kept-aside', ?, ?)`).run(
    kept.at,
    JSON.stringify(keptAsideError(kept)),
    `${kept.path} -> ${kept.keptAs}`,
  );
}

function migrate(db: StationDatabase, migrations: readonly Migration[], appVersion: string): void {
  for (const step of migrations) {
    db.transaction(() => {
      // Re-read inside the lock: another process may have upgraded meanwhile.
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= step.version) return;
      step.up(db);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
        'app_version',
        appVersion,
      );
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}

export function schemaVersionOf(db: StationDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Prepared statements by SQL text: dynamic queries are built from a few shapes, so they repeat. */
export function statementCache(db: StationDatabase): (sql: string) => StationStatement {
  const cache = new Map<string, StationStatement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (cache.size < 500) cache.set(sql, stmt);
    }
    return stmt;
  };
}
