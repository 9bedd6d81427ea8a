/**
 * The one way a room named by a person or a system becomes a directory entry, for the desk, the
 * CLI and the PMS alike: the display name ("1203", any case), `building-floor-room` ("1-12-03",
 * "--101"), or a room number that only one room has. Anything else is refused before anything is
 * queued, with the closest display name when one is near.
 */
import type { RoomEntry } from '../../../shared/domain/rooms';
import { closestName } from '../../../shared/text/closest';
import { StationFailure } from '../failure';
import { roomLabel } from '../outbox/subject';
import type { RoomDirectory } from './directory-store';

/** `b-f-r` split at its first two dashes (room numbers may contain dashes, building and floor may not). */
export function parseRoomKey(text: string): { buildNo: string; floorNo: string; roomNo: string } | undefined {
  const m = /^([^-]*)-([^-]*)-(.+)$/.exec(text);
  return m ? { buildNo: m[1], floorNo: m[2], roomNo: m[3] } : undefined;
}

export function findRoom(directory: RoomDirectory, text: string): RoomEntry | undefined {
  const name = text.trim();
  if (!name) return undefined;
  const named = directory.byDisplayName(name);
  if (named) return named;
  const key = parseRoomKey(name);
  if (key) {
    const byKey = directory.byKey(`${key.buildNo}-${key.floorNo}-${key.roomNo}`);
    if (byKey) return byKey;
  }
  const byNumber = directory.byRoomNo(name);
  return byNumber.length === 1 ? byNumber[0] : undefined;
}

/** The room, or `rooms.unknown` (`rooms.unknown-near`) / `rooms.ambiguous` naming what was typed (field `room`). */
export function resolveRoom(directory: RoomDirectory, text: string): RoomEntry {
  const found = findRoom(directory, text);
  if (found) return found;
  const name = text.trim();
  const candidates = directory.byRoomNo(name);
  if (candidates.length > 1) {
    const labels = candidates.map((c) => roomLabel(c));
    throw StationFailure.of('rooms.ambiguous', { room: name, candidates: labels.join(', '), example: labels[0] }, { field: 'room' });
  }
  const near = name.length <= 64 ? closestName(name, directory.displayNames()) : undefined;
  if (near) throw StationFailure.of('rooms.unknown-near', { room: name, near }, { field: 'room' });
  throw StationFailure.of('rooms.unknown', { room: name }, { field: 'room' });
}
