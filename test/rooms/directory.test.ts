/**
 * The room directory on its own: the RFC 4180 reader, the import rules (per-line errors, all lines
 * or none), the one resolver (display name, building-floor-room, unique room number), and reading
 * UCLBRT's room tree.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../electron/services/rooms/csv-reader';
import { RoomDirectory } from '../../electron/services/rooms/directory-store';
import { applyImport, checkImport } from '../../electron/services/rooms/import';
import { roomsOfTree } from '../../electron/services/rooms/refresh';
import { findRoom, resolveRoom } from '../../electron/services/rooms/resolve';
import { StationFailure } from '../../electron/services/failure';
import { openStationDatabase, type StationDatabase } from '../../electron/services/store/database';
import { tempDir } from '../outbox/helpers';
import { describeError } from '../../shared/errors';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function directory(): { dir: RoomDirectory; db: StationDatabase } {
  const t = tempDir('directory-');
  const db = openStationDatabase(join(t.dir, 'station.db'));
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return { dir: new RoomDirectory(db), db };
}

function failureOf(fn: () => unknown): StationFailure {
  try {
    fn();
  } catch (err) {
    if (err instanceof StationFailure) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const AT = '2026-01-01T00:00:00.000Z';

describe('CSV reader (RFC 4180)', () => {
  it("reads quoted separators, doubled quotes, line breaks inside quotes, CRLF and a BOM, keeping each record's line", () => {
    const doc = readCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""",z\r\n"two\nlines",2,3\r\n\r\nlast,,\n');
    expect(doc.problems).toEqual([]);
    expect(doc.records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'z'] },
      { line: 3, fields: ['two\nlines', '2', '3'] },
      { line: 6, fields: ['last', '', ''] },
    ]);
  });

  it('takes semicolons when the header has no comma, and names the line of a broken record', () => {
    expect(readCsv('a;b\n1;2').records[1].fields).toEqual(['1', '2']);
    const doc = readCsv('a,b\n"x"y,1\nfine,2\nbad "quote,3\n"open,4');
    expect(doc.records.map((r) => r.line)).toEqual([1, 3]);
    expect(doc.problems.map((p) => [p.line, p.kind])).toEqual([
      [2, 'after-quote'],
      [4, 'stray-quote'],
      [5, 'unclosed-quote'],
    ]);
  });
});

describe('room import', () => {
  it('reports every bad line with its field and imports nothing; a good file adds, then leaves alone', () => {
    const { dir } = directory();
    const bad = [
      'Display Name,Building,Floor,Room,Lock Type,Tuya Device ID',
      'A101,1,1,101,QRALOCK,lock-1',
      ',1,1,102,,',
      'A103,1-2,1,103,,',
      'A104,1,1,104,QRXLOCK,',
      'A101,1,1,105,,lock-1',
      'A106,1,1,101,,',
      'A\u202E107,1,1,107,,',
    ].join('\n');
    const check = checkImport(bad, dir);
    expect(check.errors.map((e) => [e.line, e.field, e.error.code])).toEqual([
      [3, 'display name', 'rooms.import-required'],
      [4, 'building', 'rooms.import-dash'],
      [5, 'lock type', 'rooms.import-lock-type'],
      [6, 'display name', 'rooms.import-duplicate'],
      [6, 'tuya device id', 'rooms.import-duplicate'],
      [7, 'room', 'rooms.import-duplicate'],
      [8, 'display name', 'rooms.import-unsafe'],
    ]);
    // The column as the file names it, in the clerk's words in both languages.
    expect(check.errors[0].error.message).toBe('Display Name is required.');
    expect(describeError(check.errors[0].error, 'zh-CN').text).toBe('Display Name为必填项。');
    expect(check.errors[6].error.message).toContain('U+202E');
    expect(dir.count()).toBe(0);

    const good = ['显示名称,楼栋,楼层,房号,门锁类型,涂鸦设备ID', 'A101,1,1,101,qralock,lock-1', 'Lobby,,,900,,'].join('\r\n');
    expect(describeError(checkImport('显示名称,房号\n,101', dir).errors[0].error, 'zh-CN').text).toBe('显示名称为必填项。');
    const ok = checkImport(good, dir);
    expect(ok.errors).toEqual([]);
    expect(applyImport(ok, dir, AT)).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(dir.byKey('1-1-101')).toMatchObject({
      displayName: 'A101',
      lockType: 'QRALOCK',
      tuya: { deviceId: 'lock-1' },
      sources: ['import'],
      cardKinds: ['qr', 'proximity', 'tuya'],
    });
    expect(dir.byKey('--900')).toMatchObject({ displayName: 'Lobby', cardKinds: [] });
    expect(applyImport(checkImport(good, dir), dir, AT)).toEqual({ added: 0, updated: 0, unchanged: 2 });
  });

  it('refuses a name or a lock another room already has, but lets them move between rooms of the same file', () => {
    const { dir } = directory();
    applyImport(checkImport('display name,building,floor,room,tuya device id\nA,1,1,101,lock-1\nB,1,1,102,lock-2', dir), dir, AT);
    const conflict = checkImport('display name,building,floor,room,tuya device id\nA,1,1,103,lock-2', dir);
    expect(conflict.errors.map((e) => [e.field, e.error.code, e.error.params?.other])).toEqual([
      ['display name', 'rooms.import-conflict', 'A'],
      ['tuya device id', 'rooms.import-conflict', 'B'],
    ]);
    const swap = checkImport('display name,building,floor,room,tuya device id\nB,1,1,101,lock-2\nA,1,1,102,lock-1', dir);
    expect(swap.errors).toEqual([]);
    applyImport(swap, dir, AT);
    expect(dir.byKey('1-1-101')).toMatchObject({ displayName: 'B', tuya: { deviceId: 'lock-2' } });
    expect(dir.byKey('1-1-102')).toMatchObject({ displayName: 'A', tuya: { deviceId: 'lock-1' } });
  });

  it('needs the display name and room columns, and at least one room', () => {
    const { dir } = directory();
    expect(checkImport('name,building\nA,1', dir).errors[0].error.code).toBe('rooms.import-header');
    expect(checkImport('display name,room\n', dir).errors[0].error.code).toBe('rooms.import-empty');
    expect(checkImport('', dir).errors[0].error.code).toBe('rooms.import-empty');
  });
});

describe('resolver', () => {
  it('finds a room by display name (any case), building-floor-room, or a room number only one room has', () => {
    const { dir } = directory();
    applyImport(checkImport('display name,building,floor,room\nSuite 1203,1,12,03\n101,1,1,101\n2-101,2,1,101\nLobby,,,900', dir), dir, AT);
    expect(resolveRoom(dir, 'suite 1203').key).toBe('1-12-03');
    expect(resolveRoom(dir, '1-12-03').key).toBe('1-12-03');
    expect(resolveRoom(dir, '  101 ').key).toBe('1-1-101');
    expect(resolveRoom(dir, '2-1-101').key).toBe('2-1-101');
    expect(resolveRoom(dir, '--900').key).toBe('--900');
    expect(resolveRoom(dir, '900').key).toBe('--900');
    expect(findRoom(dir, '03')?.key).toBe('1-12-03');
    const unknown = failureOf(() => resolveRoom(dir, '7777'));
    expect(unknown.error).toMatchObject({ code: 'rooms.unknown', field: 'room' });
    expect(failureOf(() => resolveRoom(dir, 'Suite 1230')).error).toMatchObject({
      code: 'rooms.unknown-near',
      params: { near: 'Suite 1203' },
    });
  });

  it('a room number in two buildings must be named fully', () => {
    const { dir } = directory();
    applyImport(checkImport('display name,building,floor,room\nA,1,1,101\nB,2,1,101', dir), dir, AT);
    expect(failureOf(() => resolveRoom(dir, '101')).error).toMatchObject({
      code: 'rooms.ambiguous',
      params: { candidates: '1-1-101, 2-1-101' },
    });
  });
});

describe("UCLBRT's room tree", () => {
  it('reads a tree of buildings, floors and rooms, or a flat list; building and floor only together', () => {
    expect(
      roomsOfTree([
        {
          buildNo: '1',
          floors: [
            {
              floorNo: '2',
              rooms: [{ roomNo: '202', roomName: 'Sea view', lockType: 'qrlock', lockMac: 'f0c1a2000202', gatewayMac: '', roomId: 7 }],
            },
          ],
        },
        { buildNo: '', floors: [{ floorNo: '', roomList: [{ roomNo: '900', lockType: 'UNKNOWNLOCK' }] }] },
      ]),
    ).toEqual([
      { buildNo: '1', floorNo: '2', roomNo: '202', roomName: 'Sea view', lockType: 'QRLOCK', lockMac: 'F0C1A2000202', roomId: '7' },
      { roomNo: '900', buildNo: undefined, floorNo: undefined },
    ]);
    expect(
      roomsOfTree({
        list: [
          { buildNo: '3', floorNo: '1', roomNo: '301', lockType: 'QRALOCK' },
          { buildNo: '3', roomNo: '302' },
        ],
      }),
    ).toEqual([
      { buildNo: '3', floorNo: '1', roomNo: '301', lockType: 'QRALOCK' },
      { roomNo: '302', buildNo: undefined, floorNo: undefined },
    ]);
  });
});
