/**
 * The sync service: keeps this desk and its site database in step, off the clerk's path.
 *
 * Every `intervalMs` (and on demand) one cycle runs: hello (this desk is alive; what was adopted
 * from it or by it), withdraw what another desk adopted, queue what this desk adopted, push this
 * desk's facts past the pushed mark, pull the others' facts past the durable cursor into the site
 * view. Each step is idempotent, so a cycle cut anywhere (the database killed, this process
 * killed) is simply repeated: nothing is pushed twice into the log, nothing applied twice. When
 * the database cannot be reached the desk works on, and cycles back off (to `backoffCapMs`).
 */
import { operationRequestSchema, type Operation, type OperationRequest } from '../../../shared/domain/operations';
import type { SiteStatus } from '../../../shared/domain/site';
import type { SiteConfig } from '../../../shared/config';
import { stationError, type StationError } from '../../../shared/errors';
import { FACT_VERSION, factSchema, type SiteFact } from '../../../shared/site/facts';
import { StationFailure, toStationError } from '../failure';
import { silentLogger, type Logger } from '../logging/logger';
import type { StationDatabase } from '../store/database';
import { FactLog } from './fact-log';
import { SiteRemote, type AdoptedOperation, type StationSeen } from './pg/remote';
import { DEFAULT_ADOPT_AFTER_MS } from './send-gate';
import { SiteState } from './site-state';
import { SiteView } from './site-view';

/** What the sync needs from the desk's outbox (outbox-desk.ts adapts the Outbox). */
export interface SiteDesk {
  /** Queues an operation taken over from another desk; `inSameCommit` must run in the commit that accepts it. */
  queueAdopted(request: OperationRequest, operator: string, inSameCommit: (op: Operation) => void): Promise<Operation>;
  /** Another desk adopted this operation: it must not be sent from here. */
  withdrawAdopted(operationId: string, by: string): Promise<'withdrawn' | 'settled' | 'absent'>;
  /** The send gate may have opened: look for due work. */
  wake(): void;
}

export interface SiteSyncOptions {
  db: StationDatabase;
  config: SiteConfig;
  password: () => Promise<string | undefined>;
  desk?: SiteDesk;
  log?: Logger;
  /** Between cycles when all is well (default 500); a fact appended here starts one at once. */
  intervalMs?: number;
  /** First wait after a failure; doubles up to `backoffCapMs` (defaults 1000 and 30000). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  batchSize?: number;
  adoptAfterMs?: number;
  /** How often a cycle also says hello (heartbeat, adoptions); at most `adoptAfterMs / 20`, default 5000. */
  helloEveryMs?: number;
  /** Told whenever the status changes (the station pushes `station:status`). */
  onStatus?: (status: SiteStatus) => void;
  /** Told after a cycle applied other desks' facts (the station asks the screens to reload). */
  onApplied?: (applied: number) => void;
  now?: () => number;
  /** For tests: the connection (default: a SiteRemote from config and password). */
  remote?: SiteRemote;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  applied: number;
  withdrawn: number;
  adoptedQueued: number;
  head: number;
}

export interface AdoptReport {
  from: string;
  /** What this desk took over, as (original id → this desk's id). */
  taken: { operationId: string; kind: string; localId: string }[];
  /** Waiting operations of that desk it did not take: they may have reached the cloud, a person decides. */
  left: { operationId: string; kind: string; state: string }[];
}

/** Facts of other desks into the site view, in one transaction, with the cursor. */
function applyPulled(
  db: StationDatabase,
  view: SiteView,
  state: SiteState,
  me: string,
  facts: readonly SiteFact[],
): { applied: number; kept: SiteFact[] } {
  let applied = 0;
  const kept: SiteFact[] = [];
  const insert = db.prepare(
    `INSERT OR IGNORE INTO site_facts (station_id, station_seq, pos, type, version, at, body, applied) VALUES (@station, @seq, @pos, @type, @version, @at, @body, @applied)`,
  );
  db.transaction(() => {
    for (const f of facts) {
      if (f.stationId === me) continue;
      const raw = f.fact as { v?: unknown; type?: unknown; at?: unknown };
      const parsed = Number(raw.v) <= FACT_VERSION ? factSchema.safeParse(f.fact) : undefined;
      const ok = parsed?.success === true;
      const inserted = insert.run({
        station: f.stationId,
        seq: f.stationSeq,
        pos: f.pos,
        type: String(raw.type),
        version: Number(raw.v) || 0,
        at: String(raw.at),
        body: JSON.stringify(f.fact),
        applied: ok ? 1 : 0,
      }).changes;
      if (!inserted) continue;
      if (ok) {
        view.apply(f.stationId, f.stationSeq, parsed.data);
        applied++;
      } else {
        kept.push(f);
      }
    }
    if (facts.length) state.setPulledPos(facts[facts.length - 1].pos);
  }).immediate();
  return { applied, kept };
}

export class SiteSync {
  readonly remote: SiteRemote;
  readonly view: SiteView;
  readonly state: SiteState;
  readonly facts: FactLog;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly adoptAfterMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SyncReport> | undefined;
  private failures = 0;
  private schemaChecked = false;
  private stopped = true;
  private current: SiteStatus;
  private warnedNewer = new Set<string>();
  private again = false;
  private lastHelloAt: number | undefined;
  private readonly helloEveryMs: number;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: SiteSyncOptions) {
    this.remote = options.remote ?? new SiteRemote({ config: options.config, password: options.password });
    this.view = new SiteView(options.db);
    this.state = new SiteState(options.db);
    this.facts = FactLog.of(options.db);
    this.log = options.log ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 500;
    this.batchSize = options.batchSize ?? 1000;
    this.adoptAfterMs = options.adoptAfterMs ?? DEFAULT_ADOPT_AFTER_MS;
    this.helloEveryMs = Math.min(options.helloEveryMs ?? 5000, this.adoptAfterMs / 20);
    const last = this.state.lastSyncAt();
    this.current = {
      state: 'connecting',
      siteId: options.config.siteId,
      stationId: options.config.stationId,
      behindBy: Math.max(0, this.state.siteHead() - this.state.pulledPos()),
      unpushed: this.facts.unpushedCount(),
      ...(last ? { lastSyncAt: new Date(last).toISOString() } : {}),
    };
  }

  /** Starts the periodic sync (the first cycle at once). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.facts.onAppend(() => this.soon());
    this.schedule(0);
  }

  /** A new fact: push it now rather than at the next round (unless the site is failing: then back off). */
  private soon(): void {
    if (this.stopped || this.failures) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  status(): SiteStatus {
    return { ...this.current, unpushed: this.facts.unpushedCount() };
  }

  /** One cycle now (after the one running, if any); rejects with the reason when the site cannot be used. */
  async syncNow(): Promise<SyncReport> {
    if (this.running) await this.running.catch(() => undefined);
    return this.cycle();
  }

  /**
   * Takes over the waiting operations of a desk that is gone (silent for at least `adoptAfterMs`)
   * and queues them here; `dryRun` only says what would be taken and what left.
   */
  async adopt(from: string, operator: string, options: { dryRun?: boolean } = {}): Promise<AdoptReport> {
    const desk = this.options.desk;
    if (!desk) throw StationFailure.of('station.not-available', { feature: 'Taking over operations' });
    if (from === this.options.config.stationId) throw StationFailure.of('site.adopt-self');
    await this.ensureSchema();
    if (options.dryRun) {
      const stations = await this.remote.stations();
      const seen = stations.find((s) => s.stationId === from);
      if (!seen) throw StationFailure.of('site.adopt-unknown-station', { station: from, siteId: this.options.config.siteId });
      const waiting = await this.remote.waitingOf(from);
      return {
        from,
        taken: waiting.map((w) => ({ operationId: w.operationId, kind: w.kind, localId: '' })),
        left: await this.remote.leftBehind(from),
      };
    }
    const taken = await this.remote.adopt(from, this.adoptAfterMs);
    const queued = await this.queueAdopted(from, taken, operator);
    void this.syncNow().catch(() => undefined);
    return { from, taken: queued, left: await this.remote.leftBehind(from) };
  }

  /**
   * Asks the site how far it is and which desks it knows, without acting for this desk (no hello:
   * a status look is not a sign of life that would hold off an adopt). Never throws: a failure is
   * the status.
   */
  async probe(): Promise<{ status: SiteStatus; stations: StationSeen[] }> {
    try {
      await this.ensureSchema();
      const head = await this.remote.head();
      const stations = await this.remote.stations();
      const behindBy = Math.max(0, head - this.state.pulledPos());
      const unpushed = this.facts.unpushedCount();
      this.setStatus({ state: behindBy || unpushed ? 'behind' : 'online', behindBy, unpushed, offlineSince: undefined, error: undefined });
      return { status: this.status(), stations };
    } catch (err) {
      this.failed(err);
      return { status: this.status(), stations: [] };
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.remote.close();
  }

  // -------------------------------------------------------------------------------------------

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.cycle()
        .catch(() => undefined)
        .finally(() => {
          const again = this.again && !this.failures;
          this.again = false;
          this.schedule(this.failures ? this.backoffMs() : again ? 0 : this.intervalMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  private backoffMs(): number {
    const base = this.options.backoffBaseMs ?? 1000;
    const cap = this.options.backoffCapMs ?? 30_000;
    return Math.min(cap, base * 2 ** Math.min(this.failures - 1, 16));
  }

  private cycle(): Promise<SyncReport> {
    if (this.running) return this.running;
    const run = this.runCycle()
      .then((report) => {
        this.failures = 0;
        return report;
      })
      .catch((err: unknown) => {
        this.failed(err);
        throw err instanceof StationFailure ? err : new StationFailure(toStationError(err));
      })
      .finally(() => {
        this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private async ensureSchema(): Promise<void> {
    if (this.schemaChecked) return;
    await this.remote.checkSchema();
    this.schemaChecked = true;
  }

  private async runCycle(): Promise<SyncReport> {
    const { db, config } = this.options;
    const identity = { siteId: config.siteId, stationId: config.stationId };
    const known = this.state.identity();
    if (known && (known.siteId !== identity.siteId || known.stationId !== identity.stationId)) {
      throw StationFailure.of('site.identity-changed', {
        site: known.siteId,
        station: known.stationId,
        newSite: identity.siteId,
        newStation: identity.stationId,
      });
    }
    await this.ensureSchema();
    // The hello (a sign of life, and what was adopted from or by this desk) every few seconds,
    // and always before the first push: pushing and pulling need nothing from it.
    const needHello = !known || this.lastHelloAt === undefined || this.now() - this.lastHelloAt >= this.helloEveryMs;
    const hello = needHello ? await this.sayHello(identity, known === undefined) : undefined;
    const adoptedQueued = hello?.adoptedQueued ?? 0;
    const withdrawn = hello?.withdrawn ?? 0;

    let pushed = 0;
    let lastPush: { inserted: number; head: number } | undefined;
    for (;;) {
      const batch = this.facts.after(this.state.pushedSeq(), this.batchSize);
      if (!batch.length) break;
      const last = batch[batch.length - 1].stationSeq;
      db.transaction(() => this.state.setPushingSeq(last)).immediate();
      const r = await this.remote.push(batch);
      // Only a single push can tell that nobody wrote in between (then no pull is needed).
      lastPush = lastPush ? { inserted: 0, head: r.head } : r;
      pushed += r.inserted;
      db.transaction(() => this.state.setPushedSeq(last)).immediate();
      if (batch.length < this.batchSize) break;
    }

    let pulled = 0;
    let applied = 0;
    let head = Math.max(hello?.head ?? 0, this.state.siteHead());
    for (let page = 0; ; page++) {
      // Our push's positions follow the last one pulled: nobody else wrote, nothing to pull.
      if (page === 0 && lastPush && lastPush.inserted > 0 && lastPush.head - lastPush.inserted === this.state.pulledPos()) {
        db.transaction(() => this.state.setPulledPos(lastPush!.head)).immediate();
        head = lastPush.head;
        break;
      }
      const batch = await this.remote.pull(this.state.pulledPos(), this.batchSize);
      if (!batch.length) break;
      const r = applyPulled(db, this.view, this.state, identity.stationId, batch);
      pulled += batch.length;
      applied += r.applied;
      for (const k of r.kept) this.warnNewer(k);
      head = Math.max(head, batch[batch.length - 1].pos);
      this.setStatus({ state: 'behind', behindBy: Math.max(0, head - this.state.pulledPos()) });
      if (batch.length < this.batchSize) break;
    }
    // Other desks' work may have settled: what waited for it (room order) may go now.
    if (applied) {
      this.options.desk?.wake();
      this.options.onApplied?.(applied);
    }
    const at = this.now();
    db.transaction(() => {
      this.state.setSiteHead(head);
      this.state.setLastSyncAt(at);
    }).immediate();
    const behindBy = Math.max(0, head - this.state.pulledPos());
    const unpushed = this.facts.unpushedCount();
    this.setStatus({
      state: behindBy || unpushed ? 'behind' : 'online',
      behindBy,
      unpushed,
      lastSyncAt: new Date(at).toISOString(),
      offlineSince: undefined,
      error: undefined,
    });
    return { pushed, pulled, applied, withdrawn, adoptedQueued, head };
  }

  /** Hello, then withdraw what another desk adopted, record the contact, queue what this desk adopted. */
  private async sayHello(
    identity: { siteId: string; stationId: string },
    joining: boolean,
  ): Promise<{ withdrawn: number; adoptedQueued: number; head: number }> {
    const { db } = this.options;
    const askedAt = this.now();
    const hello = await this.remote.hello();
    const local = this.facts.lastSeq();
    if (hello.pushedSeq > local) {
      throw StationFailure.of('site.identity-taken', { station: identity.stationId, pushed: hello.pushedSeq, local });
    }
    if (joining) db.transaction(() => this.facts.join(identity)).immediate();

    // What another desk took over while this one was away is withdrawn before anything else, and
    // only then is the contact recorded that lets the send gate open.
    let withdrawn = 0;
    const desk = this.options.desk;
    if (desk) {
      const seen = db.prepare('SELECT 1 AS yes FROM site_withdrawn WHERE operation_id = ?');
      const note = db.prepare('INSERT OR IGNORE INTO site_withdrawn (operation_id, adopted_by, outcome, at) VALUES (?, ?, ?, ?)');
      for (const a of hello.adoptedFromMe) {
        if (seen.get(a.operationId)) continue;
        const r = await desk.withdrawAdopted(a.operationId, a.by);
        if (r === 'withdrawn') withdrawn++;
        if (r === 'settled')
          this.log.warn('site: another desk adopted an operation this desk had already settled or was sending', {
            operationId: a.operationId,
            by: a.by,
          });
        note.run(a.operationId, a.by, r, new Date(this.now()).toISOString());
      }
    }
    db.transaction(() => {
      this.state.setContactAt(askedAt);
      // The site is the judge of what it has: from a restored site database, our facts are pushed again.
      if (hello.pushedSeq < this.state.pushedSeq())
        db.prepare(`UPDATE site_state SET value = ? WHERE key = 'pushed_seq'`).run(String(hello.pushedSeq));
    }).immediate();
    desk?.wake();

    let adoptedQueued = 0;
    const mine = new Set(
      (db.prepare('SELECT operation_id FROM site_adoptions').all() as { operation_id: string }[]).map((r) => r.operation_id),
    );
    const missing = hello.adoptedByMe.filter((a) => !mine.has(a.operationId));
    if (missing.length && desk) {
      const accepted = await this.remote.acceptedOf(missing.map((m) => m.operationId));
      const byId = new Map(missing.map((m) => [m.operationId, m.from]));
      adoptedQueued = (await this.queueAdopted('', accepted, 'site', byId)).length;
    }
    this.lastHelloAt = askedAt;
    return { withdrawn, adoptedQueued, head: hello.head };
  }

  private async queueAdopted(
    from: string,
    items: readonly AdoptedOperation[],
    operator: string,
    fromOf?: Map<string, string>,
  ): Promise<AdoptReport['taken']> {
    const desk = this.options.desk;
    if (!desk) return [];
    const { db } = this.options;
    const done = db.prepare('SELECT local_operation_id AS id FROM site_adoptions WHERE operation_id = ?');
    const record = db.prepare('INSERT INTO site_adoptions (operation_id, from_station, local_operation_id, at) VALUES (?, ?, ?, ?)');
    const out: AdoptReport['taken'] = [];
    for (const item of items) {
      const already = done.get(item.operationId) as { id: string } | undefined;
      if (already) {
        out.push({ operationId: item.operationId, kind: item.kind, localId: already.id });
        continue;
      }
      if (item.accepted.type !== 'operation.accepted') continue;
      const source = fromOf?.get(item.operationId) ?? from;
      const request = operationRequestSchema.parse({ kind: item.accepted.operation.kind, input: item.accepted.operation.input });
      const op = await desk.queueAdopted(request, operator, (accepted) => {
        record.run(item.operationId, source, accepted.id, new Date(this.now()).toISOString());
        FactLog.append(db, {
          type: 'operation.adopted',
          operationId: item.operationId,
          fromStation: source,
          asOperationId: accepted.id,
          operator,
        });
      });
      out.push({ operationId: item.operationId, kind: item.kind, localId: op.id });
    }
    return out;
  }

  private warnNewer(f: SiteFact): void {
    const key = `${f.stationId}:${String((f.fact as { v?: unknown }).v)}`;
    if (this.warnedNewer.has(key)) return;
    this.warnedNewer.add(key);
    const error = stationError('site.fact-newer', { station: f.stationId, version: String((f.fact as { v?: unknown }).v) });
    this.log.warn(error.message, { code: error.code, type: String((f.fact as { type?: unknown }).type) });
  }

  private failed(err: unknown): void {
    this.failures++;
    this.schemaChecked = false;
    const error: StationError = err instanceof StationFailure ? err.error : toStationError(err);
    if (error.code === 'site.unreachable' || error.code === 'site.failed') {
      this.setStatus({ state: 'offline', offlineSince: this.current.offlineSince ?? new Date(this.now()).toISOString(), error });
    } else {
      this.setStatus({ state: 'refused', error, offlineSince: undefined });
    }
    this.log.warn('site: sync failed', { code: error.code, message: error.message, failures: this.failures });
  }

  private setStatus(patch: Partial<SiteStatus>): void {
    const next: SiteStatus = { ...this.current, ...patch, unpushed: patch.unpushed ?? this.facts.unpushedCount() };
    for (const key of Object.keys(next) as (keyof SiteStatus)[]) if (next[key] === undefined) delete next[key];
    const changed = JSON.stringify(next) !== JSON.stringify(this.current);
    this.current = next;
    if (changed) this.options.onStatus?.(next);
  }
}
