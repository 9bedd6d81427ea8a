/**
 * The one file that knows the SQLite binding. The rest of the station sees `StationDatabase`.
 *
 * The binding is libsql: an N-API addon (one binary loads in Node and in Electron, no rebuild)
 * with prebuilt platform packages and an API close to better-sqlite3's. Its differences, all
 * handled here:
 * - rows from `get()` carry an extra `_metadata` key and `run()` results a `duration`: removed;
 *   `all()` gives BLOBs as ArrayBuffers: Buffers here, as `get()` gives them;
 * - `pragma(..., { simple: true })` returns a row instead of the value;
 * - binding a boolean, a plain object, a Date or a Uint8Array aborts the whole process (a panic in
 *   native code): refused here with better-sqlite3's TypeError;
 * - a missing parameter is bound as NULL and an extra one ignored: refused here (RangeError);
 * - a statement of a closed connection answers nothing: refused here;
 * - transactions do not nest (savepoints here, as better-sqlite3 does) and its ROLLBACK after an
 *   already rolled-back transaction throws over the real error;
 * - `name` is empty: here it is the file path;
 * - `close()` closes the file only once every statement prepared on the connection is garbage
 *   collected (a connection that only ran `exec()` closes at once); nothing is lost, the WAL is
 *   simply checkpointed later, but a file kept open cannot be renamed on Windows (see database.ts).
 * It is loaded on first open, so a missing or mismatched binary becomes a message naming it.
 */
import type Libsql from 'libsql';
import { nativeModuleFailure } from '../native-modules';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface StationStatement {
  run(...params: unknown[]): RunResult;
  /** The first row, or undefined. */
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
  exclusive(...args: A): R;
}

export interface StationDatabase {
  /** The file path (`:memory:` for an in-memory database). */
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): StationStatement;
  exec(sql: string): void;
  /** Wraps `fn` in a transaction (a savepoint when nested); it commits when `fn` returns and rolls back when it throws. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): void;
}

export interface OpenSqliteOptions {
  /** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
  timeoutMs: number;
}

type LibsqlConstructor = new (path: string, options?: { timeout?: number }) => Libsql.Database;
type LibsqlStatement = ReturnType<Libsql.Database['prepare']>;

let binding: LibsqlConstructor | undefined;

function loadBinding(): LibsqlConstructor {
  if (!binding) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: a missing or mismatched binary becomes a message, not a crash at start
      binding = require('libsql') as LibsqlConstructor;
    } catch (err) {
      throw nativeModuleFailure('libsql', err);
    }
  }
  return binding;
}

/** The SQLite result code of an error from the binding (`SQLITE_BUSY`, `SQLITE_READONLY_DBMOVED`, ...), or ''. */
export function sqliteCodeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
}

/** Opens (or creates) a database file. */
export function openSqlite(path: string, options: OpenSqliteOptions): StationDatabase {
  const Database = loadBinding();
  return new LibsqlStationDatabase(new Database(path, { timeout: options.timeoutMs }), path);
}

const NOT_OPEN = 'The database connection is not open';
const CANNOT_BIND = 'SQLite3 can only bind numbers, strings, bigints, buffers, and null';

function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || Buffer.isBuffer(value))
    return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(CANNOT_BIND);
}

function isNamed(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The parameters a statement's SQL declares: how many `?` and which `@name` / `:name` / `$name`. */
function placeholdersOf(sql: string): { positional: number; named: string[] } {
  // Literals, quoted identifiers and comments cannot hold parameters.
  const code = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  let positional = 0;
  const named = new Set<string>();
  for (const m of code.matchAll(/\?\d*|[@:$]([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (m[1]) named.add(m[1]);
    else positional++;
  }
  return { positional, named: [...named] };
}

/** A row as better-sqlite3 gives it: no `_metadata` key, BLOBs as Buffers (all() gives ArrayBuffers). */
function plainRow<T>(row: T): T {
  if (typeof row !== 'object' || row === null) return row;
  const r = row as Record<string, unknown>;
  if ('_metadata' in r) delete r._metadata;
  for (const key in r) if (r[key] instanceof ArrayBuffer) r[key] = Buffer.from(r[key]);
  return row;
}

class LibsqlStatementAdapter implements StationStatement {
  private readonly positional: number;
  private readonly named: string[];

  constructor(
    private readonly owner: LibsqlStationDatabase,
    private readonly inner: LibsqlStatement,
    sql: string,
  ) {
    ({ positional: this.positional, named: this.named } = placeholdersOf(sql));
  }

  /** One argument for the binding: the named-parameter object, or the positional values as an array. */
  private bind(params: unknown[]): unknown[] | Record<string, unknown> {
    if (!this.owner.open) throw new TypeError(NOT_OPEN);
    if (params.length === 1 && isNamed(params[0])) {
      const given = params[0];
      if (this.positional) throw new RangeError('Too few parameter values were provided');
      // Only the names the SQL declares are bound; other keys of the object are ignored, as
      // better-sqlite3 does (callers pass one record to several statements).
      const bound: Record<string, unknown> = {};
      for (const name of this.named) {
        if (!(name in given)) throw new RangeError(`Missing named parameter "${name}"`);
        bound[name] = bindable(given[name]);
      }
      return bound;
    }
    if (this.named.length) throw new RangeError(`Missing named parameter "${this.named[0]}"`);
    const values = params.flat().map(bindable);
    if (values.length < this.positional) throw new RangeError('Too few parameter values were provided');
    if (values.length > this.positional) throw new RangeError('Too many parameter values were provided');
    return values;
  }

  run(...params: unknown[]): RunResult {
    const r = this.inner.run(this.bind(params));
    return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
  }

  get(...params: unknown[]): unknown {
    return plainRow(this.inner.get(this.bind(params)));
  }

  all(...params: unknown[]): unknown[] {
    return this.inner.all(this.bind(params)).map(plainRow);
  }
}

class LibsqlStationDatabase implements StationDatabase {
  constructor(
    private readonly inner: Libsql.Database,
    readonly name: string,
  ) {}

  get open(): boolean {
    return this.inner.open;
  }

  get inTransaction(): boolean {
    return this.open && this.inner.inTransaction;
  }

  prepare(sql: string): StationStatement {
    if (!this.open) throw new TypeError(NOT_OPEN);
    return new LibsqlStatementAdapter(this, this.inner.prepare(sql), sql);
  }

  exec(sql: string): void {
    if (!this.open) throw new TypeError(NOT_OPEN);
    this.inner.exec(sql);
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R> {
    const run =
      (begin: string) =>
      (...args: A): R => {
        const nested = this.inTransaction;
        this.exec(nested ? 'SAVEPOINT station_nested' : begin);
        try {
          const result = fn(...args);
          if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
          this.exec(nested ? 'RELEASE station_nested' : 'COMMIT');
          return result;
        } catch (err) {
          // SQLite may already have rolled back (SQLITE_FULL, SQLITE_IOERR): then there is nothing to undo.
          if (this.inTransaction) {
            if (nested) this.exec('ROLLBACK TO station_nested; RELEASE station_nested');
            else this.exec('ROLLBACK');
          }
          throw err;
        }
      };
    return Object.assign(run('BEGIN'), {
      deferred: run('BEGIN DEFERRED'),
      immediate: run('BEGIN IMMEDIATE'),
      exclusive: run('BEGIN EXCLUSIVE'),
    });
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[];
    if (!options.simple) return rows;
    return rows.length ? Object.values(rows[0])[0] : undefined;
  }

  close(): void {
    if (this.open) this.inner.close();
  }
}
