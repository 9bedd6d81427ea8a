/**
 * Room import from a CSV file: display name, building, floor, room, lock type, tuya device id, pms
 * card kind (the
 * header names the columns, in any order; English or Chinese names). Every line is checked first;
 * a file with any bad line changes nothing and each problem is reported on its line. A good file
 * adds or updates its rooms (rooms not in the file stay as they are).
 */
import { randomUUID } from 'node:crypto';
import { LOCK_TYPES, type LockType } from '../../../shared/domain/cloud';
import { CARD_KINDS, roomKey, type CardKind, type RoomImportLineError } from '../../../shared/domain/rooms';
import { stationError, type CodeSuffix } from '../../../shared/errors';
import { findUnsafeCharacter } from '../../../shared/text/plain-text';
import type { RoomDirectory, RoomPatch } from './directory-store';
import { readCsv } from './csv-reader';

export const IMPORT_COLUMNS = ['display name', 'building', 'floor', 'room', 'lock type', 'tuya device id', 'pms card kind'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

const ALIASES: Record<string, Column> = {
  displayname: 'display name',
  name: 'display name',
  显示名称: 'display name',
  名称: 'display name',
  building: 'building',
  buildno: 'building',
  build: 'building',
  楼栋: 'building',
  floor: 'floor',
  floorno: 'floor',
  楼层: 'floor',
  room: 'room',
  roomno: 'room',
  房号: 'room',
  房间号: 'room',
  locktype: 'lock type',
  门锁类型: 'lock type',
  tuyadeviceid: 'tuya device id',
  tuyadevice: 'tuya device id',
  tuyalock: 'tuya device id',
  涂鸦设备id: 'tuya device id',
  pmscardkind: 'pms card kind',
  pmskind: 'pms card kind',
  pms卡类型: 'pms card kind',
};

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');

export interface ImportedRoom extends RoomPatch {
  line: number;
}

export interface ImportCheck {
  rooms: ImportedRoom[];
  errors: RoomImportLineError[];
  /** Which optional columns the file has (a missing column leaves that fact as it is). */
  has: { lockType: boolean; tuyaDeviceId: boolean; pmsCardKind: boolean };
}

/** One problem of one line; the column is named as the file's header names it. */
function lineError(
  line: number,
  column: Column | undefined,
  problem: CodeSuffix<'rooms.import-'>,
  params: Record<string, string | number> = {},
): RoomImportLineError {
  return {
    line,
    ...(column ? { field: column } : {}),
    error: stationError(`rooms.import-${problem}`, params, column ? { field: column } : undefined),
  };
}

/** Checks a whole file against the rules and the directory; nothing is written. */
export function checkImport(csv: string, directory: RoomDirectory): ImportCheck {
  const doc = readCsv(csv);
  const errors: RoomImportLineError[] = doc.problems.map((p) => lineError(p.line, undefined, `syntax.${p.kind}`));
  const [header, ...lines] = doc.records;
  const none = { rooms: [], has: { lockType: false, tuyaDeviceId: false, pmsCardKind: false } };
  if (!header) return { ...none, errors: errors.length ? errors : [{ line: 1, error: stationError('rooms.import-empty') }] };
  const columns = header.fields.map((h) => ALIASES[normalise(h)]);
  const index = (c: Column) => columns.indexOf(c);
  const named = (c: Column) => header.fields[index(c)]?.trim() || c;
  if (index('display name') < 0 || index('room') < 0 || new Set(columns.filter(Boolean)).size !== columns.filter(Boolean).length) {
    errors.unshift({
      line: header.line,
      error: stationError('rooms.import-header', { columns: IMPORT_COLUMNS.join(', '), found: header.fields.join(', ') }),
    });
    return { ...none, errors };
  }
  if (!lines.length && !errors.length) return { ...none, errors: [{ line: header.line + 1, error: stationError('rooms.import-empty') }] };
  const has = { lockType: index('lock type') >= 0, tuyaDeviceId: index('tuya device id') >= 0, pmsCardKind: index('pms card kind') >= 0 };

  const rooms: ImportedRoom[] = [];
  const seen = { key: new Map<string, number>(), name: new Map<string, number>(), tuya: new Map<string, number>() };
  for (const record of lines) {
    const value = (c: Column) => (index(c) >= 0 ? (record.fields[index(c)] ?? '').trim() : '');
    const lineErrors: RoomImportLineError[] = [];
    const text = (c: Column, max: number, required: boolean): string | undefined => {
      const v = value(c);
      if (!v) {
        if (required) lineErrors.push(lineError(record.line, c, 'required', { column: named(c) }));
        return undefined;
      }
      const unsafe = findUnsafeCharacter(v);
      if (unsafe) lineErrors.push(lineError(record.line, c, 'unsafe', { column: named(c), codePoint: unsafe.codePoint }));
      else if (v.length > max) lineErrors.push(lineError(record.line, c, 'too-long', { column: named(c), max }));
      return v;
    };
    if (record.fields.length > columns.length)
      lineErrors.push(lineError(record.line, undefined, 'extra-values', { count: record.fields.length, columns: columns.length }));
    const displayName = text('display name', 32, true);
    const buildNo = text('building', 32, false);
    const floorNo = text('floor', 32, false);
    const roomNo = text('room', 32, true);
    for (const [c, v] of [
      ['building', buildNo],
      ['floor', floorNo],
    ] as const) {
      if (v?.includes('-')) lineErrors.push(lineError(record.line, c, 'dash', { column: named(c) }));
    }
    if (Boolean(buildNo) !== Boolean(floorNo)) lineErrors.push(lineError(record.line, buildNo ? 'floor' : 'building', 'pair'));
    const lockText = value('lock type').toUpperCase();
    const lockType = lockText ? ((LOCK_TYPES as readonly string[]).includes(lockText) ? (lockText as LockType) : undefined) : undefined;
    if (lockText && !lockType)
      lineErrors.push(lineError(record.line, 'lock type', 'lock-type', { value: value('lock type'), choices: LOCK_TYPES.join(', ') }));
    const tuya = value('tuya device id');
    if (tuya && !/^[A-Za-z0-9_-]{1,64}$/.test(tuya)) lineErrors.push(lineError(record.line, 'tuya device id', 'tuya-id', { value: tuya }));
    // Which card a PMS key request makes for this room; an empty cell means the station's pms.cardKind.
    const pmsKindText = value('pms card kind').toLowerCase();
    const pmsCardKind = (CARD_KINDS as readonly string[]).includes(pmsKindText) ? (pmsKindText as CardKind) : undefined;
    if (pmsKindText && !pmsCardKind)
      lineErrors.push(
        lineError(record.line, 'pms card kind', 'pms-card-kind', { value: value('pms card kind'), choices: CARD_KINDS.join(', ') }),
      );

    if (!lineErrors.length && displayName && roomNo) {
      const room = { buildNo, floorNo, roomNo };
      const key = roomKey(room);
      const duplicate = (map: Map<string, number>, v: string, column: Column) => {
        const other = map.get(v.toLowerCase());
        if (other !== undefined) lineErrors.push(lineError(record.line, column, 'duplicate', { column: named(column), value: v, other }));
        else map.set(v.toLowerCase(), record.line);
      };
      duplicate(seen.key, key, 'room');
      duplicate(seen.name, displayName, 'display name');
      if (tuya) duplicate(seen.tuya, tuya, 'tuya device id');
      rooms.push({
        line: record.line,
        ...room,
        displayName,
        ...(has.lockType ? { lockType: lockType ?? null } : {}),
        ...(has.tuyaDeviceId ? { tuyaDeviceId: tuya || null } : {}),
        ...(has.pmsCardKind ? { pmsCardKind: pmsCardKind ?? null } : {}),
      });
    }
    errors.push(...lineErrors);
  }

  // Against the directory: a name or a lock another room (not in this file) already has.
  const inFile = new Set(rooms.map((r) => roomKey(r)));
  for (const room of rooms) {
    const key = roomKey(room);
    const holder = directory.byDisplayName(room.displayName!);
    if (holder && holder.key !== key && !inFile.has(holder.key)) {
      errors.push(
        lineError(room.line, 'display name', 'conflict', {
          column: named('display name'),
          value: room.displayName!,
          other: holder.displayName,
        }),
      );
    }
    if (room.tuyaDeviceId) {
      const locked = directory.byTuyaDevice(room.tuyaDeviceId);
      if (locked && locked.key !== key && !inFile.has(locked.key)) {
        errors.push(
          lineError(room.line, 'tuya device id', 'conflict', {
            column: named('tuya device id'),
            value: room.tuyaDeviceId,
            other: locked.displayName,
          }),
        );
      }
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { rooms, errors, has };
}

/**
 * Writes a checked file's rooms (call inside a transaction). Names and locks may move between rooms
 * of the same file, so those are cleared first and set again.
 */
export function applyImport(
  check: ImportCheck,
  directory: RoomDirectory,
  at: string,
): { added: number; updated: number; unchanged: number } {
  const counts = { added: 0, updated: 0, unchanged: 0 };
  const keys = check.rooms.map((r) => roomKey(r));
  // Free the display names and locks the file hands to other rooms of the file.
  for (const room of check.rooms) {
    const named = directory.byDisplayName(room.displayName!);
    if (named && named.key !== roomKey(room) && keys.includes(named.key))
      directory.upsert({ ...named, displayName: `(moving) ${named.key} ${randomUUID()}` }, 'import', at);
    if (room.tuyaDeviceId) directory.releaseTuyaDevice(room.tuyaDeviceId, roomKey(room), at);
  }
  for (const room of check.rooms) {
    const { line: _line, ...patch } = room;
    counts[directory.upsert(patch, 'import', at)]++;
  }
  return counts;
}
