/**
 * A station.db that is empty, foreign, damaged, read-only or on a full disk: each is told apart,
 * a damaged or foreign file is kept aside (never silently replaced), and nothing is left behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureWritableDataDir, parseStationConfig } from '../../electron/services/config';
import { StationFailure } from '../../electron/services/failure';
import { silentLogger } from '../../electron/services/logging/logger';
import { Outbox } from '../../electron/services/outbox';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import { databaseNotices, openStationDatabase } from '../../electron/services/store/database';
import { openSqlite } from '../../electron/services/store/sqlite';
import { dateStamp } from '../../electron/services/store/kept-aside';
import { describeError } from '../../shared/errors';
import { cancelQr, FakeExecutor, tempDir } from './helpers';

const REPO_ROOT = join(__dirname, '..', '..');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(prefix = 'dbfile-'): string {
  const t = tempDir(prefix);
  cleanups.push(t.cleanup);
  return t.dir;
}

async function demoStation(dir: string): Promise<Station> {
  const station = await createStation(parseStationConfig({ encoder: { driver: 'none' } }), {
    secrets: new MemorySecretStore(),
    log: silentLogger,
    dataDir: dir,
  });
  cleanups.push(() => station.close());
  return station;
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

/** A real station database holding `count` queued operations, all of it in the main file (WAL checkpointed). */
async function databaseWithOperations(path: string, count: number): Promise<void> {
  const outbox = new Outbox({ database: path, executor: new FakeExecutor(), autoStart: false });
  for (let i = 0; i < count; i++) await outbox.submit(cancelQr(`KEPT${String(i).padStart(6, '0')}`), 'desk');
  await outbox.close();
  const db = openSqlite(path, { timeoutMs: 1000 });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function keptFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^station\.db\.(empty|foreign|damaged)-/.test(f));
}

/** What a station started on `dir` must show when the old file was kept aside. */
async function expectKeptAside(dir: string, reason: 'empty' | 'foreign' | 'damaged', original: Buffer): Promise<Station> {
  const station = await demoStation(dir);
  const kept = keptFiles(dir).filter((f) => !/-(wal|shm|journal)$/.test(f));
  expect(kept).toHaveLength(1);
  expect(kept[0]).toMatch(new RegExp(`^station\\.db\\.${reason}-\\d{8}-\\d{6}$`));
  // Kept byte for byte.
  expect(readFileSync(join(dir, kept[0])).equals(original)).toBe(true);
  // The station says so: its status (window and harness) ...
  const notices = station.status().notices ?? [];
  expect(notices.map((n) => n.code)).toEqual([`outbox.db-kept-${reason}`]);
  expect(notices[0].message).toContain(join(dir, kept[0]));
  expect(describeError(notices[0], 'zh-CN').text).toContain(kept[0]);
  // ... and the fresh database's activity log.
  const audit = await station.registry.auditList({ action: 'database.kept-aside', limit: 10, offset: 0 });
  expect(audit.items).toHaveLength(1);
  expect(audit.items[0]).toMatchObject({ operator: 'station', error: { code: `outbox.db-kept-${reason}` } });
  // And it works: the fresh database takes operations.
  const op = await station.outbox.submit(cancelQr('AFTERKEEP1'), 'desk');
  expect((await station.outbox.get(op.id)).id).toBe(op.id);
  return station;
}

describe('a station.db that cannot be used as it is', () => {
  it('an empty (0-byte) file is kept aside under a dated name, and the station says so before starting fresh', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'station.db'), '');
    await expectKeptAside(dir, 'empty', Buffer.alloc(0));
  });

  it('a file that is not SQLite is kept aside (never opened as a database), naming what it starts with', async () => {
    const dir = dataDir();
    const foreign = Buffer.from('{"rooms": ["101", "102"]}\n'.repeat(40));
    writeFileSync(join(dir, 'station.db'), foreign);
    const station = await expectKeptAside(dir, 'foreign', foreign);
    expect(station.status().notices?.[0].message).toContain('starting with "{\\"rooms\\": [\\"101\\""');
  });

  it('a database with damaged pages fails PRAGMA quick_check at open: kept aside with its WAL, with what SQLite found', async () => {
    const dir = dataDir();
    const path = join(dir, 'station.db');
    await databaseWithOperations(path, 400);
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(20);
    // The schema's own pages (page 1, and more as the schema grows) stay intact: it still opens, as real damage does.
    const probe = openSqlite(path, { timeoutMs: 1000 });
    const schemaPages = new Set(
      (probe.prepare(`SELECT pageno FROM dbstat WHERE name IN ('sqlite_schema', 'sqlite_master')`).all() as { pageno: number }[]).map(
        (r) => r.pageno,
      ),
    );
    probe.close();
    // Scribble over the middle pages: it still opens, as real damage does.
    for (let p = 4; p < pages - 2; p += 3) if (!schemaPages.has(p + 1)) bytes.fill(0xa5, p * pageSize + 8, p * pageSize + pageSize - 8);
    writeFileSync(path, bytes);
    const wal = Buffer.from('an old write-ahead log that must never be replayed into a fresh database');
    writeFileSync(`${path}-wal`, wal);

    const station = await expectKeptAside(dir, 'damaged', bytes);
    const notice = station.status().notices![0];
    expect(notice.message).toMatch(/quick_check: .*(page|tree|corrupt|malformed)/i);
    const keptWal = keptFiles(dir).find((f) => f.endsWith('-wal'));
    expect(keptWal && readFileSync(join(dir, keptWal)).equals(wal)).toBe(true);
    // The 400 queued operations are not in the fresh database; they are in the kept file.
    expect((await station.outbox.list({ limit: 1000, offset: 0 })).total).toBe(1);
  });

  it('a database whose first page is damaged does not even open: kept aside as damaged too', async () => {
    const dir = dataDir();
    const path = join(dir, 'station.db');
    await databaseWithOperations(path, 50);
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 100, bytes.readUInt16BE(16));
    writeFileSync(path, bytes);
    await expectKeptAside(dir, 'damaged', bytes);
  });

  it('two files kept in the same second get different names', () => {
    const dir = dataDir();
    const path = join(dir, 'station.db');
    const now = () => new Date(2026, 2, 14, 9, 30, 5);
    for (let i = 0; i < 2; i++) {
      writeFileSync(path, `not sqlite ${i}`);
      const db = openStationDatabase(path, { now });
      expect(databaseNotices(db)[0].params?.keptAs).toBe(join(dir, `station.db.foreign-20260314-093005${i ? '-2' : ''}`));
      db.close();
    }
    expect(dateStamp(now())).toBe('20260314-093005');
    expect(readFileSync(join(dir, 'station.db.foreign-20260314-093005-2'), 'utf8')).toBe('not sqlite 1');
  });

  it('a sound database is opened as it is, with no notice and nothing moved', async () => {
    const dir = dataDir();
    await databaseWithOperations(join(dir, 'station.db'), 5);
    const station = await demoStation(dir);
    expect(station.status().notices).toBeUndefined();
    expect((await station.outbox.list({ limit: 1000, offset: 0 })).total).toBe(5);
    expect(keptFiles(dir)).toEqual([]);
  });

  it('the CLI prints the notice on stderr (and still answers)', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'station.db'), 'hello');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), 'queue', 'list', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, STATION_DATA_DIR: dir, STATION_CONFIG: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^Warning: .*station\.db was not a Card Station database \(5 bytes starting with "hello"\)\. It was kept aside as .*station\.db\.foreign-\d{8}-\d{6} and a fresh database was started/m,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 0 });
  }, 90_000);
});

describe('read-only, disk full: each its own message', () => {
  const isRoot = process.getuid?.() === 0;

  it('a read-only station.db is refused at open as read-only, not as "cannot be opened", and left as it was', async () => {
    const dir = dataDir();
    chmodSync(dir, 0o777);
    const path = join(dir, 'station.db');
    await databaseWithOperations(path, 3);
    const before = readFileSync(path);
    chmodSync(path, 0o444);
    // root writes through file permissions: open it as an ordinary user, as a desk PC would.
    const script = `import { openStationDatabase } from ${JSON.stringify(join(REPO_ROOT, 'electron/services/store/database.ts'))};
      // Looking (queue list, cards find, audit export) still works on a read-only file.
      const reader = openStationDatabase(${JSON.stringify(path)}, { readOnly: true });
      console.log(JSON.stringify({ queued: reader.prepare('SELECT COUNT(*) AS n FROM operations').get().n }));
      reader.close();
      try { openStationDatabase(${JSON.stringify(path)}).close(); console.log(JSON.stringify({ opened: true })); }
      catch (err) { console.log(JSON.stringify(err.error ?? { thrown: String(err) })); }`;
    const scriptFile = join(dir, 'open.mts');
    writeFileSync(scriptFile, script);
    chmodSync(scriptFile, 0o644);
    const r = spawnSync(process.execPath, ['--import', 'tsx', scriptFile], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    const [read, error] = r.stdout
      .trim()
      .split('\n')
      .slice(-2)
      .map((line) => JSON.parse(line));
    expect(read, r.stderr).toEqual({ queued: 3 });
    expect(error.code, r.stderr).toBe('outbox.db-read-only');
    expect(error.message).toBe(
      `The station database ${path} is read-only, so nothing can be saved (file permissions, or a read-only disk or share).`,
    );
    expect(describeError(error, 'zh-CN').text).toContain('只读');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(keptFiles(dir)).toEqual([]);
  }, 90_000);

  it('disk full while accepting work (SQLITE_FULL): "the disk is full", and what was accepted stays', async () => {
    const dir = dataDir();
    const db = openStationDatabase(join(dir, 'station.db'));
    const outbox = new Outbox({ database: db, executor: new FakeExecutor(), autoStart: false });
    cleanups.push(async () => {
      await outbox.close();
      db.close();
    });
    // The database may not grow past its current size: SQLite answers as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let accepted = 0;
    let failure: unknown;
    for (let i = 0; i < 2000 && !failure; i++) {
      await outbox.submit(cancelQr(`FULL${String(i).padStart(6, '0')}`), 'desk').then(
        () => accepted++,
        (err: unknown) => (failure = err),
      );
    }
    expect(failure).toBeInstanceOf(StationFailure);
    const error = (failure as StationFailure).error;
    expect(error.code).toBe('outbox.db-full');
    expect(error.message).toBe(
      `The disk that holds the station database ${join(dir, 'station.db')} is full: nothing new can be saved. Work accepted before is safe.`,
    );
    expect(describeError(error, 'zh-CN').text).toContain('磁盘已满');
    expect(outbox.summary()?.queued).toBe(accepted);
  });

  it('a real full disk (a tiny tmpfs): the data folder check and the database each say the disk is full, and no probe file is left', async (ctx) => {
    if (!isRoot) ctx.skip();
    const mount = dataDir('dbfile-tmpfs-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (err) {
      console.log(`skipped: cannot mount a tmpfs here (${String(err).split('\n')[0]})`);
      ctx.skip();
    }
    cleanups.push(() => void execFileSync('umount', ['--lazy', mount]));
    const dir = join(mount, 'data');
    mkdirSync(dir);
    const db = openStationDatabase(join(dir, 'station.db'));
    const outbox = new Outbox({ database: db, executor: new FakeExecutor(), autoStart: false });
    cleanups.push(async () => {
      await outbox.close();
      db.close();
    });
    await outbox.submit(cancelQr('BEFOREFULL'), 'desk');
    // Fill the disk to the last byte.
    const filler = join(mount, 'filler');
    writeFileSync(filler, '');
    for (let chunk = 64 * 1024; chunk >= 1; chunk = Math.floor(chunk / 2)) {
      try {
        for (;;) writeFileSync(filler, Buffer.alloc(chunk), { flag: 'a' });
      } catch {
        // this chunk size no longer fits: try a smaller one
      }
    }
    let failure: unknown;
    for (let i = 0; i < 500 && !failure; i++)
      await outbox.submit(cancelQr(`DISKFULL${i}`), 'desk').catch((err: unknown) => (failure = err));
    expect((failure as StationFailure).error.code).toBe('outbox.db-full');
    expect((await outbox.list({ limit: 10, offset: 0 })).items.some((op) => JSON.stringify(op.input).includes('BEFOREFULL'))).toBe(true);

    const check = failureOf(() => ensureWritableDataDir(dir));
    expect(check.error.code).toBe('station.data-dir-full');
    expect(check.error.message).toBe(`The disk that holds the data folder ${dir} is full: the station cannot save anything.`);
    expect(readdirSync(dir).filter((f) => f.startsWith('.write-test-'))).toEqual([]);
  });
});

describe('the data folder check leaves nothing behind', () => {
  it.skipIf(!existsSync('/dev/full'))(
    'a probe write that fails half-way (the file created, then no space) is removed and reported as a full disk',
    () => {
      const dir = dataDir();
      // The probe's own name, pointing at /dev/full: opening works, writing fails with ENOSPC.
      const probe = join(dir, `.write-test-${process.pid}`);
      symlinkSync('/dev/full', probe);
      const failure = failureOf(() => ensureWritableDataDir(dir));
      expect(failure.error.code).toBe('station.data-dir-full');
      expect(readdirSync(dir)).toEqual([]);
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    },
  );

  it('a usable folder keeps no probe file', () => {
    const dir = dataDir();
    ensureWritableDataDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});
