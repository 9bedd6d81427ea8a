import type { AuditEntry, CardRecord } from '../../../shared/domain/registry';
import type { PendingCardChange } from '../../../shared/domain/rooms';
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { AuditFilter, AuditReader } from '../audit/audit-log';
import { auditCsvHeader, auditCsvRow } from '../audit/csv';
import { openExportFile, type ExportFile } from '../audit/export-file';
import { StationFailure } from '../failure';
import type { RegistryService } from '../services';
import type { HotelCards } from '../site/hotel-cards';
import type { SiteActivityEntry, SiteView } from '../site/site-view';
import type { CardReader } from './card-store';

/** What the site adds to the registry's answers once the desk belongs to one (site/hotel-cards.ts). */
export interface HotelReads {
  cards: HotelCards;
  view: SiteView;
  /** This desk's station id in its site, once it belongs to one. */
  me(): string | undefined;
}

function siteEntry(e: SiteActivityEntry): AuditEntry {
  const { stationId, stationSeq, ...entry } = e;
  return { seq: stationSeq, station: stationId, ...entry };
}

/** The subjects an operation on this card would carry (see outbox/subject.ts). */
export function cardSubjectsOf(card: CardRecord): string[] {
  const subjects: string[] = [];
  if (card.cardNo) subjects.push(`uclbrt:qr:${card.cardNo}`);
  if (card.serialNum && card.provider === 'uclbrt') subjects.push(`uclbrt:prox:${card.serialNum}`);
  if (card.serialNum && card.provider === 'tuya' && card.deviceId) subjects.push(`tuya:${card.deviceId}:card:${card.serialNum}`);
  if (card.lockCardId && card.deviceId) subjects.push(`tuya:${card.deviceId}:lock-card:${card.lockCardId}`);
  return subjects;
}

/**
 * Card search and history, and the activity log, read from the station database; hotel-wide (every
 * desk's cards, and the activity log with `scope: 'hotel'`) once the desk belongs to a site.
 */
export class Registry implements RegistryService {
  private pendingOf: ((card: CardRecord) => PendingCardChange[]) | undefined;

  constructor(
    private readonly cards: CardReader,
    private readonly audit: AuditReader,
    private readonly hotel?: HotelReads,
  ) {}

  private get inSite(): boolean {
    return this.hotel?.cards.inSite() ?? false;
  }

  /** Lets `details` say what is pending on a card (rooms/ knows how to read that from the outbox). */
  setPendingLookup(pendingOf: (card: CardRecord) => PendingCardChange[]): void {
    this.pendingOf = pendingOf;
  }

  /** Card lookups: hotel-wide in a site, else this desk's registry. */
  private get lookup(): Pick<HotelCards, 'byId' | 'byCardNo' | 'bySerialNum' | 'byLockCard'> {
    return this.hotel && this.inSite ? this.hotel.cards : this.cards;
  }

  async find(request: RequestOf<'cards:find'>): Promise<ResponseOf<'cards:find'>> {
    const limit = request.limit ?? 50;
    return this.hotel ? this.hotel.cards.find(request.query, limit) : this.cards.search(request.query, limit);
  }

  async details(request: RequestOf<'cards:details'>): Promise<ResponseOf<'cards:details'>> {
    const cards = this.lookup;
    const card =
      (request.cardId ? cards.byId(request.cardId) : undefined) ??
      (request.cardNo ? cards.byCardNo(request.cardNo) : undefined) ??
      (request.serialNum ? (cards.bySerialNum('uclbrt', request.serialNum) ?? cards.bySerialNum('tuya', request.serialNum)) : undefined);
    if (!card) return { card: null, history: [] };
    const history = this.historyOf(card);
    return this.pendingOf ? { card, history, pending: this.pendingOf(card) } : { card, history };
  }

  /** What happened to the card: this desk's log, and in a site what the other desks did to it. */
  private historyOf(card: CardRecord): AuditEntry[] {
    const subjects = cardSubjectsOf(card);
    const origin = this.hotel?.cards.originOf(card) ?? this.cards.originOf(card.id);
    const origins = origin ? [origin] : [];
    const own = this.audit.historyOf(subjects, origins);
    const me = this.hotel?.me();
    if (!this.hotel || !me) return own;
    const others = this.hotel.view
      .historyOf(subjects, origins)
      .filter((e) => e.stationId !== me)
      .map(siteEntry);
    return [...own, ...others].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, 200);
  }

  /** Whether this station (or, in a site, any desk of it) has a record of the card (any status). */
  knowsCard(ref: { cardNo: string } | { serialNum: string } | { deviceId: string; lockCardId: string }): boolean {
    const cards = this.lookup;
    if ('cardNo' in ref) return cards.byCardNo(ref.cardNo) !== undefined;
    if ('serialNum' in ref) return cards.bySerialNum('uclbrt', ref.serialNum) !== undefined;
    return cards.byLockCard(ref.deviceId, ref.lockCardId) !== undefined;
  }

  /** Everyone the activity log names (in a site, every desk's), for its filter. */
  async auditOperators(): Promise<string[]> {
    const own = this.audit.operators();
    if (!this.hotel || !this.inSite) return own;
    return [...new Set([...own, ...this.hotel.view.activityOperators()])].sort();
  }

  async auditList(request: RequestOf<'audit:list'>): Promise<ResponseOf<'audit:list'>> {
    // Hotel-wide once the desk belongs to a site (before, what this desk knows is its own log).
    if (request.scope === 'hotel' && this.hotel && this.inSite) {
      const { scope: _scope, ...filter } = request;
      const page = this.hotel.view.activity(filter);
      return { items: page.items.map(siteEntry), total: page.total };
    }
    return this.audit.list(request);
  }

  async auditCsv(request: RequestOf<'audit:exportCsv'>): Promise<ResponseOf<'audit:exportCsv'>> {
    const { items } = await this.auditList(request);
    const rows = [...items].reverse();
    const hotel = request.scope === 'hotel' && this.inSite;
    return { csv: auditCsvHeader(hotel) + rows.map((e) => auditCsvRow(e, hotel)).join(''), rows: rows.length };
  }

  /**
   * Writes every matching log entry, oldest first, to a CSV file (UTF-8 with BOM so Excel reads
   * Chinese). Never replaces an existing file unless `overwrite`, never creates folders.
   */
  async exportCsvFile(
    path: string,
    filter: Omit<AuditFilter, 'limit' | 'offset'> = {},
    options: { overwrite?: boolean } = {},
  ): Promise<{ rows: number; path: string }> {
    let file: ExportFile | undefined;
    try {
      file = await openExportFile(path, { overwrite: options.overwrite ?? false });
      await file.write(`\uFEFF${auditCsvHeader()}`);
      let rows = 0;
      // Page by page: the connection stays free for the worker between pages.
      for (let after = 0; ;) {
        const page = this.audit.page(filter, after, 1000);
        if (!page.length) break;
        await file.write(page.map((e) => auditCsvRow(e)).join(''));
        rows += page.length;
        after = page[page.length - 1].seq;
      }
      await file.finish();
      return { rows, path };
    } catch (err) {
      await file?.abort();
      if (err instanceof StationFailure) throw err;
      throw StationFailure.of('outbox.export-failed', { path, detail: err instanceof Error ? err.message : String(err) });
    }
  }
}
