/**
 * The one way a room named by a person or a system becomes a directory entry, for the desk, the
 * CLI and the PMS alike: the display name ("1203", any case), `building-floor-room` ("1-12-03",
 * "--101"), or a room number that only one room has. Anything else is refused before anything is
 * queued, with the closest display name when one is near.
 */
import type { OperationBody } from '../../../shared/domain/operations';
import { roomKey, type RoomEntry, type RoomRef } from '../../../shared/domain/rooms';
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

/** The room a request names itself (not through a card): issues, and a whole-room loss report given its room. */
function roomNamedBy(request: OperationBody): RoomRef | undefined {
  switch (request.kind) {
    case 'uclbrt.qr.issue':
    case 'uclbrt.prox.issue':
      return request.input;
    case 'uclbrt.qr.reportLost':
      return request.input.wholeRoom && request.input.roomNo ? (request.input as RoomRef) : undefined;
    default:
      return undefined;
  }
}

/**
 * A request typed by hand (the Issue screen's forms, `operations:submit`, the CLI) that names a room
 * the directory does not know is refused before anything is queued, as a room picked by name is:
 * otherwise it waits in the queue and fails at the cloud. A station whose directory is still empty
 * (never refreshed, no import) refuses nothing: the cloud decides, as before rooms existed.
 */
export function checkRequestRoom(directory: RoomDirectory, request: OperationBody): void {
  const room = roomNamedBy(request);
  if (!room || directory.count() === 0 || directory.byKey(roomKey(room))) return;
  const typed = roomLabel(room);
  const near =
    typed.length <= 64
      ? closestName(
          typed,
          directory.all().map((entry) => roomLabel(entry)),
        )
      : undefined;
  if (near) throw StationFailure.of('rooms.unknown-near', { room: typed, near }, { field: 'roomNo' });
  throw StationFailure.of('rooms.unknown', { room: typed }, { field: 'roomNo' });
}
