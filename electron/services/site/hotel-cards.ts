/**
 * Cards hotel-wide: this desk's registry together with what the other desks of its site told it
 * (the site view). Once the desk belongs to a site the site view holds this desk's cards too (each
 * change is applied to it in its own transaction), so for a physical card the newest row of any
 * desk wins: desk B sees the card desk A issued, and desk A sees that desk B cancelled it. Until the
 * desk belongs to a site (or without one) the answers are this desk's registry alone.
 *
 * Only reads: a desk changes its own rows (from its own operations' outcomes), never another's.
 */
import type { ProviderId } from '../../../shared/domain/cloud';
import type { CardRecord } from '../../../shared/domain/registry';
import { roomKey, type RoomRef } from '../../../shared/domain/rooms';
import type { CardReader } from '../registry/card-store';
import { identityOf, type SiteCard, type SiteView } from './site-view';

/** The card as the registry's type has it (the site's row carries which desk keeps it). */
function plain(card: SiteCard): CardRecord {
  const { stationId: _station, originOperationId: _origin, ...record } = card;
  return record;
}

const newestFirst = (a: CardRecord, b: CardRecord) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0);
const STAY = new Set<string>(['active', 'frozen', 'pending']);

export class HotelCards {
  constructor(
    private readonly local: CardReader,
    private readonly view: SiteView,
    /** This desk's station id once it belongs to a site. */
    private readonly me: () => string | undefined,
  ) {}

  /** Whether answers are hotel-wide (the desk belongs to a site). */
  inSite(): boolean {
    return this.me() !== undefined;
  }

  /** The desk that keeps this row of a card, when it is another desk (the row came through the site). */
  keptElsewhere(card: CardRecord): string | undefined {
    if (!this.inSite() || this.local.byId(card.id)) return undefined;
    return this.view.card(card.id)?.stationId;
  }

  /** Search (registry:find): this desk's matches and the site's, one per physical card, newest first. */
  find(query: string, limit: number): CardRecord[] {
    const local = this.local.search(query, limit);
    if (!this.inSite()) return local;
    const site = this.view.findCards(query, limit);
    const seen = new Set(site.map(identityOf));
    const rest = local.filter((c) => !seen.has(identityOf(c))).map((c) => this.latest(c));
    return [...site.map(plain), ...rest].sort(newestFirst).slice(0, limit);
  }

  /** The card as it is now hotel-wide: a newer row of another desk wins over this desk's. */
  latest(card: CardRecord): CardRecord {
    if (!this.inSite()) return card;
    const current = this.view.current(card);
    return current && current.updatedAt >= card.updatedAt ? plain(current) : card;
  }

  byId(id: string): CardRecord | undefined {
    const local = this.local.byId(id);
    if (local) return this.latest(local);
    if (!this.inSite()) return undefined;
    const row = this.view.card(id);
    return row ? plain(this.view.current(row) ?? row) : undefined;
  }

  byCardNo(cardNo: string): CardRecord | undefined {
    return this.oneOf(this.local.byCardNo(cardNo), () =>
      this.view.findCards(cardNo).find((c) => c.provider === 'uclbrt' && c.cardNo === cardNo),
    );
  }

  bySerialNum(provider: ProviderId, serialNum: string, deviceId?: string): CardRecord | undefined {
    const serial = serialNum.toUpperCase();
    return this.oneOf(this.local.bySerialNum(provider, serial, deviceId), () =>
      this.view.findCards(serial).find((c) => c.provider === provider && c.serialNum === serial && (!deviceId || c.deviceId === deviceId)),
    );
  }

  byLockCard(deviceId: string, lockCardId: string): CardRecord | undefined {
    return this.oneOf(this.local.byLockCard(deviceId, lockCardId), () =>
      this.view.findCards(lockCardId).find((c) => c.provider === 'tuya' && c.deviceId === deviceId && c.lockCardId === lockCardId),
    );
  }

  /** The issue operation a card came from, as its keeper recorded it (this desk's, or another desk's). */
  originOf(card: CardRecord): string | undefined {
    return this.local.originOf(card.id) ?? (this.inSite() ? this.view.card(card.id)?.originOperationId : undefined);
  }

  /**
   * The cards of one room that open it or are about to (active, frozen, pending), hotel-wide: this
   * desk's (`local`, as the room queries found them) and every other desk's, each as it is now.
   */
  stayCardsOf(room: RoomRef, deviceId: string | undefined, local: readonly CardRecord[]): CardRecord[] {
    if (!this.inSite()) return [...local];
    return this.current([...local, ...this.view.roomCards(room, deviceId)]);
  }

  /** Every card of the hotel that opens a door or is about to, by room key (`roomOfLock` places Tuya cards). */
  stayCardsByRoom(local: readonly CardRecord[], roomOfLock: (deviceId: string) => string | undefined): Map<string, CardRecord[]> {
    const me = this.me();
    const cards = me ? this.current([...local, ...this.view.stayRowsOfOthers(me)]) : [...local];
    const byRoom = new Map<string, CardRecord[]>();
    for (const card of cards) {
      const key =
        card.provider === 'tuya'
          ? card.deviceId
            ? roomOfLock(card.deviceId)
            : undefined
          : card.roomNo
            ? roomKey({ buildNo: card.buildNo, floorNo: card.floorNo, roomNo: card.roomNo })
            : undefined;
      if (!key) continue;
      byRoom.set(key, [...(byRoom.get(key) ?? []), card]);
    }
    return byRoom;
  }

  /** One per physical card, as it is now, still opening a door or about to. */
  private current(candidates: readonly CardRecord[]): CardRecord[] {
    const out = new Map<string, CardRecord>();
    for (const card of candidates) {
      const key = identityOf(card);
      if (!out.has(key)) out.set(key, this.latest(card));
    }
    return [...out.values()].filter((c) => STAY.has(c.status));
  }

  private oneOf(local: CardRecord | undefined, site: () => SiteCard | undefined): CardRecord | undefined {
    if (!this.inSite()) return local;
    if (local) return this.latest(local);
    const found = site();
    return found ? plain(found) : undefined;
  }
}
