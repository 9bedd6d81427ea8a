import type { TFunction } from 'i18next';
import type { CardKind, RoomSummary } from '../../../../shared/domain/rooms';
import { formatLocal } from '../../components/format';

/** "Building 1, floor 2", "Floor 2", or "No floor" for rooms addressed by number only. */
export function floorLabel(room: Pick<RoomSummary, 'buildNo' | 'floorNo'>, t: TFunction): string {
  if (room.buildNo && room.floorNo) return t('rooms.buildingFloor', { building: room.buildNo, floor: room.floorNo });
  if (room.floorNo) return t('rooms.floor', { floor: room.floorNo });
  return t('rooms.noFloor');
}

export const floorKey = (room: Pick<RoomSummary, 'buildNo' | 'floorNo'>) => `${room.buildNo ?? ''}-${room.floorNo ?? ''}`;

/** The state as staff say it: "Occupied until 28 Nov 12:00", "Due out today", "Overstayed since ...". */
export function stateText(room: Pick<RoomSummary, 'state' | 'stayEnd'>, t: TFunction, lang: string): string {
  const end = formatLocal(room.stayEnd, lang);
  switch (room.state) {
    case 'vacant':
      return t('roomState.vacant');
    case 'occupied':
      return end ? t('roomState.occupiedUntil', { end }) : t('roomState.occupied');
    case 'due-out':
      return end ? t('roomState.dueOutAt', { end }) : t('roomState.due-out');
    case 'overstay':
      return end ? t('roomState.overstaySince', { end }) : t('roomState.overstay');
  }
}

/** Queued or failed work of the room, in words, or '' when there is none. */
export function workText(room: Pick<RoomSummary, 'work'>, t: TFunction): string {
  const parts: string[] = [];
  if (room.work.failed + room.work.uncertain > 0) parts.push(t('rooms.workAttention', { count: room.work.failed + room.work.uncertain }));
  if (room.work.queued > 0) parts.push(t('rooms.workQueued', { count: room.work.queued }));
  return parts.join(t('auditDetail.listSeparator'));
}

export const kindLabel = (kind: CardKind, t: TFunction) => t(`cardKinds.${kind}`);

/** Case-insensitive prefix match on the display name or `building-floor-room`. */
export function matchesRoom(room: Pick<RoomSummary, 'displayName' | 'key' | 'roomNo'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return room.displayName.toLowerCase().startsWith(q) || room.key.toLowerCase().startsWith(q) || room.roomNo.toLowerCase().startsWith(q);
}
