/**
 * Refreshing the directory from the clouds: UCLBRT's room tree (`Home/Records/fetchRoomInfo`) and
 * the configured Tuya locks (with their rooms where the station knows them: the demo fixture; a
 * live station maps locks to rooms by import). A source that cannot be reached changes nothing.
 */
import { LOCK_TYPES, type LockType } from '../../../shared/domain/cloud';
import { roomKey, type RoomRef, type RoomRefreshResult } from '../../../shared/domain/rooms';
import { stationError, type StationError } from '../../../shared/errors';
import type { RoomsCloud } from '../cloud/service';
import { toStationError } from '../failure';
import { roomLabel } from '../outbox/subject';
import type { RoomDirectory, RoomPatch } from './directory-store';

/** A room as UCLBRT's tree describes it. */
export interface CloudRoom extends RoomRef {
  roomName?: string;
  lockType?: LockType;
  lockMac?: string;
  gatewayMac?: string;
  roomId?: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const list = (o: Record<string, unknown>, ...names: string[]): unknown[] | undefined =>
  names.map((n) => o[n]).find(Array.isArray) as unknown[] | undefined;
const pick = (o: Record<string, unknown>, ...names: string[]) => names.map((n) => str(o[n])).find((v) => v !== undefined);

/**
 * The rooms of a `fetchRoomInfo` answer. Read tolerantly: a tree (buildings > floors > rooms under
 * `floors`/`floorList`/`children` and `rooms`/`roomList`/`children`) or a flat list of rooms that
 * carry their building and floor.
 */
export function roomsOfTree(data: unknown): CloudRoom[] {
  const rooms: CloudRoom[] = [];
  const visit = (node: unknown, buildNo?: string, floorNo?: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n) => visit(n, buildNo, floorNo));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const b = pick(o, 'buildNo', 'build_no') ?? buildNo;
    const f = pick(o, 'floorNo', 'floor_no') ?? floorNo;
    const roomNo = pick(o, 'roomNo', 'room_no');
    const floors = list(o, 'floors', 'floorList');
    const children = list(o, 'rooms', 'roomList', 'children', 'list');
    if (roomNo && !floors && !children) {
      const lock = pick(o, 'lockType', 'lock_type')?.toUpperCase();
      rooms.push({
        ...(b ? { buildNo: b } : {}),
        ...(b && f ? { floorNo: f } : {}),
        roomNo,
        ...(pick(o, 'roomName', 'room_name') ? { roomName: pick(o, 'roomName', 'room_name') } : {}),
        ...(lock && (LOCK_TYPES as readonly string[]).includes(lock) ? { lockType: lock as LockType } : {}),
        ...(pick(o, 'lockMac', 'mac') ? { lockMac: pick(o, 'lockMac', 'mac')!.toUpperCase() } : {}),
        ...(pick(o, 'gatewayMac', 'gateway') ? { gatewayMac: pick(o, 'gatewayMac', 'gateway')!.toUpperCase() } : {}),
        ...(pick(o, 'roomId', 'id') ? { roomId: pick(o, 'roomId', 'id') } : {}),
      });
      return;
    }
    if (floors) visit(floors, b, f);
    if (children) visit(children, b, f);
  };
  visit(data);
  // Building and floor go together (seed 001): a room with only one of them is addressed by number.
  return rooms.map((r) => (r.buildNo && r.floorNo ? r : { ...r, buildNo: undefined, floorNo: undefined }));
}

/** A display name no other room has: the cloud's room name, else the room number, else `b-f-r`. */
function freeName(directory: RoomDirectory, wanted: readonly (string | undefined)[], key: string, taken: Set<string>): string {
  for (const name of [...wanted, key]) {
    if (!name) continue;
    const holder = directory.byDisplayName(name);
    if ((!holder || holder.key === key) && !taken.has(name.toLowerCase())) return name;
  }
  return key;
}

export interface RefreshDeps {
  directory: RoomDirectory;
  cloud: RoomsCloud;
  /** Runs the write in one transaction (and re-files waiting operations in the room lines). */
  commit: <T>(fn: () => T) => T;
  now: () => number;
}

export async function refreshDirectory(deps: RefreshDeps): Promise<RoomRefreshResult> {
  const { directory, cloud } = deps;
  let tree: CloudRoom[] | undefined;
  let uclbrtError: StationError | undefined;
  const uclbrtConfigured = await cloud.configured('uclbrt');
  if (uclbrtConfigured) {
    try {
      tree = roomsOfTree(await cloud.roomTree());
    } catch (err) {
      const cause = toStationError(err);
      uclbrtError = stationError('rooms.refresh-failed', { provider: 'UCLBRT', detail: cause.message });
    }
  }
  const tuya = await cloud.tuyaLocks();
  const at = new Date(deps.now()).toISOString();
  const counts = { added: 0, updated: 0, removed: 0 };
  const unmapped: string[] = [];
  let mapped = 0;

  deps.commit(() => {
    if (tree) {
      const seen = new Set<string>();
      const names = new Set<string>();
      for (const room of tree) {
        const key = roomKey(room);
        if (seen.has(key)) continue;
        seen.add(key);
        const existing = directory.byKey(key);
        const patch: RoomPatch = {
          buildNo: room.buildNo,
          floorNo: room.floorNo,
          roomNo: room.roomNo,
          lockType: room.lockType ?? null,
          lockMac: room.lockMac ?? null,
          gatewayMac: room.gatewayMac ?? null,
          uclbrtRoomId: room.roomId ?? null,
        };
        // A name given by an import stays; a new room takes the cloud's name or its number.
        if (!existing) patch.displayName = freeName(directory, [room.roomName, room.roomNo, roomLabel(room)], key, names);
        names.add((patch.displayName ?? existing!.displayName).toLowerCase());
        const outcome = directory.upsert(patch, 'uclbrt', at);
        if (outcome !== 'unchanged') counts[outcome]++;
      }
      for (const room of directory.all()) {
        if (room.sources.includes('uclbrt') && !seen.has(room.key)) {
          const outcome = directory.dropSource(room.key, 'uclbrt', at);
          if (outcome === 'removed') counts.removed++;
          else if (outcome === 'updated') counts.updated++;
        }
      }
    }
    if (tuya.configured) {
      for (const lock of tuya.locks) {
        const owner = directory.byTuyaDevice(lock.deviceId);
        if (lock.room) {
          const key = roomKey(lock.room);
          if (owner && owner.key !== key) directory.releaseTuyaDevice(lock.deviceId, key, at);
          const existing = directory.byKey(key);
          const patch: RoomPatch = { ...lock.room, tuyaDeviceId: lock.deviceId };
          if (!existing) patch.displayName = freeName(directory, [lock.room.roomNo, roomLabel(lock.room)], key, new Set());
          const outcome = directory.upsert(patch, 'tuya', at);
          if (outcome !== 'unchanged') counts[outcome]++;
          mapped++;
        } else if (owner) {
          mapped++;
        } else {
          unmapped.push(lock.deviceId);
        }
      }
    }
    // Refreshed when every configured source answered (a failed one is tried again soon).
    if ((tree || !uclbrtConfigured) && (tree || tuya.configured)) directory.markRefreshed(at);
  });

  return {
    refreshedAt: directory.refreshedAt() ?? at,
    total: directory.count(),
    ...counts,
    sources: {
      uclbrt: { configured: uclbrtConfigured, ok: Boolean(tree), rooms: tree?.length ?? 0, ...(uclbrtError ? { error: uclbrtError } : {}) },
      tuya: {
        configured: tuya.configured,
        ok: tuya.configured,
        locks: tuya.locks.length,
        mapped,
        unmapped,
      },
    },
  };
}
