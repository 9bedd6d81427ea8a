import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StationFailure } from '../failure';
import { STATION_VERSION } from '../version';
import { MIGRATIONS, type Migration } from './migrations';

export type StationDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before failing with `outbox.db-locked`. */
  busyTimeoutMs?: number;
  /** For tests: the schema history to apply (default: all of it). */
  migrations?: readonly Migration[];
  /** Recorded in the database so a newer one can say which version wrote it. */
  appVersion?: string;
}

function sqliteCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** Turns SQLite's own errors into ones staff can act on. */
export function databaseFailure(path: string, err: unknown): StationFailure {
  if (err instanceof StationFailure) return err;
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return StationFailure.of('outbox.db-locked', { path });
  const detail = err instanceof Error ? err.message : String(err);
  return StationFailure.of('outbox.db-unreadable', { path, detail });
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
 * Opens (or creates) the station database: refuses a newer schema before changing anything, then
 * switches to WAL with synchronous=FULL (a commit is on disk when it returns) and applies pending
 * migrations, each in its own immediate transaction.
 */
export function openStationDatabase(path: string, options: OpenDatabaseOptions = {}): StationDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const supported = migrations.length ? migrations[migrations.length - 1].version : 0;
  let db: StationDatabase | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > supported) {
      const version = readMeta(db, 'app_version') ?? 'unknown';
      throw StationFailure.of('outbox.db-newer', { path, version, schema: found, supported });
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, options.appVersion ?? STATION_VERSION);
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // closing a half-opened handle is best effort
    }
    throw databaseFailure(path, err);
  }
}

function migrate(db: StationDatabase, migrations: readonly Migration[], appVersion: string): void {
  for (const step of migrations) {
    db.transaction(() => {
      // Re-read inside the lock: another process may have upgraded meanwhile.
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= step.version) return;
      step.up(db);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('app_version', appVersion);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}

export function schemaVersionOf(db: StationDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Prepared statements by SQL text: dynamic queries are built from a few shapes, so they repeat. */
export function statementCache(db: StationDatabase): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (cache.size < 500) cache.set(sql, stmt);
    }
    return stmt;
  };
}
