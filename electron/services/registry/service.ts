import type { CardRecord } from '../../../shared/domain/registry';
import type { PendingCardChange } from '../../../shared/domain/rooms';
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { AuditFilter, AuditReader } from '../audit/audit-log';
import { auditCsvHeader, auditCsvRow } from '../audit/csv';
import { openExportFile, type ExportFile } from '../audit/export-file';
import { StationFailure } from '../failure';
import type { RegistryService } from '../services';
import type { CardReader } from './card-store';

/** The subjects an operation on this card would carry (see outbox/subject.ts). */
export function cardSubjectsOf(card: CardRecord): string[] {
  const subjects: string[] = [];
  if (card.cardNo) subjects.push(`uclbrt:qr:${card.cardNo}`);
  if (card.serialNum && card.provider === 'uclbrt') subjects.push(`uclbrt:prox:${card.serialNum}`);
  if (card.serialNum && card.provider === 'tuya' && card.deviceId) subjects.push(`tuya:${card.deviceId}:card:${card.serialNum}`);
  if (card.lockCardId && card.deviceId) subjects.push(`tuya:${card.deviceId}:lock-card:${card.lockCardId}`);
  return subjects;
}

/** Card search and history, and the activity log, read from the station database. */
export class Registry implements RegistryService {
  private pendingOf: ((card: CardRecord) => PendingCardChange[]) | undefined;

  constructor(
    private readonly cards: CardReader,
    private readonly audit: AuditReader,
  ) {}

  /** Lets `details` say what is pending on a card (rooms/ knows how to read that from the outbox). */
  setPendingLookup(pendingOf: (card: CardRecord) => PendingCardChange[]): void {
    this.pendingOf = pendingOf;
  }

  async find(request: RequestOf<'cards:find'>): Promise<ResponseOf<'cards:find'>> {
    return this.cards.search(request.query, request.limit ?? 50);
  }

  async details(request: RequestOf<'cards:details'>): Promise<ResponseOf<'cards:details'>> {
    const card =
      (request.cardId ? this.cards.byId(request.cardId) : undefined) ??
      (request.cardNo ? this.cards.byCardNo(request.cardNo) : undefined) ??
      (request.serialNum ? (this.cards.bySerialNum('uclbrt', request.serialNum) ?? this.cards.bySerialNum('tuya', request.serialNum)) : undefined);
    if (!card) return { card: null, history: [] };
    const subjects = cardSubjectsOf(card);
    const origin = this.cards.originOf(card.id);
    const history = this.audit.historyOf(subjects, origin ? [origin] : []);
    return this.pendingOf ? { card, history, pending: this.pendingOf(card) } : { card, history };
  }

  /** Whether this station has a record of the card (any status). */
  knowsCard(ref: { cardNo: string } | { serialNum: string } | { deviceId: string; lockCardId: string }): boolean {
    if ('cardNo' in ref) return this.cards.byCardNo(ref.cardNo) !== undefined;
    if ('serialNum' in ref) return this.cards.bySerialNum('uclbrt', ref.serialNum) !== undefined;
    return this.cards.byLockCard(ref.deviceId, ref.lockCardId) !== undefined;
  }

  /** Everyone the activity log names, for its filter. */
  async auditOperators(): Promise<string[]> {
    return this.audit.operators();
  }

  async auditList(request: RequestOf<'audit:list'>): Promise<ResponseOf<'audit:list'>> {
    return this.audit.list(request);
  }

  async auditCsv(request: RequestOf<'audit:exportCsv'>): Promise<ResponseOf<'audit:exportCsv'>> {
    const { items } = this.audit.list(request);
    const rows = [...items].reverse();
    return { csv: auditCsvHeader() + rows.map(auditCsvRow).join(''), rows: rows.length };
  }

  /**
   * Writes every matching log entry, oldest first, to a CSV file (UTF-8 with BOM so Excel reads
   * Chinese). Never replaces an existing file unless `overwrite`, never creates folders.
   */
  async exportCsvFile(path: string, filter: Omit<AuditFilter, 'limit' | 'offset'> = {}, options: { overwrite?: boolean } = {}): Promise<{ rows: number; path: string }> {
    let file: ExportFile | undefined;
    try {
      file = await openExportFile(path, { overwrite: options.overwrite ?? false });
      await file.write(`\uFEFF${auditCsvHeader()}`);
      let rows = 0;
      // Page by page: the connection stays free for the worker between pages.
      for (let after = 0; ; ) {
        const page = this.audit.page(filter, after, 1000);
        if (!page.length) break;
        await file.write(page.map(auditCsvRow).join(''));
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
