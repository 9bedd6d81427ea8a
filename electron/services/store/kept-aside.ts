/**
 * A station.db that cannot be used as it is (empty, not SQLite, damaged) is never overwritten or
 * silently replaced: it is renamed, with its WAL companions, to `station.db.<reason>-<date>` beside
 * it, where IT can look at it or restore it.
 */
import { closeSync, existsSync, openSync, readSync, renameSync, statSync } from 'node:fs';

export type KeptAsideReason = 'empty' | 'foreign' | 'damaged';

export interface KeptAside {
  reason: KeptAsideReason;
  /** The database path that was kept aside (a fresh database now has this name). */
  path: string;
  /** Where the old file is now. */
  keptAs: string;
  /** What was wrong, in SQLite's or the file's own words. */
  detail: string;
  /** ISO time it was moved. */
  at: string;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Files that travel with a database and must move with it: an old WAL would be replayed into a fresh database. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

function firstBytes(path: string, count: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(count);
    const n = readSync(fd, buf, 0, count, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function printable(bytes: Buffer): string {
  return JSON.stringify(bytes.toString('latin1').replace(/[^\x20-\x7e]/g, '.'));
}

/** Why an existing file cannot be opened as a database, judged from its size and header; undefined if it can be tried. */
export function unusableFile(path: string): { reason: KeptAsideReason; detail: string } | undefined {
  if (!existsSync(path)) return undefined;
  const size = statSync(path).size;
  if (size === 0) return { reason: 'empty', detail: '0 bytes' };
  const head = firstBytes(path, SQLITE_HEADER.length);
  if (!head.equals(SQLITE_HEADER)) return { reason: 'foreign', detail: `${size} bytes starting with ${printable(head)}` };
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `20250314-093005`, local time: what a person looks for in a folder listing. */
export function dateStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Renames the file and its companions to a dated name that is not taken yet. */
export function keepAside(path: string, found: { reason: KeptAsideReason; detail: string }, at: Date): KeptAside {
  const base = `${path}.${found.reason}-${dateStamp(at)}`;
  let keptAs = base;
  for (let n = 2; [keptAs, ...COMPANIONS.map((c) => keptAs + c)].some((p) => existsSync(p)); n++) keptAs = `${base}-${n}`;
  renameSync(path, keptAs);
  const moved: string[] = [];
  try {
    for (const c of COMPANIONS) {
      if (existsSync(path + c)) {
        renameSync(path + c, keptAs + c);
        moved.push(c);
      }
    }
  } catch (err) {
    // Never leave an old WAL next to a fresh database: put everything back and fail.
    for (const c of moved) renameSync(keptAs + c, path + c);
    renameSync(keptAs, path);
    throw err;
  }
  return { ...found, path, keptAs, at: at.toISOString() };
}
