/**
 * The PMS listeners run in one process (the app, `station web` or `station pms serve`); `station
 * pms status` runs in another. The running one keeps its status in the data folder, and the
 * command reads it, so IT can see the interfaces without opening the app.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PmsStatus } from '../../../shared/domain/pms';
import { readJsonFile, writeJsonFileAtomic } from '../config/json-file';

export const PMS_STATUS_FILE = 'pms-status.json';

export function writePmsStatusFile(dataDir: string, status: PmsStatus): void {
  writeJsonFileAtomic(join(dataDir, PMS_STATUS_FILE), { ...status, writtenAt: new Date().toISOString() });
}

export function removePmsStatusFile(dataDir: string, pid = process.pid): void {
  const current = readPmsStatusFile(dataDir);
  if (current && current.pid !== pid) return;
  rmSync(join(dataDir, PMS_STATUS_FILE), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The status the running process wrote; undefined when none runs (no file, or its process is gone). */
export function readPmsStatusFile(dataDir: string): (PmsStatus & { writtenAt?: string }) | undefined {
  let value: unknown;
  try {
    value = readJsonFile(join(dataDir, PMS_STATUS_FILE));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const status = value as PmsStatus & { writtenAt?: string };
  if (typeof status.pid !== 'number' || !alive(status.pid)) return undefined;
  return status;
}
