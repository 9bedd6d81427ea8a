/**
 * The site database as a desk uses it, through node-postgres: a small pool (two connections),
 * short timeouts, TLS per `sslmode`, the role's password read from the secret store at each
 * connect. Every call is one statement (the site schema's functions do the locking), and every
 * failure becomes a catalogue error (`site.*`) a person can act on.
 */
import { readFileSync } from 'node:fs';
import { Pool, type PoolConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { IDEMPOTENT_KINDS } from '../../../../shared/domain/operations';
import { factSchema, type Fact, type SiteFact } from '../../../../shared/site/facts';
import { parseSiteUrl, type SiteAddress } from '../../../../shared/site/site-url';
import type { SiteConfig } from '../../../../shared/config';
import { StationFailure } from '../../failure';
import { STATION_VERSION } from '../../version';
import type { LoggedFact } from '../fact-log';
import { SITE_SCHEMA_VERSION } from './schema';

export interface RemoteOptions {
  config: SiteConfig;
  /** The site role's password (secret store or STATION_SITE_PASSWORD). */
  password: () => Promise<string | undefined>;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Connections kept (default 2: one syncing, one for an adopt or a status while it runs). */
  maxConnections?: number;
}

export interface Hello {
  head: number;
  /** How far the site log has this desk's facts (0: none). */
  pushedSeq: number;
  adoptedFromMe: { operationId: string; by: string; at: string }[];
  adoptedByMe: { operationId: string; from: string; at: string }[];
}

export interface StationSeen {
  stationId: string;
  lastSeen: string;
  pushedSeq: number;
  appVersion?: string;
}

export interface AdoptedOperation {
  operationId: string;
  kind: string;
  accepted: Fact;
}

function sslOf(address: SiteAddress): ConnectionOptions | false {
  const ca = address.sslrootcert ? readFileSync(address.sslrootcert, 'utf8') : undefined;
  switch (address.sslmode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, ...(ca ? { ca } : {}), checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  }
}

export function siteAddress(config: SiteConfig): SiteAddress {
  const parsed = parseSiteUrl(config.postgresUrl);
  if ('problem' in parsed) throw StationFailure.of('station.config-invalid', { detail: `site.postgresUrl: ${parsed.problem}` });
  return parsed;
}

const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT',
]);

/** A pg or network error as the catalogue says it. */
export function siteFailure(err: unknown, address: SiteAddress, siteId: string): StationFailure {
  if (err instanceof StationFailure) return err;
  const e = err as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const detail = String(e?.message ?? err);
  if (code === '28P01' || code === '28000') return StationFailure.of('site.auth-failed', { role: address.user });
  if (code === '42501' && /not a Card Station site role|permission denied/.test(detail))
    return StationFailure.of('site.not-a-site-role', { role: address.user });
  if (code === '3F000' || code === '42P01' || code === '42883')
    return StationFailure.of('site.schema-missing', { address: address.display });
  if (
    UNREACHABLE_ERRNO.has(code) ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    /timeout|terminated|Connection ended|not queryable/i.test(detail)
  ) {
    return StationFailure.of('site.unreachable', { address: address.display, detail });
  }
  void siteId;
  return StationFailure.of('site.failed', { detail });
}

export class SiteRemote {
  readonly address: SiteAddress;
  private readonly pool: Pool;
  private closed = false;

  constructor(private readonly options: RemoteOptions) {
    this.address = siteAddress(options.config);
    const config: PoolConfig = {
      host: this.address.host,
      port: this.address.port,
      user: this.address.user,
      database: this.address.database,
      password: async () => {
        const password = await options.password();
        if (!password) throw StationFailure.of('site.password-missing', { env: 'STATION_SITE_PASSWORD' });
        return password;
      },
      ssl: sslOf(this.address),
      max: options.maxConnections ?? 2,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      query_timeout: (options.statementTimeoutMs ?? 15_000) + 5000,
      keepAlive: true,
      application_name: `card-station ${options.config.stationId}`.slice(0, 63),
    };
    this.pool = new Pool(config);
    // A connection that breaks while idle (server restarted) is dropped; the next call reconnects.
    this.pool.on('error', () => {});
  }

  private async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.closed)
      throw StationFailure.of('site.unreachable', { address: this.address.display, detail: 'the site connection is closed' });
    try {
      return (await this.pool.query(sql, params)).rows as T[];
    } catch (err) {
      throw siteFailure(err, this.address, this.options.config.siteId);
    }
  }

  /**
   * Checks the schema version and that the role serves this site. A newer schema is refused
   * (this desk might misread it); an older one needs `site init`.
   */
  async checkSchema(): Promise<void> {
    const rows = await this.query<{ version: number | null; app_version: string | null; site: string | null; has: boolean }>(
      `SELECT (SELECT version FROM card_station.schema_version) AS version,
              (SELECT app_version FROM card_station.schema_version) AS app_version,
              card_station.current_site() AS site, true AS has`,
    );
    const row = rows[0];
    const found = Number(row?.version ?? 0);
    if (!found) throw StationFailure.of('site.schema-missing', { address: this.address.display });
    if (found > SITE_SCHEMA_VERSION)
      throw StationFailure.of('site.schema-newer', { found, version: row.app_version ?? 'unknown', supported: SITE_SCHEMA_VERSION });
    if (found < SITE_SCHEMA_VERSION) throw StationFailure.of('site.schema-older', { found, supported: SITE_SCHEMA_VERSION });
    if (!row.site) throw StationFailure.of('site.not-a-site-role', { role: this.address.user });
    if (row.site !== this.options.config.siteId)
      throw StationFailure.of('site.site-mismatch', { role: this.address.user, actual: row.site, siteId: this.options.config.siteId });
  }

  async hello(): Promise<Hello> {
    const [row] = await this.query<{
      head: string;
      pushed_seq: string | null;
      adopted_from_me: Hello['adoptedFromMe'];
      adopted_by_me: Hello['adoptedByMe'];
    }>('SELECT * FROM card_station.hello($1, $2)', [this.options.config.stationId, STATION_VERSION]);
    return {
      head: Number(row.head),
      pushedSeq: Number(row.pushed_seq ?? 0),
      adoptedFromMe: row.adopted_from_me,
      adoptedByMe: row.adopted_by_me,
    };
  }

  /** Appends facts (idempotent by station_seq); returns how many were new and the site's head. */
  async push(facts: readonly LoggedFact[]): Promise<{ inserted: number; head: number }> {
    const [row] = await this.query<{ inserted: number; head: string }>(
      'SELECT * FROM card_station.push_facts($1, $2::bigint[], $3::text[], $4::smallint[], $5::timestamptz[], $6::jsonb[], $7)',
      [
        this.options.config.stationId,
        facts.map((f) => f.stationSeq),
        facts.map((f) => f.fact.type),
        facts.map((f) => f.fact.v),
        facts.map((f) => f.fact.at),
        facts.map((f) => JSON.stringify(f.fact)),
        STATION_VERSION,
      ],
    );
    return { inserted: Number(row.inserted), head: Number(row.head) };
  }

  /** Facts of every desk after `afterPos`, in the site's order. */
  async pull(afterPos: number, limit: number): Promise<SiteFact[]> {
    const rows = await this.query<{ station_id: string; station_seq: string; pos: string; body: unknown }>(
      'SELECT station_id, station_seq, pos, body FROM card_station.site_facts WHERE site_id = card_station.current_site() AND pos > $1 ORDER BY pos LIMIT $2',
      [afterPos, limit],
    );
    return rows.map((r) => ({ stationId: r.station_id, stationSeq: Number(r.station_seq), pos: Number(r.pos), fact: r.body as Fact }));
  }

  /** The site's last position. */
  async head(): Promise<number> {
    const [row] = await this.query<{ last_pos: string }>(
      'SELECT last_pos FROM card_station.site_heads WHERE site_id = card_station.current_site()',
    );
    return Number(row?.last_pos ?? 0);
  }

  async stations(): Promise<StationSeen[]> {
    const rows = await this.query<{ station_id: string; last_seen: Date; pushed_seq: string; app_version: string | null }>(
      'SELECT station_id, last_seen, pushed_seq, app_version FROM card_station.site_stations ORDER BY station_id',
    );
    return rows.map((r) => ({
      stationId: r.station_id,
      lastSeen: r.last_seen.toISOString(),
      pushedSeq: Number(r.pushed_seq),
      ...(r.app_version ? { appVersion: r.app_version } : {}),
    }));
  }

  /**
   * Takes over the waiting operations of `from` (silent for at least `silentForMs`) for this
   * desk, exactly once: a racing adopter gets none of the same operations.
   */
  async adopt(from: string, silentForMs: number): Promise<AdoptedOperation[]> {
    try {
      const rows = await this.pool.query('SELECT * FROM card_station.adopt($1, $2, make_interval(secs => $3), $4::text[])', [
        from,
        this.options.config.stationId,
        silentForMs / 1000,
        [...IDEMPOTENT_KINDS],
      ]);
      return rows.rows.map((r: { operation_id: string; kind: string; accepted: unknown }) => ({
        operationId: r.operation_id,
        kind: r.kind,
        accepted: factSchema.parse(r.accepted),
      }));
    } catch (err) {
      const e = err as { code?: string; detail?: string };
      if (e.code === 'P0002') throw StationFailure.of('site.adopt-unknown-station', { station: from, siteId: this.options.config.siteId });
      if (e.code === '55006')
        throw StationFailure.of('site.adopt-alive', {
          station: from,
          lastSeen: String(e.detail ?? ''),
          minutes: Math.round(silentForMs / 60_000),
        });
      if (e.code === '22023') throw StationFailure.of('site.adopt-self');
      throw siteFailure(err, this.address, this.options.config.siteId);
    }
  }

  /** The accepted facts of operations adopted by this desk (to queue them again after a crash). */
  async acceptedOf(operationIds: readonly string[]): Promise<AdoptedOperation[]> {
    if (!operationIds.length) return [];
    const rows = await this.query<{ operation_id: string; kind: string; body: unknown }>(
      `SELECT o.operation_id, o.kind, f.body FROM card_station.site_operations o
       JOIN card_station.site_facts f ON f.site_id = o.site_id AND f.pos = o.accepted_pos
       WHERE o.site_id = card_station.current_site() AND o.operation_id = ANY ($1::text[]) AND o.adopted_by = $2`,
      [operationIds, this.options.config.stationId],
    );
    return rows.map((r) => ({ operationId: r.operation_id, kind: r.kind, accepted: factSchema.parse(r.body) }));
  }

  /** Waiting operations of a desk that an adopt would leave (they may have reached the cloud). */
  async leftBehind(from: string): Promise<{ operationId: string; kind: string; state: string }[]> {
    const rows = await this.query<{ operation_id: string; kind: string; state: string }>(
      `SELECT operation_id, kind, state FROM card_station.site_operations
       WHERE site_id = card_station.current_site() AND station_id = $1 AND adopted_by IS NULL
         AND state IN ('sending', 'failed', 'uncertain') ORDER BY accepted_pos`,
      [from],
    );
    return rows.map((r) => ({ operationId: r.operation_id, kind: r.kind, state: r.state }));
  }

  /** Waiting operations of a desk an adopt would take. */
  async waitingOf(from: string): Promise<{ operationId: string; kind: string; state: string }[]> {
    const rows = await this.query<{ operation_id: string; kind: string; state: string }>(
      `SELECT operation_id, kind, state FROM card_station.site_operations
       WHERE site_id = card_station.current_site() AND station_id = $1 AND adopted_by IS NULL
         AND (state = 'queued' OR (state = 'sending' AND kind = ANY ($2::text[]))) ORDER BY accepted_pos`,
      [from, [...IDEMPOTENT_KINDS]],
    );
    return rows.map((r) => ({ operationId: r.operation_id, kind: r.kind, state: r.state }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => {});
  }
}
