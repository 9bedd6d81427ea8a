/**
 * A card read on the encoder (its serial) or a QR card number -> what it is: the station's registry,
 * plus a live look in the cloud where an API exists (proximity `Home/Qrm/readCard`, QR `getCard`,
 * Tuya query), the room from the directory, and the actions that apply.
 */
import type { CardRecord, CardStatus } from '../../../shared/domain/registry';
import type { CardIdentity, CardReadAction, LiveCardCheck, PendingCardChange, RoomSummary } from '../../../shared/domain/rooms';
import { stationError } from '../../../shared/errors';
import type { RoomsCloud } from '../cloud/service';
import { uclbrtTimeToLocal } from '../cloud/uclbrt/time';
import { StationFailure, toStationError } from '../failure';
import type { CloudService } from '../services';
import type { CardLookup } from './room-lines';
import { roomLabel } from '../outbox/subject';
import { cardKindOf } from './card-kinds';
import type { RoomDirectory } from './directory-store';
import { roomKey, type RoomRef } from '../../../shared/domain/rooms';

export interface IdentifyDeps {
  cards: CardLookup;
  directory: RoomDirectory;
  cloud: RoomsCloud;
  lookup: CloudService['lookup'];
  summary: (key: string) => RoomSummary | undefined;
  pendingFor: (card: CardRecord) => PendingCardChange[];
}

/** What `getCard` answers for a card the cloud does not have. */
const QR_NOT_FOUND = new Set(['uclbrt.5210', 'uclbrt.5307', 'uclbrt.5016', 'uclbrt.6108']);

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const localOf = (v: unknown) => {
  const s = text(v);
  try {
    return s ? uclbrtTimeToLocal(s) : undefined;
  } catch {
    return undefined;
  }
};

/** A cloud's word for a card's state, as the registry says it. */
function statusOf(cloud: string | undefined): CardStatus | undefined {
  switch (cloud) {
    case 'issued':
    case 'active':
    case 'expired':
      return 'active';
    case 'lost':
      return 'lost';
    case 'cancelled':
      return 'cancelled';
    default:
      return undefined;
  }
}

function roomOfAnswer(a: Record<string, unknown>): RoomRef | undefined {
  const roomNo = text(a.roomNo);
  if (!roomNo) return undefined;
  const buildNo = text(a.buildNo);
  const floorNo = text(a.floorNo);
  return buildNo && floorNo ? { buildNo, floorNo, roomNo } : { roomNo };
}

async function checked(
  provider: LiveCardCheck['provider'],
  fn: () => Promise<Omit<LiveCardCheck, 'provider' | 'checked'>>,
): Promise<LiveCardCheck> {
  try {
    return { provider, checked: true, ...(await fn()) };
  } catch (err) {
    return { provider, checked: true, error: toStationError(err) };
  }
}

export async function identifyCard(
  deps: IdentifyDeps,
  request: { serialNum?: string; cardNo?: string; live: boolean },
): Promise<CardIdentity> {
  const serial = request.serialNum?.toUpperCase();
  const card: CardRecord | undefined =
    (request.cardNo ? deps.cards.byCardNo(request.cardNo) : undefined) ??
    (serial ? (deps.cards.bySerialNum('uclbrt', serial) ?? deps.cards.bySerialNum('tuya', serial)) : undefined);
  const live: LiveCardCheck[] = [];
  let liveRoom: RoomRef | undefined;

  if (request.live) {
    const uclbrt = await deps.cloud.configured('uclbrt');
    if (request.cardNo && uclbrt) {
      live.push(
        await checked('uclbrt', async () => {
          let answer: Record<string, unknown>;
          try {
            answer = await deps.cloud.qrCard({ cardNo: request.cardNo!, mobile: card?.holderMobile, areaCode: card?.holderAreaCode });
          } catch (err) {
            if (err instanceof StationFailure && QR_NOT_FOUND.has(err.error.code)) return { found: false };
            throw err;
          }
          liveRoom = roomOfAnswer(answer);
          return {
            found: true,
            validFrom: localOf(answer.startTime),
            validTo: localOf(answer.endTime),
            status: text(answer.cardStatus),
            ...(liveRoom ? { room: liveRoom } : {}),
          };
        }),
      );
    }
    if (serial && uclbrt && (!card || card.provider === 'uclbrt')) {
      live.push(
        await checked('uclbrt', async () => {
          const answer = await deps.cloud.readProximity(serial);
          const same = answer && text(answer.serialNum)?.toUpperCase() === serial;
          if (!answer || !same) return { found: false };
          liveRoom = roomOfAnswer(answer);
          return {
            found: true,
            validTo: localOf(answer.endTime),
            status: text(answer.cardStatus),
            ...(liveRoom ? { room: liveRoom } : {}),
          };
        }),
      );
    }
    if (card?.provider === 'tuya' && card.deviceId && card.lockCardId && (await deps.cloud.configured('tuya'))) {
      live.push(
        await checked('tuya', async () => {
          const found = await deps.lookup({ provider: 'tuya', deviceId: card.deviceId!, lockCardId: card.lockCardId! });
          return {
            found: found.found,
            validFrom: found.validFrom,
            validTo: found.validTo,
            ...(found.found ? { status: 'active' } : { status: 'deleted' }),
          };
        }),
      );
    }
  }

  const room =
    (card?.roomNo ? deps.directory.byKey(roomKey({ buildNo: card.buildNo, floorNo: card.floorNo, roomNo: card.roomNo })) : undefined) ??
    (card?.provider === 'tuya' && card.deviceId ? deps.directory.byTuyaDevice(card.deviceId) : undefined) ??
    (liveRoom ? deps.directory.byKey(roomKey(liveRoom)) : undefined);
  const found = live.find((l) => l.found);
  const liveStatus = found?.provider === 'tuya' ? undefined : statusOf(found?.status);
  const gone = live.some((l) => l.checked && l.found === false && l.provider === 'tuya');
  const status: CardStatus | 'unknown' = gone ? 'cancelled' : (liveStatus ?? card?.status ?? (found ? 'active' : 'unknown'));
  const blank = !card && !found;
  const pending = card ? deps.pendingFor(card) : [];

  const actions: CardReadAction[] = [];
  if (blank || status === 'cancelled' || status === 'lost' || status === 'failed') actions.push('issue');
  else if (room) {
    if (status === 'active' || status === 'frozen') actions.push('duplicate', 'extend', 'cancel', 'check-out');
    else if (status === 'pending') actions.push('check-out');
  } else if (status === 'active' || status === 'frozen') actions.push('cancel');

  const cardRoom = card?.roomNo ? { buildNo: card.buildNo, floorNo: card.floorNo, roomNo: card.roomNo } : liveRoom;
  const notice = blank
    ? stationError('rooms.card-blank')
    : !room && cardRoom
      ? stationError('rooms.card-room-unknown', { room: roomLabel(cardRoom) })
      : (pending.find((p) => p.stillOpens)?.notice ?? undefined);

  return {
    blank,
    ...(card
      ? { kind: cardKindOf(card) }
      : serial && found
        ? { kind: 'proximity' as const }
        : request.cardNo
          ? { kind: 'qr' as const }
          : {}),
    card: card ?? null,
    room: room ? (deps.summary(room.key) ?? null) : null,
    ...((found?.validFrom ?? card?.validFrom) ? { validFrom: found?.validFrom ?? card?.validFrom } : {}),
    ...((found?.validTo ?? card?.validTo) ? { validTo: found?.validTo ?? card?.validTo } : {}),
    status,
    pending,
    live,
    actions,
    ...(notice ? { notice } : {}),
  };
}
