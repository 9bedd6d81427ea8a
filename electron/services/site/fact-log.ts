/**
 * This desk's fact log (`facts` in station.db): what it tells the other desks. A store appends a
 * fact in the same transaction as the change that causes it:
 *
 *   db.transaction(() => { cards.update(...); FactLog.append(db, { type: 'card.changed', card }); })
 *
 * so a fact exists exactly when its change does (a crash keeps both or neither). Once the desk
 * belongs to a site, each fact is also applied to the site view at once, so the desk's own
 * changes show in hotel-wide answers without waiting for a sync. The sync service pushes facts
 * past `pushedSeq` in station_seq order; the table is append-only (triggers refuse the rest).
 */
import { FACT_VERSION, factSchema, type Fact, type NewFact } from '../../../shared/site/facts';
import { statementCache, type StationDatabase } from '../store/database';
import { SiteState, type SiteIdentity } from './site-state';
import { SiteView } from './site-view';

/**
 * How a store tells the site about a change: `record` appends the fact that `make` builds, in the
 * caller's transaction, while this desk records facts (it is configured for a site, or belongs to
 * one); otherwise it does nothing, not even build the fact, so a desk without a site pays nothing.
 */
export interface FactRecorder {
  record(make: () => NewFact): void;
}

export interface LoggedFact {
  stationSeq: number;
  fact: Fact;
}

/** What a fact is about, so the sync can find "the accepted fact of operation X" cheaply. */
function refOf(fact: Fact): string | null {
  switch (fact.type) {
    case 'card.issued':
    case 'card.changed':
    case 'card.revoked':
      return fact.card.id;
    case 'operation.accepted':
      return fact.operation.id;
    case 'operation.state':
    case 'operation.adopted':
      return fact.operationId;
    case 'room.changed':
      return fact.room.key;
    case 'room.removed':
      return fact.key;
    case 'operator.changed':
      return fact.operator.name;
    case 'audit.entry':
      return fact.entry.operationId ?? null;
  }
}

const logs = new WeakMap<StationDatabase, FactLog>();

/** The fact with its format version and time (a time that is not one is left for the schema to name). */
function stamped(input: NewFact): unknown {
  const at = new Date(input.at ?? Date.now());
  return { ...input, v: FACT_VERSION, at: Number.isNaN(at.getTime()) ? input.at : at.toISOString() };
}

export class FactLog implements FactRecorder {
  private readonly sql: ReturnType<typeof statementCache>;
  private readonly state: SiteState;
  private readonly view: SiteView;
  private identity: SiteIdentity | undefined;
  private readonly listeners = new Set<() => void>();
  /** Whether stores' changes become facts: once configured for a site or a member of one. */
  private recording: boolean;
  private invalid: ((type: string, problem: string) => void) | undefined;

  constructor(private readonly db: StationDatabase) {
    this.sql = statementCache(db);
    this.state = new SiteState(db);
    this.view = new SiteView(db);
    this.recording = this.state.identity() !== undefined;
  }

  /** The log of this database (one per connection, so statements are prepared once). */
  static of(db: StationDatabase): FactLog {
    let log = logs.get(db);
    if (!log) {
      log = new FactLog(db);
      logs.set(db, log);
    }
    return log;
  }

  /** Appends a fact (in the caller's transaction, or its own); returns its station_seq. */
  static append(db: StationDatabase, fact: NewFact): number {
    return FactLog.of(db).append(fact);
  }

  append(input: NewFact): number {
    return this.write(factSchema.parse(stamped(input)));
  }

  private write(fact: Fact): number {
    return this.db.transaction(() => {
      const row = this.sql('INSERT INTO facts (type, at, body, ref) VALUES (?, ?, ?, ?) RETURNING station_seq').get(
        fact.type,
        fact.at,
        JSON.stringify(fact),
        refOf(fact),
      ) as {
        station_seq: number;
      };
      const identity = this.siteIdentity();
      if (identity) this.view.apply(identity.stationId, row.station_seq, fact);
      // Told after the caller's code, on a later tick: by then its transaction has committed (or rolled back).
      if (this.listeners.size) setImmediate(() => this.listeners.forEach((l) => l()));
      return row.station_seq;
    })();
  }

  /**
   * Appends the fact `make` builds while this desk records facts (see FactRecorder). A fact that
   * is not valid is not written (the change it describes still is: the desk's own work never
   * waits on the site), and `onInvalid` is told so it reaches the log.
   */
  record(make: () => NewFact): void {
    if (!this.recording) return;
    const input = make();
    const parsed = factSchema.safeParse(stamped(input));
    if (parsed.success) this.write(parsed.data);
    else this.invalid?.(input.type, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }

  /** Told when a store's change could not become a valid fact (the station writes it to the log). */
  onInvalid(listener: (type: string, problem: string) => void): void {
    this.invalid = listener;
  }

  get isRecording(): boolean {
    return this.recording;
  }

  /**
   * Configured for a site (or not): from now on the stores' changes are facts. A desk that already
   * belongs to a site keeps recording (its facts are what the site knows of it).
   */
  setRecording(configured: boolean): void {
    this.recording = configured || this.siteIdentity() !== undefined;
  }

  /** Calls `listener` soon after each append (the sync pushes at once instead of at its next round). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Facts after `afterSeq`, oldest first. */
  after(afterSeq: number, limit: number): LoggedFact[] {
    const rows = this.sql('SELECT station_seq, body FROM facts WHERE station_seq > ? ORDER BY station_seq LIMIT ?').all(
      afterSeq,
      limit,
    ) as { station_seq: number; body: string }[];
    return rows.map((r) => ({ stationSeq: r.station_seq, fact: JSON.parse(r.body) as Fact }));
  }

  /** The last station_seq handed out (0 when none). */
  lastSeq(): number {
    const row = this.sql(`SELECT seq FROM sqlite_sequence WHERE name = 'facts'`).get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Facts not yet in the site log. */
  unpushedCount(): number {
    return Math.max(0, this.lastSeq() - this.state.pushedSeq());
  }

  /** The station_seq of the fact that accepted operation `id`, if this desk accepted it. */
  acceptedSeqOf(operationId: string): number | undefined {
    const row = this.sql(`SELECT station_seq FROM facts WHERE ref = ? AND type = 'operation.accepted'`).get(operationId) as
      { station_seq: number } | undefined;
    return row?.station_seq;
  }

  /**
   * Makes this desk a member of a site: from now on its facts are applied to the site view, and
   * the ones it wrote before are applied now. Call inside a transaction.
   */
  join(identity: SiteIdentity): void {
    this.state.setIdentity(identity);
    this.identity = identity;
    this.recording = true;
    for (let after = 0; ;) {
      const batch = this.after(after, 1000);
      if (!batch.length) break;
      for (const { stationSeq, fact } of batch) this.view.apply(identity.stationId, stationSeq, fact);
      after = batch[batch.length - 1].stationSeq;
    }
  }

  private siteIdentity(): SiteIdentity | undefined {
    // Another process (the CLI's `site sync`) may make the desk a member: look until it is one.
    this.identity ??= this.state.identity();
    return this.identity;
  }
}
