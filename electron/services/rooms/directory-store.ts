import type { LockType } from '../../../shared/domain/cloud';
import {
  CARD_KINDS,
  ROOM_SOURCES,
  roomKey,
  type CardKind,
  type RoomEntry,
  type RoomRef,
  type RoomSource,
} from '../../../shared/domain/rooms';
import type { RoomSnapshot } from '../../../shared/site/facts';
import type { FactRecorder } from '../site/fact-log';
import { statementCache, type WritableDB } from '../store/database';
import { cardKindsOf } from './card-kinds';

interface RoomRow {
  key: string;
  build_no: string | null;
  floor_no: string | null;
  room_no: string;
  display_name: string;
  lock_type: string | null;
  lock_mac: string | null;
  gateway_mac: string | null;
  uclbrt_room_id: string | null;
  tuya_device_id: string | null;
  pms_card_kind: string | null;
  sources: string;
  updated_at: string;
}

export function rowToRoom(row: RoomRow): RoomEntry {
  const entry: RoomEntry = {
    key: row.key,
    roomNo: row.room_no,
    displayName: row.display_name,
    cardKinds: cardKindsOf({
      lockType: (row.lock_type ?? undefined) as LockType | undefined,
      tuyaDeviceId: row.tuya_device_id ?? undefined,
    }),
    sources: row.sources ? (row.sources.split(',').filter((s) => (ROOM_SOURCES as readonly string[]).includes(s)) as RoomSource[]) : [],
    updatedAt: row.updated_at,
  };
  if (row.build_no) entry.buildNo = row.build_no;
  if (row.floor_no) entry.floorNo = row.floor_no;
  if (row.lock_type) entry.lockType = row.lock_type as LockType;
  if (row.lock_mac || row.gateway_mac || row.uclbrt_room_id) {
    entry.uclbrt = {
      ...(row.lock_mac ? { lockMac: row.lock_mac } : {}),
      ...(row.gateway_mac ? { gatewayMac: row.gateway_mac } : {}),
      ...(row.uclbrt_room_id ? { roomId: row.uclbrt_room_id } : {}),
    };
  }
  if (row.tuya_device_id) entry.tuya = { deviceId: row.tuya_device_id };
  if (row.pms_card_kind && (CARD_KINDS as readonly string[]).includes(row.pms_card_kind)) entry.pmsCardKind = row.pms_card_kind as CardKind;
  return entry;
}

/** What a source knows about one room; undefined fields are left as they are. */
export interface RoomPatch extends RoomRef {
  displayName?: string;
  lockType?: LockType | null;
  lockMac?: string | null;
  gatewayMac?: string | null;
  uclbrtRoomId?: string | null;
  tuyaDeviceId?: string | null;
  /** Which card a PMS key request makes for the room (null: the station's `pms.cardKind`). */
  pmsCardKind?: CardKind | null;
}

const REFRESHED_AT = 'rooms.refreshed_at';

/** A directory room as the site sees it (`room.changed`): the key, the display name, what serves it and the PMS's card kind. */
function roomSnapshot(row: RoomRow): RoomSnapshot {
  const entry = rowToRoom(row);
  return {
    key: entry.key,
    ...(entry.buildNo ? { buildNo: entry.buildNo } : {}),
    ...(entry.floorNo ? { floorNo: entry.floorNo } : {}),
    roomNo: entry.roomNo,
    name: entry.displayName,
    ...(entry.lockType ? { lockType: entry.lockType } : {}),
    ...(entry.uclbrt ? { uclbrt: entry.uclbrt } : {}),
    ...(entry.tuya ? { tuya: entry.tuya } : {}),
    ...(entry.pmsCardKind ? { pmsCardKind: entry.pmsCardKind } : {}),
    sources: entry.sources,
  };
}

/** What reading the directory needs. */
export type RoomReader = Pick<
  RoomDirectory,
  'all' | 'count' | 'byKey' | 'byDisplayName' | 'byRoomNo' | 'byTuyaDevice' | 'displayNames' | 'refreshedAt'
>;

/**
 * The `rooms` table: the station's room directory, kept so the desk works offline. Each change is
 * also a site fact (`room.changed`, `room.removed`, key = roomKey()) in the same transaction.
 */
export class RoomDirectory {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: WritableDB,
    private readonly facts?: FactRecorder,
  ) {
    this.sql = statementCache(db);
  }

  all(): RoomEntry[] {
    return (this.sql('SELECT * FROM rooms').all() as RoomRow[]).map(rowToRoom);
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM rooms').get() as { n: number }).n;
  }

  byKey(key: string): RoomEntry | undefined {
    const row = this.sql('SELECT * FROM rooms WHERE key = ?').get(key) as RoomRow | undefined;
    return row ? rowToRoom(row) : undefined;
  }

  byDisplayName(name: string): RoomEntry | undefined {
    const row = this.sql('SELECT * FROM rooms WHERE display_name = ? COLLATE NOCASE').get(name) as RoomRow | undefined;
    return row ? rowToRoom(row) : undefined;
  }

  byRoomNo(roomNo: string): RoomEntry[] {
    return (this.sql('SELECT * FROM rooms WHERE room_no = ?').all(roomNo) as RoomRow[]).map(rowToRoom);
  }

  byTuyaDevice(deviceId: string): RoomEntry | undefined {
    const row = this.sql('SELECT * FROM rooms WHERE tuya_device_id = ?').get(deviceId) as RoomRow | undefined;
    return row ? rowToRoom(row) : undefined;
  }

  displayNames(): string[] {
    return (this.sql('SELECT display_name AS name FROM rooms').all() as { name: string }[]).map((r) => r.name);
  }

  /** Inserts or changes one room; returns whether it was added, changed or already so. */
  upsert(patch: RoomPatch, source: RoomSource, at: string): 'added' | 'updated' | 'unchanged' {
    const key = roomKey(patch);
    const current = this.sql('SELECT * FROM rooms WHERE key = ?').get(key) as RoomRow | undefined;
    const sources = new Set(current?.sources ? current.sources.split(',') : []);
    sources.add(source);
    const next: RoomRow = {
      key,
      build_no: patch.buildNo ?? null,
      floor_no: patch.floorNo ?? null,
      room_no: patch.roomNo,
      display_name: patch.displayName ?? current?.display_name ?? patch.roomNo,
      lock_type: patch.lockType === undefined ? (current?.lock_type ?? null) : patch.lockType,
      lock_mac: patch.lockMac === undefined ? (current?.lock_mac ?? null) : patch.lockMac,
      gateway_mac: patch.gatewayMac === undefined ? (current?.gateway_mac ?? null) : patch.gatewayMac,
      uclbrt_room_id: patch.uclbrtRoomId === undefined ? (current?.uclbrt_room_id ?? null) : patch.uclbrtRoomId,
      tuya_device_id: patch.tuyaDeviceId === undefined ? (current?.tuya_device_id ?? null) : patch.tuyaDeviceId,
      pms_card_kind: patch.pmsCardKind === undefined ? (current?.pms_card_kind ?? null) : patch.pmsCardKind,
      sources: ROOM_SOURCES.filter((s) => sources.has(s)).join(','),
      updated_at: at,
    };
    if (current && sameRoom(current, next)) return 'unchanged';
    this.sql(
      `INSERT INTO rooms (key, build_no, floor_no, room_no, display_name, lock_type, lock_mac, gateway_mac, uclbrt_room_id, tuya_device_id, pms_card_kind, sources, updated_at)
       VALUES (@key, @build_no, @floor_no, @room_no, @display_name, @lock_type, @lock_mac, @gateway_mac, @uclbrt_room_id, @tuya_device_id, @pms_card_kind, @sources, @updated_at)
       ON CONFLICT(key) DO UPDATE SET display_name = excluded.display_name, lock_type = excluded.lock_type, lock_mac = excluded.lock_mac,
         gateway_mac = excluded.gateway_mac, uclbrt_room_id = excluded.uclbrt_room_id, tuya_device_id = excluded.tuya_device_id,
         pms_card_kind = excluded.pms_card_kind, sources = excluded.sources, updated_at = excluded.updated_at`,
    ).run(next);
    this.told(key, at);
    return current ? 'updated' : 'added';
  }

  /** Every room as a site snapshot (what a desk joining a site tells it it has). */
  snapshots(): RoomSnapshot[] {
    return (this.sql('SELECT * FROM rooms ORDER BY key').all() as RoomRow[]).map(roomSnapshot);
  }

  /** Tells the site the room as it is now (or that it left the directory). */
  private told(key: string, at: string): void {
    this.facts?.record(() => {
      const row = this.sql('SELECT * FROM rooms WHERE key = ?').get(key) as RoomRow | undefined;
      return row ? { type: 'room.changed', at, room: roomSnapshot(row) } : { type: 'room.removed', at, key };
    });
  }

  /**
   * A source no longer lists the room: its facts from that source go; a room no source lists any
   * more leaves the directory (its cards stay in the registry).
   */
  dropSource(key: string, source: RoomSource, at: string): 'removed' | 'updated' | 'unchanged' {
    const current = this.sql('SELECT * FROM rooms WHERE key = ?').get(key) as RoomRow | undefined;
    if (!current) return 'unchanged';
    const sources = current.sources.split(',').filter((s) => s && s !== source);
    if (!sources.length) {
      this.sql('DELETE FROM rooms WHERE key = ?').run(key);
      this.told(key, at);
      return 'removed';
    }
    const cleared =
      source === 'uclbrt'
        ? ', lock_mac = NULL, gateway_mac = NULL, uclbrt_room_id = NULL'
        : source === 'tuya'
          ? ', tuya_device_id = NULL'
          : '';
    this.sql(`UPDATE rooms SET sources = ?, updated_at = ?${cleared} WHERE key = ?`).run(sources.join(','), at, key);
    this.told(key, at);
    return 'updated';
  }

  /** Frees a Tuya lock from whatever room had it (the lock moved to another room). */
  releaseTuyaDevice(deviceId: string, exceptKey: string, at: string): void {
    const held = this.sql('SELECT key FROM rooms WHERE tuya_device_id = ? AND key <> ?').all(deviceId, exceptKey) as { key: string }[];
    this.sql('UPDATE rooms SET tuya_device_id = NULL, updated_at = ? WHERE tuya_device_id = ? AND key <> ?').run(at, deviceId, exceptKey);
    for (const { key } of held) this.told(key, at);
  }

  refreshedAt(): string | undefined {
    const row = this.sql('SELECT value FROM meta WHERE key = ?').get(REFRESHED_AT) as { value: string } | undefined;
    return row?.value;
  }

  markRefreshed(at: string): void {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(REFRESHED_AT, at);
  }
}

function sameRoom(a: RoomRow, b: RoomRow): boolean {
  return (Object.keys(a) as (keyof RoomRow)[]).every((k) => k === 'updated_at' || a[k] === b[k]);
}
