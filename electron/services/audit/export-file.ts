/**
 * Where an activity-log export may be written, and writing it without harming what is there:
 * never inside the station data folder (its database lives there), never over an existing file
 * unless asked, never into a folder that does not exist (a typo should not create folders).
 */
import { createWriteStream, lstatSync, realpathSync, statSync, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StationFailure } from '../failure';

/** Failures that mean "choose another target", not "the disk failed". */
export const EXPORT_TARGET_CODES: ReadonlySet<string> = new Set([
  'outbox.export-in-data-folder',
  'outbox.export-exists',
  'outbox.export-folder-missing',
  'outbox.export-is-folder',
]);

/** The real path (symlinks resolved) as the file system compares it. */
function canonical(path: string): string {
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    real = resolve(path);
  }
  return process.platform === 'win32' || process.platform === 'darwin' ? real.toLowerCase() : real;
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

/** What is at `path`; `follow` looks through a symbolic link (for folders), otherwise the link itself counts. */
function kindOf(path: string, follow = false): 'missing' | 'folder' | 'other' {
  try {
    return (follow ? statSync(path) : lstatSync(path)).isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

/** Throws a StationFailure (one of EXPORT_TARGET_CODES) when `file` must not be written. */
export function checkExportTarget(file: string, dataDir: string, options: { overwrite: boolean }): void {
  const path = resolve(file);
  const folder = dirname(path);
  if (kindOf(path) === 'folder') throw StationFailure.of('outbox.export-is-folder', { path });
  if (kindOf(folder, true) !== 'folder') throw StationFailure.of('outbox.export-folder-missing', { folder });
  if (isInside(canonical(folder), canonical(dataDir))) throw StationFailure.of('outbox.export-in-data-folder', { dataDir });
  if (!options.overwrite && kindOf(path) !== 'missing') throw StationFailure.of('outbox.export-exists', { path });
}

export interface ExportFile {
  write(text: string): Promise<void>;
  /** Everything is written: close the file (and put it in place of the old one when replacing). */
  finish(): Promise<void>;
  /** Something failed: close and remove what this export created. */
  abort(): Promise<void>;
}

function opened(out: WriteStream): Promise<void> {
  return new Promise((done, fail) => {
    out.once('open', () => done());
    out.once('error', fail);
  });
}

/**
 * Creates `path` exclusively (never following or replacing what is there). With `overwrite`, writes
 * a new file beside it and renames it over the old one at the end: the old name then points to the
 * export, while a hard or symbolic link's other file is left alone.
 */
export async function openExportFile(path: string, options: { overwrite: boolean }): Promise<ExportFile> {
  const written = options.overwrite ? join(dirname(path), `.${basename(path)}.${process.pid}-${Date.now()}.tmp`) : path;
  const out = createWriteStream(written, { flags: 'wx', encoding: 'utf8' });
  try {
    await opened(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw StationFailure.of('outbox.export-exists', { path });
    if (code === 'ENOENT') throw StationFailure.of('outbox.export-folder-missing', { folder: dirname(path) });
    throw err;
  }
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // observed through the races below
  return {
    async write(text) {
      if (!out.write(text)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    },
    async finish() {
      await Promise.race([new Promise<void>((r) => out.end(r)), failed]);
      if (written !== path) await rename(written, path);
    },
    async abort() {
      out.destroy();
      await unlink(written).catch(() => undefined);
    },
  };
}
