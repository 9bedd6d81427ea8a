import type { OperationBody } from '../../../shared/domain/operations';
import { roomKey, type RoomRef } from '../../../shared/domain/rooms';
import { StationFailure } from '../failure';

export { roomKey, type RoomRef };

/**
 * The room's own line once the room directory knows it: every operation that changes its cards, of
 * either cloud, stands in it (rooms/room-lines.ts), so they go out in the order they were accepted.
 */
export function directoryRoomSubject(key: string): string {
  return `room:${key}`;
}

/** The ordering line of a UCLBRT room: every operation that can change the room's cards stands in it. */
export function roomSubject(room: RoomRef): string {
  return `uclbrt:room:${roomKey(room)}`;
}

/** A Tuya lock stands for its room until the station has a room directory. */
export function lockSubject(deviceId: string): string {
  return `tuya:lock:${deviceId}`;
}

/** What the station knows about a card, for ordering a report within the card's room. */
export type RoomOfCard = (cardNo: string) => RoomRef | undefined;

const sameRoom = (a: RoomRef, b: RoomRef) => roomKey(a) === roomKey(b);

/**
 * The ordering lines an operation stands in; the first is its own subject (the card, or the room
 * for a QR issue). An operation is sent only when it is first in every line it stands in, so:
 * - a card's operations go out in order (the card's line);
 * - everything that can change which cards open a room goes out in the order it was accepted
 *   (the room's line): QR and proximity issues, whole-room loss reports; for Tuya the lock.
 * Changes to one known card (cancel, single loss, freeze, delete) touch no other card and stay on
 * the card's line only, so a stuck one does not hold back the next guest's check-in.
 *
 * A whole-room report names a card; its room comes from the card registry. When the station has
 * never seen the card, the clerk must give the room (otherwise the report could overtake, or be
 * overtaken by, the room's next issue and lock the new guest out): `outbox.room-unknown`.
 */
export function subjectsOf(request: OperationBody, roomOfCard: RoomOfCard = () => undefined): string[] {
  switch (request.kind) {
    case 'uclbrt.qr.issue':
      return [roomSubject(request.input)];
    case 'uclbrt.qr.reportLost': {
      const own = `uclbrt:qr:${request.input.cardNo}`;
      if (!request.input.wholeRoom) return [own];
      const known = roomOfCard(request.input.cardNo);
      const given = request.input.roomNo
        ? { buildNo: request.input.buildNo, floorNo: request.input.floorNo, roomNo: request.input.roomNo }
        : undefined;
      if (known && given && !sameRoom(known, given)) {
        throw StationFailure.of(
          'outbox.room-mismatch',
          { cardNo: request.input.cardNo, room: roomLabel(known), given: roomLabel(given) },
          { field: 'roomNo' },
        );
      }
      const room = known ?? given;
      if (!room) throw StationFailure.of('outbox.room-unknown', { cardNo: request.input.cardNo }, { field: 'roomNo' });
      return [own, roomSubject(room)];
    }
    case 'uclbrt.qr.cancel':
      return [`uclbrt:qr:${request.input.cardNo}`];
    case 'uclbrt.prox.issue':
      return [`uclbrt:prox:${request.input.serialNum.toUpperCase()}`, roomSubject(request.input)];
    case 'uclbrt.prox.cancel':
      return [`uclbrt:prox:${request.input.serialNum.toUpperCase()}`];
    case 'tuya.issue':
      return [`tuya:${request.input.deviceId}:card:${request.input.cardId.toUpperCase()}`, lockSubject(request.input.deviceId)];
    case 'tuya.modify':
    case 'tuya.delete':
    case 'tuya.freeze':
    case 'tuya.unfreeze':
      return [`tuya:${request.input.deviceId}:lock-card:${request.input.lockCardId}`];
  }
}

/** The operation's own subject (shown in lists and the activity log). */
export function subjectOf(request: OperationBody, roomOfCard?: RoomOfCard): string {
  return subjectsOf(request, roomOfCard)[0];
}

/** `1-2-202`, or `101` for a room addressed by number only. */
export function roomLabel(room: RoomRef): string {
  return room.buildNo || room.floorNo ? roomKey(room) : room.roomNo;
}

/** What a subject names, for telling the clerk: a room, a Tuya lock, or a card. */
export function describeSubject(subject: string): { type: 'room' | 'lock' | 'card'; label: string } {
  const room = /^(?:uclbrt:)?room:([^-]*)-([^-]*)-(.*)$/.exec(subject);
  if (room) return { type: 'room', label: roomLabel({ buildNo: room[1] || undefined, floorNo: room[2] || undefined, roomNo: room[3] }) };
  const lock = /^tuya:lock:(.*)$/.exec(subject);
  if (lock) return { type: 'lock', label: lock[1] };
  const tuyaCard = /^tuya:[^:]+:(?:card|lock-card):(.*)$/.exec(subject);
  if (tuyaCard) return { type: 'card', label: tuyaCard[1] };
  const card = /^uclbrt:(?:qr|prox):(.*)$/.exec(subject);
  return { type: 'card', label: card ? card[1] : subject };
}
