/**
 * `station site init`: what the hotel's IT runs once per site (and again after an upgrade), as the
 * database owner or a superuser. It creates or upgrades the `card_station` schema, creates the
 * site's own role (or sets its password), and maps the role to the site. The role's password
 * travels only as a SCRAM verifier, so the server never sees, or logs, the password itself.
 */
import { Client } from 'pg';
import { StationFailure } from '../../failure';
import { isPortablePassword, scramSha256Verifier } from './scram';
import { migrateSiteSchema, SITE_GROUP_ROLE, SITE_SCHEMA_VERSION } from './schema';

export interface InitSiteOptions {
  /** The owner's or a superuser's connection (`postgres://admin@host/db`; password from PGPASSWORD). */
  adminUrl: string;
  siteId: string;
  /** The site's role (the user in the stations' `site.postgresUrl`). */
  role: string;
  /** Sets (or changes) the role's password; required when the role does not exist yet. */
  password?: string;
  appVersion: string;
}

export interface InitSiteReport {
  schemaFrom: number;
  schemaTo: number;
  roleCreated: boolean;
  passwordSet: boolean;
  siteCreated: boolean;
}

function initFailure(detail: string): StationFailure {
  return StationFailure.of('site.init-failed', { detail });
}

export async function initSite(options: InitSiteOptions): Promise<InitSiteReport> {
  if (options.password !== undefined && !isPortablePassword(options.password)) throw StationFailure.of('site.password-weak');
  const client = new Client({ connectionString: options.adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw initFailure(`cannot connect as the administrator: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const { from, to } = await migrateSiteSchema(client, options.appVersion);
    if (from > SITE_SCHEMA_VERSION) {
      const [row] = (await client.query('SELECT app_version FROM card_station.schema_version')).rows as { app_version: string }[];
      throw StationFailure.of('site.schema-newer', { found: from, version: row?.app_version ?? 'unknown', supported: SITE_SCHEMA_VERSION });
    }
    await client.query('BEGIN');
    const role = client.escapeIdentifier(options.role);
    const existing = (await client.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [options.role])).rows[0] as
      { rolsuper: boolean; rolbypassrls: boolean } | undefined;
    if (existing && (existing.rolsuper || existing.rolbypassrls)) {
      throw initFailure(
        `role ${options.role} is a superuser or bypasses row-level security; a site role must be an ordinary role (choose another name)`,
      );
    }
    if (!existing && options.password === undefined)
      throw initFailure(`role ${options.role} does not exist yet: give its password (STATION_SITE_PASSWORD) so it can be created`);
    const verifier = options.password !== undefined ? client.escapeLiteral(scramSha256Verifier(options.password)) : undefined;
    if (!existing)
      await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT PASSWORD ${verifier}`);
    else if (verifier) await client.query(`ALTER ROLE ${role} PASSWORD ${verifier}`);
    await client.query(`GRANT ${SITE_GROUP_ROLE} TO ${role}`);
    await client.query(
      `GRANT CONNECT ON DATABASE ${client.escapeIdentifier((await client.query('SELECT current_database() AS db')).rows[0].db as string)} TO ${role}`,
    );
    const mapped = (
      await client.query('SELECT role_name, site_id FROM card_station.site_roles WHERE role_name = $1 OR site_id = $2', [
        options.role,
        options.siteId,
      ])
    ).rows as {
      role_name: string;
      site_id: string;
    }[];
    for (const m of mapped) {
      if (m.role_name === options.role && m.site_id !== options.siteId)
        throw initFailure(`role ${options.role} already serves site ${m.site_id}; each site has its own role`);
      if (m.site_id === options.siteId && m.role_name !== options.role)
        throw initFailure(`site ${options.siteId} is already served by role ${m.role_name}; use that role in site.postgresUrl`);
    }
    await client.query('INSERT INTO card_station.site_roles (role_name, site_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      options.role,
      options.siteId,
    ]);
    const site = await client.query('INSERT INTO card_station.site_heads (site_id, last_pos) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
      options.siteId,
    ]);
    await client.query('COMMIT');
    return {
      schemaFrom: from,
      schemaTo: to,
      roleCreated: !existing,
      passwordSet: verifier !== undefined,
      siteCreated: site.rowCount === 1,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (err instanceof StationFailure) throw err;
    throw initFailure(err instanceof Error ? err.message : String(err));
  } finally {
    await client.end().catch(() => {});
  }
}
