/**
 * A throwaway PostgreSQL cluster for the site tests: Debian's `postgresql` server binaries, a data
 * folder in a temp dir, a unix socket in that dir and 127.0.0.1 on a free port. PostgreSQL refuses
 * to run as root, so when the tests run as root (CI) the server runs as the `postgres` system user
 * (`setpriv`, which execs: the child's pid is the postmaster's, so a test can SIGKILL it).
 *
 * `initdb` runs once per machine (a template folder in the temp dir, made atomically); each
 * cluster is a copy of it, so starting one costs a copy and a server start, not an initdb.
 * Authentication: the `postgres` superuser by trust (tests act as the hotel's IT with it); every
 * other role with its SCRAM password, as a real site database would ask.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { postgresBinDir } from '../system-requirements';

const TEMPLATE_FORMAT = 1;

export interface PgClusterOptions {
  /** Durable commits (`fsync`): on for the bench, off (faster) for tests; a killed server loses nothing either way. */
  fsync?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

export interface PgCluster {
  readonly port: number;
  readonly socketDir: string;
  readonly database: string;
  /** The postmaster's pid (changes after a restart). */
  readonly pid: number;
  /** The superuser over the unix socket (trust): what the hotel's IT would use to run `site init`. */
  adminUrl(): string;
  /** A role over TCP on 127.0.0.1, as a station connects. */
  url(user: string, password?: string, query?: string): string;
  /** Runs SQL as the superuser. */
  admin<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** SIGKILL the postmaster (no shutdown at all). */
  kill(): Promise<void>;
  /** Starts the server again on the same data folder and port (after `kill` or `stop`). */
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUid(): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0)
    throw new Error('running as root, the PostgreSQL server needs the postgres system user (Debian package postgresql creates it)');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** argv that runs `command` as the postgres user when we are root, else as ourselves. */
function asServerUser(command: string, args: string[], pdeathsig = false): [string, string[]] {
  if (!asRoot()) return [command, args];
  return [
    'setpriv',
    ['--reuid=postgres', '--regid=postgres', '--init-groups', ...(pdeathsig ? ['--pdeathsig=SIGQUIT'] : []), command, ...args],
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function chownToServer(path: string): void {
  if (!asRoot()) return;
  const { uid, gid } = postgresUid();
  chownSync(path, uid, gid);
}

/** The initdb'd template, made once per machine and kept in the temp dir. */
function template(bin: string): string {
  const owner = asRoot() ? 'postgres' : String(process.getuid?.() ?? 'user');
  const version = bin.split('/').at(-2);
  const dir = join(tmpdir(), `card-station-pg${version}-template-${owner}-v${TEMPLATE_FORMAT}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const work = mkdtempSync(join(tmpdir(), 'card-station-pg-initdb-'));
  chownToServer(work);
  const data = join(work, 'data');
  const [cmd, args] = asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  try {
    renameSync(data, dir);
  } catch {
    // Another test file made it first: use theirs.
  }
  rmSync(work, { recursive: true, force: true });
  return dir;
}

const HBA = [
  'local all postgres trust',
  'local all all scram-sha-256',
  'host all postgres 127.0.0.1/32 trust',
  'host all all 127.0.0.1/32 scram-sha-256',
  '',
].join('\n');

async function waitUntilReady(adminUrl: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (child.exitCode !== null)
        throw new Error(`postgres exited with ${child.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`, { cause: err });
      if (Date.now() > deadline)
        throw new Error(`postgres did not start: ${String(err)}\n${readFileSync(logFile, 'utf8').slice(-2000)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));

/** Starts a fresh cluster with a `cardstation` database. Throws if the server binaries are missing (check POSTGRESQL first). */
export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL 15+ is not installed: sudo apt-get install -y postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'card-station-pg-'));
  chownToServer(dir);
  const data = join(dir, 'data');
  const copy = spawnSync('cp', ['-a', template(bin), data], { encoding: 'utf8' });
  if (copy.status !== 0) throw new Error(`copying the template cluster failed: ${copy.stderr}`);
  writeFileSync(join(data, 'pg_hba.conf'), HBA);
  chownToServer(join(data, 'pg_hba.conf'));
  const port = await freePort();
  const logFile = join(dir, 'postgres.log');
  const database = 'cardstation';
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    fsync: options.fsync ? 'on' : 'off',
    full_page_writes: options.fsync ? 'on' : 'off',
    max_connections: 300,
    shared_buffers: '32MB',
    log_min_messages: 'warning',
    ...options.settings,
  };
  let child: ChildProcess | undefined;
  const adminUrl = (db = database) => `postgres://postgres@${encodeURIComponent(dir)}:${port}/${db}`;

  const start = async (): Promise<void> => {
    // After a SIGKILL the old server's backends may still hold its shared memory for a moment.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const fd = openSync(logFile, 'a');
      const [cmd, args] = asServerUser(
        join(bin, 'postgres'),
        ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
        true,
      );
      const started = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
      closeSync(fd);
      started.on('error', () => {});
      try {
        await waitUntilReady(adminUrl('postgres'), started, logFile, 30_000);
        child = started;
        return;
      } catch (err) {
        started.kill('SIGKILL');
        await exited(started);
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  const stop = async (): Promise<void> => {
    if (!child) return;
    const c = child;
    child = undefined;
    c.kill('SIGQUIT');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited(c);
    clearTimeout(timer);
  };

  const admin = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  await start();
  const setup = new Client({ connectionString: adminUrl('postgres') });
  await setup.connect();
  await setup.query(`CREATE DATABASE ${database}`);
  await setup.end();

  return {
    port,
    socketDir: dir,
    database,
    get pid() {
      return child?.pid ?? 0;
    },
    adminUrl: () => adminUrl(),
    url: (user, password, query) =>
      `postgres://${encodeURIComponent(user)}${password !== undefined ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/${database}${query ? `?${query}` : ''}`,
    admin,
    async kill() {
      if (!child) return;
      const c = child;
      child = undefined;
      c.kill('SIGKILL');
      await exited(c);
    },
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
