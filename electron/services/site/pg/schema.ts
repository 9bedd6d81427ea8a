/**
 * The site database's schema history (PostgreSQL), versioned like the station's own
 * (store/migrations.ts): each step runs once, in order, in one transaction with the version bump,
 * under an advisory lock so two `site init` runs cannot interleave. Never edit a released step.
 *
 * Everything lives in the `card_station` schema. Every row carries `site_id`; a site's stations
 * log in as that site's own role (mapped in `site_roles`), and row-level security shows and
 * accepts only that site's rows (the owner who runs `site init` is not held to it: it sets sites up). Site roles get SELECT/INSERT (and UPDATE where state is kept),
 * never DELETE: the fact log is append-only.
 */
import type { ClientBase } from 'pg';

export interface SiteMigration {
  version: number;
  description: string;
  sql: string;
}

/** The group role every site role belongs to: it holds the grants. */
export const SITE_GROUP_ROLE = 'card_station_site';

const siteOnly = (table: string) => `
  ALTER TABLE card_station.${table} ENABLE ROW LEVEL SECURITY;
  CREATE POLICY ${table}_site_only ON card_station.${table}
    USING (site_id = (SELECT card_station.current_site()))
    WITH CHECK (site_id = (SELECT card_station.current_site()));`;

export const SITE_MIGRATIONS: readonly SiteMigration[] = [
  {
    version: 1,
    description: 'site roles, fact log with a per-site order, stations, operations (for adopt), row-level security',
    sql: `
      CREATE TABLE card_station.site_roles (
        role_name name PRIMARY KEY,
        site_id text NOT NULL UNIQUE CHECK (site_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$')
      );
      ALTER TABLE card_station.site_roles ENABLE ROW LEVEL SECURITY;
      CREATE POLICY site_roles_own ON card_station.site_roles USING (role_name = current_user);

      -- The site of the role that is logged in (NULL for any other role).
      CREATE FUNCTION card_station.current_site() RETURNS text LANGUAGE sql STABLE
        SET search_path = pg_catalog
        AS $fn$ SELECT site_id FROM card_station.site_roles WHERE role_name = current_user $fn$;

      -- The site's last fact position. Pushers take this row's lock, so positions are handed out
      -- in commit order: a reader who sees position p has every position below p committed
      -- (or rolled back, leaving no row), and a cursor "past p" never skips a late commit.
      CREATE TABLE card_station.site_heads (
        site_id text PRIMARY KEY DEFAULT card_station.current_site(),
        last_pos bigint NOT NULL DEFAULT 0
      );

      CREATE TABLE card_station.site_facts (
        site_id text NOT NULL DEFAULT card_station.current_site(),
        station_id text NOT NULL,
        station_seq bigint NOT NULL CHECK (station_seq > 0),
        pos bigint NOT NULL,
        type text NOT NULL,
        version smallint NOT NULL,
        at timestamptz NOT NULL,
        body jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, station_id, station_seq),
        UNIQUE (site_id, pos)
      );

      CREATE TABLE card_station.site_stations (
        site_id text NOT NULL DEFAULT card_station.current_site(),
        station_id text NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        pushed_seq bigint NOT NULL DEFAULT 0,
        app_version text,
        PRIMARY KEY (site_id, station_id)
      );

      -- Each station's operations as its facts say (accepted, then state), and who adopted them.
      CREATE TABLE card_station.site_operations (
        site_id text NOT NULL DEFAULT card_station.current_site(),
        operation_id text NOT NULL,
        station_id text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        accepted_pos bigint NOT NULL,
        state_pos bigint NOT NULL,
        adopted_by text,
        adopted_at timestamptz,
        PRIMARY KEY (site_id, operation_id)
      );
      CREATE INDEX site_operations_waiting ON card_station.site_operations (site_id, station_id, accepted_pos) WHERE adopted_by IS NULL;
      CREATE INDEX site_operations_adopted_by ON card_station.site_operations (site_id, adopted_by) WHERE adopted_by IS NOT NULL;

      ${siteOnly('site_heads')}
      ${siteOnly('site_facts')}
      ${siteOnly('site_stations')}
      ${siteOnly('site_operations')}

      -- Push: append a station's facts (idempotent by station_seq), in one call and one lock.
      CREATE FUNCTION card_station.push_facts(
        p_station text, p_seqs bigint[], p_types text[], p_versions smallint[], p_ats timestamptz[], p_bodies jsonb[], p_app text
      ) RETURNS TABLE (inserted integer, head bigint) LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
      DECLARE
        v_site text := card_station.current_site();
        v_head bigint;
        v_count integer;
      BEGIN
        IF v_site IS NULL THEN
          RAISE EXCEPTION 'role % is not a Card Station site role', current_user USING ERRCODE = '42501';
        END IF;
        SELECT h.last_pos INTO v_head FROM card_station.site_heads h WHERE h.site_id = v_site FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'site % is not set up', v_site USING ERRCODE = '42501';
        END IF;
        -- A fresh statement after the lock: it sees every fact the previous holder committed.
        WITH incoming AS (
          SELECT * FROM unnest(p_seqs, p_types, p_versions, p_ats, p_bodies) AS t(seq, type, version, at, body)
        ), fresh AS (
          SELECT i.*, row_number() OVER (ORDER BY i.seq) AS n FROM incoming i
          WHERE NOT EXISTS (
            SELECT 1 FROM card_station.site_facts f
            WHERE f.site_id = v_site AND f.station_id = p_station AND f.station_seq = i.seq)
        ), ins AS (
          INSERT INTO card_station.site_facts (site_id, station_id, station_seq, pos, type, version, at, body)
          SELECT v_site, p_station, seq, v_head + n, type, version, at, body FROM fresh
          RETURNING 1
        )
        SELECT count(*) INTO v_count FROM ins;

        INSERT INTO card_station.site_operations (site_id, operation_id, station_id, kind, state, accepted_pos, state_pos)
          SELECT v_site, f.body #>> '{operation,id}', p_station, f.body #>> '{operation,kind}', 'queued', f.pos, f.pos
          FROM card_station.site_facts f
          WHERE f.site_id = v_site AND f.pos > v_head AND f.type = 'operation.accepted'
          ON CONFLICT DO NOTHING;
        UPDATE card_station.site_operations o SET state = s.state, state_pos = s.pos
          FROM (
            SELECT DISTINCT ON (f.body ->> 'operationId') f.body ->> 'operationId' AS id, f.body ->> 'state' AS state, f.pos
            FROM card_station.site_facts f
            WHERE f.site_id = v_site AND f.pos > v_head AND f.type = 'operation.state'
            ORDER BY f.body ->> 'operationId', f.pos DESC
          ) s
          WHERE o.site_id = v_site AND o.operation_id = s.id AND o.station_id = p_station AND o.state_pos < s.pos;

        UPDATE card_station.site_heads SET last_pos = v_head + v_count WHERE site_id = v_site;
        INSERT INTO card_station.site_stations (site_id, station_id, last_seen, pushed_seq, app_version)
          VALUES (v_site, p_station, now(), COALESCE((SELECT max(s) FROM unnest(p_seqs) s), 0), p_app)
          ON CONFLICT (site_id, station_id) DO UPDATE
          SET last_seen = now(), pushed_seq = GREATEST(card_station.site_stations.pushed_seq, EXCLUDED.pushed_seq), app_version = EXCLUDED.app_version;
        RETURN QUERY SELECT v_count, v_head + v_count;
      END $fn$;

      -- Hello: the station is alive (this waits for an adoption of its operations in progress),
      -- and what it must know, read after that wait: the site's head, how far the site has its
      -- facts, and the adoptions that concern it (from it, and by it).
      CREATE FUNCTION card_station.hello(p_station text, p_app text)
      RETURNS TABLE (head bigint, pushed_seq bigint, adopted_from_me jsonb, adopted_by_me jsonb)
      LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
      DECLARE
        v_site text := card_station.current_site();
      BEGIN
        IF v_site IS NULL THEN
          RAISE EXCEPTION 'role % is not a Card Station site role', current_user USING ERRCODE = '42501';
        END IF;
        INSERT INTO card_station.site_stations (site_id, station_id, last_seen, app_version)
          VALUES (v_site, p_station, now(), p_app)
          ON CONFLICT (site_id, station_id) DO UPDATE SET last_seen = now(), app_version = EXCLUDED.app_version;
        RETURN QUERY SELECT
          COALESCE((SELECT h.last_pos FROM card_station.site_heads h WHERE h.site_id = v_site), 0::bigint),
          (SELECT s.pushed_seq FROM card_station.site_stations s WHERE s.site_id = v_site AND s.station_id = p_station),
          COALESCE((SELECT jsonb_agg(jsonb_build_object('operationId', o.operation_id, 'by', o.adopted_by, 'at', o.adopted_at) ORDER BY o.accepted_pos)
            FROM card_station.site_operations o WHERE o.site_id = v_site AND o.station_id = p_station AND o.adopted_by IS NOT NULL), '[]'::jsonb),
          COALESCE((SELECT jsonb_agg(jsonb_build_object('operationId', o.operation_id, 'from', o.station_id, 'at', o.adopted_at) ORDER BY o.accepted_pos)
            FROM card_station.site_operations o WHERE o.site_id = v_site AND o.adopted_by = p_station), '[]'::jsonb);
      END $fn$;

      -- Adopt: hands the waiting operations of a silent station to another, exactly once. The
      -- station row's lock orders it against that station's hello; SKIP LOCKED leaves rows a
      -- racing adopter holds to that adopter.
      CREATE FUNCTION card_station.adopt(p_from text, p_by text, p_silent_for interval, p_idempotent_kinds text[])
      RETURNS TABLE (operation_id text, kind text, accepted jsonb) LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
      DECLARE
        v_site text := card_station.current_site();
        v_seen timestamptz;
      BEGIN
        IF v_site IS NULL THEN
          RAISE EXCEPTION 'role % is not a Card Station site role', current_user USING ERRCODE = '42501';
        END IF;
        IF p_from = p_by THEN
          RAISE EXCEPTION 'a station cannot adopt its own operations' USING ERRCODE = '22023';
        END IF;
        SELECT s.last_seen INTO v_seen FROM card_station.site_stations s WHERE s.site_id = v_site AND s.station_id = p_from FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no station % in this site', p_from USING ERRCODE = 'P0002';
        END IF;
        IF v_seen > now() - p_silent_for THEN
          RAISE EXCEPTION 'station % was heard from at %', p_from, v_seen USING ERRCODE = '55006', DETAIL = v_seen::text;
        END IF;
        RETURN QUERY
          WITH picked AS (
            SELECT o.operation_id FROM card_station.site_operations o
            WHERE o.site_id = v_site AND o.station_id = p_from AND o.adopted_by IS NULL
              AND (o.state = 'queued' OR (o.state = 'sending' AND o.kind = ANY (p_idempotent_kinds)))
            ORDER BY o.accepted_pos
            FOR UPDATE SKIP LOCKED
          ), taken AS (
            UPDATE card_station.site_operations o SET adopted_by = p_by, adopted_at = now()
            FROM picked WHERE o.site_id = v_site AND o.operation_id = picked.operation_id
            RETURNING o.operation_id, o.kind, o.accepted_pos
          )
          SELECT t.operation_id, t.kind, f.body FROM taken t
          JOIN card_station.site_facts f ON f.site_id = v_site AND f.pos = t.accepted_pos
          ORDER BY t.accepted_pos;
      END $fn$;
    `,
  },
];

export const SITE_SCHEMA_VERSION = SITE_MIGRATIONS[SITE_MIGRATIONS.length - 1].version;

/** Grants for the group role: rebuilt after every migration so new tables are covered. */
const GRANTS = `
  GRANT USAGE ON SCHEMA card_station TO ${SITE_GROUP_ROLE};
  GRANT SELECT ON card_station.schema_version, card_station.site_roles TO ${SITE_GROUP_ROLE};
  GRANT SELECT, UPDATE ON card_station.site_heads TO ${SITE_GROUP_ROLE};
  GRANT SELECT, INSERT ON card_station.site_facts TO ${SITE_GROUP_ROLE};
  GRANT SELECT, INSERT, UPDATE ON card_station.site_stations, card_station.site_operations TO ${SITE_GROUP_ROLE};
  GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA card_station TO ${SITE_GROUP_ROLE};
`;

const LOCK_KEY = 7_400_112_233; // pg_advisory_xact_lock: one `site init` at a time

/** The site schema's version in this database: 0 when `site init` never ran. */
export async function siteSchemaVersion(client: ClientBase): Promise<{ version: number; appVersion?: string }> {
  const exists = await client.query(`SELECT to_regclass('card_station.schema_version') IS NOT NULL AS yes`);
  if (!exists.rows[0].yes) return { version: 0 };
  const row = await client.query(`SELECT version, app_version FROM card_station.schema_version`);
  return row.rows.length ? { version: Number(row.rows[0].version), appVersion: String(row.rows[0].app_version) } : { version: 0 };
}

/**
 * Creates or upgrades the site schema (as the database owner or a superuser). Refuses a newer
 * schema untouched. Returns the versions before and after.
 */
export async function migrateSiteSchema(
  client: ClientBase,
  appVersion: string,
  migrations: readonly SiteMigration[] = SITE_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS card_station;
      CREATE TABLE IF NOT EXISTS card_station.schema_version (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version integer NOT NULL,
        app_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      DO $do$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SITE_GROUP_ROLE}') THEN CREATE ROLE ${SITE_GROUP_ROLE} NOLOGIN; END IF;
      END $do$;`);
    const { version: from } = await siteSchemaVersion(client);
    const supported = migrations.length ? migrations[migrations.length - 1].version : 0;
    if (from > supported) {
      await client.query('ROLLBACK');
      return { from, to: from };
    }
    for (const step of migrations) {
      if (step.version <= from) continue;
      await client.query(step.sql);
    }
    await client.query(GRANTS);
    await client.query(
      `INSERT INTO card_station.schema_version (version, app_version) VALUES ($1, $2)
       ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version, app_version = EXCLUDED.app_version, updated_at = now()`,
      [Math.max(from, supported), appVersion],
    );
    await client.query('COMMIT');
    return { from, to: Math.max(from, supported) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
