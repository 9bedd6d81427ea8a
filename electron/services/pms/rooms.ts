/**
 * Which room a PMS names, and what serves it.
 *
 * TODO(rooms): replace `interimRoomResolver` with the room directory's resolver (rooms/resolve.ts:
 * display name or `building-floor-room` → room, lock type, Tuya lock, per-room card kind), so an
 * unknown room is refused before anything is queued. Until then the station knows no room list:
 * - UCLBRT (proximity, QR): `building-floor-room` or a room number unique in the community is
 *   taken as given; the cloud decides whether it exists (its "room not found" answers become the
 *   `unknown-room` outcome), and the lock type is the encoder's configured one.
 * - Tuya: a Tuya lock stands for its room (as the outbox's lock lines do): the PMS must name the
 *   lock's device id, one of `tuya.lockDeviceIds`.
 */
import type { PmsCardKind, StationConfig } from '../../../shared/config';
import type { LockType } from '../../../shared/domain/cloud';
import { stationError, type StationError } from '../../../shared/errors';
import { roomLabel, type RoomRef } from '../outbox/subject';

export interface PmsRoom {
  /** As the PMS named it. */
  roomId: string;
  /** As the station shows it. */
  label: string;
  kind: PmsCardKind;
  /** UCLBRT rooms. */
  ref?: RoomRef;
  lockType?: LockType;
  /** Tuya rooms: the lock serving it. */
  deviceId?: string;
}

export type PmsRoomResolver = (roomId: string, config: StationConfig) => PmsRoom | StationError;

/** `proximity` when the station has an encoder, else `qr`, unless `pms.cardKind` says. */
export function cardKindOf(config: StationConfig): PmsCardKind {
  return config.pms?.cardKind ?? (config.encoder.driver === 'none' ? 'qr' : 'proximity');
}

const ROOM_PART = /^[A-Za-z0-9_.]{1,32}$/;

function unknownRoom(roomId: string, detail: string): StationError {
  return stationError('pms.unknown-room', { room: roomId, detail });
}

export const interimRoomResolver: PmsRoomResolver = (roomId, config) => {
  const kind = cardKindOf(config);
  const id = roomId.trim();
  if (kind === 'tuya') {
    const locks = config.tuya?.lockDeviceIds ?? [];
    if (!locks.includes(id)) return unknownRoom(id, `for Tuya keys the room must be named by its lock (one of: ${locks.join(', ') || 'none configured'})`);
    return { roomId: id, label: id, kind, deviceId: id };
  }
  const parts = id.split('-');
  let ref: RoomRef | undefined;
  if (parts.length === 1 && ROOM_PART.test(id)) ref = { roomNo: id };
  else if (parts.length === 3 && parts.every((p) => ROOM_PART.test(p))) ref = { buildNo: parts[0], floorNo: parts[1], roomNo: parts[2] };
  if (!ref) return unknownRoom(id, 'a room is a room number (1203) or building-floor-room (1-12-1203)');
  return { roomId: id, label: roomLabel(ref), kind, ref, lockType: config.encoder.lockType };
};
