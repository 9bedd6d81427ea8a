/**
 * Which card a PMS key request makes: the room's own choice in the directory (`pms card kind` in
 * the room import), else the station's `pms.cardKind`, else proximity when the station has an
 * encoder and QR when it has none.
 */
import type { PmsCardKind, StationConfig } from '../../../shared/config';
import type { RoomEntry } from '../../../shared/domain/rooms';

/** The station's kind: `pms.cardKind`, else `proximity` with an encoder and `qr` without one. */
export function stationCardKind(config: StationConfig): PmsCardKind {
  return config.pms?.cardKind ?? (config.encoder.driver === 'none' ? 'qr' : 'proximity');
}

/** The kind a key for this room is. */
export function roomCardKind(room: Pick<RoomEntry, 'pmsCardKind'>, config: StationConfig): PmsCardKind {
  return room.pmsCardKind ?? stationCardKind(config);
}
