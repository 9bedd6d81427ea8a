/**
 * The cloud-agnostic room line. For a room the directory knows, every operation that changes which
 * cards open it stands in `room:<key>`, whatever the cloud: QR and proximity issues (their room),
 * Tuya operations (the room of their lock), and changes to one card (the room the registry has for
 * the card). So a check-out across clouds, then the next guest's new key, go out in the order
 * they were accepted. Rooms the directory does not know keep the older lines only
 * (`uclbrt:room:<key>`, `tuya:lock:<deviceId>`).
 */
import type { OperationBody } from '../../../shared/domain/operations';
import { roomKey, type RoomRef } from '../../../shared/domain/rooms';
import type { CardReader } from '../registry/card-store';
import { directoryRoomSubject } from '../outbox/subject';
import type { RoomDirectory } from './directory-store';

/** Where a card is looked up: this desk's registry, or hotel-wide (site/hotel-cards.ts). */
export type CardLookup = Pick<CardReader, 'byCardNo' | 'bySerialNum'>;

const roomOfCard = (card: { buildNo?: string; floorNo?: string; roomNo?: string } | undefined): RoomRef | undefined =>
  card?.roomNo ? { buildNo: card.buildNo, floorNo: card.floorNo, roomNo: card.roomNo } : undefined;

/** The room (as the request or the registry says) an operation changes the cards of. */
export function roomOfRequest(request: OperationBody, directory: RoomDirectory, cards: CardLookup): string | undefined {
  const known = (room: RoomRef | undefined) => (room && directory.byKey(roomKey(room)) ? roomKey(room) : undefined);
  switch (request.kind) {
    case 'uclbrt.qr.issue':
    case 'uclbrt.prox.issue':
      return known(request.input);
    case 'uclbrt.qr.reportLost':
      return known(roomOfCard(cards.byCardNo(request.input.cardNo)) ?? (request.input.roomNo ? (request.input as RoomRef) : undefined));
    case 'uclbrt.qr.cancel':
      return known(roomOfCard(cards.byCardNo(request.input.cardNo)));
    case 'uclbrt.prox.cancel':
      return known(roomOfCard(cards.bySerialNum('uclbrt', request.input.serialNum)));
    case 'tuya.issue':
    case 'tuya.modify':
    case 'tuya.delete':
    case 'tuya.freeze':
    case 'tuya.unfreeze':
      return directory.byTuyaDevice(request.input.deviceId)?.key;
  }
}

/** The outbox's ExtraLines for the station: the room line of a known room. */
export function roomLines(directory: RoomDirectory, cards: CardLookup): (request: OperationBody) => readonly string[] {
  return (request) => {
    const key = roomOfRequest(request, directory, cards);
    return key ? [directoryRoomSubject(key)] : [];
  };
}
