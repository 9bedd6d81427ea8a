/**
 * Which card a PMS key is, per room: the room directory's `pms card kind` (migration 8, the room
 * import's column) over the station's `pms.cardKind`.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { roomCardKind, stationCardKind } from '../../electron/services/pms/card-kind';
import { RoomDirectory } from '../../electron/services/rooms/directory-store';
import { applyImport, checkImport } from '../../electron/services/rooms/import';
import { openStationDatabase } from '../../electron/services/store/database';
import { describeError } from '../../shared/errors';
import { tempDir } from '../outbox/helpers';

const AT = '2026-11-23T10:00:00.000Z';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function directory(): RoomDirectory {
  const t = tempDir('pms-kind-');
  const db = openStationDatabase(join(t.dir, 'station.db'));
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return new RoomDirectory(db);
}

describe('per-room PMS card kind', () => {
  it('is read from the import column (any case), kept by a refresh that does not name it, and cleared by an empty cell', () => {
    const dir = directory();
    const check = checkImport(
      'display name,building,floor,room,tuya device id,PMS card kind\nT801,8,1,801,lock-a,Tuya\n1203,1,12,1203,,',
      dir,
    );
    expect(check.errors).toEqual([]);
    applyImport(check, dir, AT);
    expect(dir.byDisplayName('T801')).toMatchObject({ pmsCardKind: 'tuya', cardKinds: ['tuya'] });
    expect(dir.byDisplayName('1203')?.pmsCardKind).toBeUndefined();
    // The cloud's room tree knows nothing of it: a refresh leaves it as it is.
    dir.upsert({ buildNo: '8', floorNo: '1', roomNo: '801', lockType: 'QRALOCK' }, 'uclbrt', AT);
    expect(dir.byDisplayName('T801')).toMatchObject({ pmsCardKind: 'tuya', cardKinds: ['qr', 'proximity', 'tuya'] });
    // A file without the column leaves it; an empty cell clears it.
    applyImport(checkImport('display name,building,floor,room\nT801,8,1,801', dir), dir, AT);
    expect(dir.byDisplayName('T801')?.pmsCardKind).toBe('tuya');
    applyImport(checkImport('display name,building,floor,room,pms card kind\nT801,8,1,801,', dir), dir, AT);
    expect(dir.byDisplayName('T801')?.pmsCardKind).toBeUndefined();
  });

  it('refuses a value that is not a card kind, naming the line, the column and the choices; nothing is imported', () => {
    const dir = directory();
    const check = checkImport('display name,room,pms card kind\nA,101,qr\nB,102,mifare', dir);
    expect(check.errors.map((e) => [e.line, e.field, e.error.code])).toEqual([[3, 'pms card kind', 'rooms.import-pms-card-kind']]);
    const { text, action } = describeError(check.errors[0].error, 'en');
    expect(text).toBe('The PMS card kind "mifare" is not one of qr, proximity, tuya.');
    expect(action).toContain("leave the cell empty to use the station's pms.cardKind");
    expect(describeError(check.errors[0].error, 'zh-CN').text).toBe('PMS 卡类型“mifare”不在 qr, proximity, tuya 之中。');
  });

  it("the room's kind comes first, then pms.cardKind, then proximity with an encoder and qr without", () => {
    const withEncoder = parseStationConfig({ encoder: { driver: 'simulator' } });
    const without = parseStationConfig({ encoder: { driver: 'none' } });
    const configured = parseStationConfig({ encoder: { driver: 'simulator' }, pms: { cardKind: 'qr' } });
    expect([stationCardKind(withEncoder), stationCardKind(without), stationCardKind(configured)]).toEqual(['proximity', 'qr', 'qr']);
    expect(roomCardKind({ pmsCardKind: 'tuya' }, configured)).toBe('tuya');
    expect(roomCardKind({}, configured)).toBe('qr');
  });
});
