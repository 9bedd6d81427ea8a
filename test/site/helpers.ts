/** Shared pieces of the site tests: a cluster per file, sites set up as IT would, desk configs. */
import { afterAll, beforeAll } from 'vitest';
import type { SiteConfig } from '../../shared/config';
import { initSite } from '../../electron/services/site/pg/init';
import { SiteRemote } from '../../electron/services/site/pg/remote';
import { needs, POSTGRESQL } from '../system-requirements';
import { startPgCluster, type PgCluster, type PgClusterOptions } from './pg-cluster';

export const SITE_PASSWORD = 'S1te-Passw0rd!';

/** `false` when PostgreSQL is there; else the reason (the file's tests skip with it, and a line names the package). */
export const withoutPostgres = (what: string) => needs(what, POSTGRESQL);

/** One throwaway cluster for the calling test file (started in beforeAll, removed in afterAll). */
export function useCluster(options: PgClusterOptions = {}): { get(): PgCluster } {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    cluster = await startPgCluster(options);
  }, 120_000);
  afterAll(async () => {
    await cluster?.destroy();
  });
  return {
    get() {
      if (!cluster) throw new Error('the cluster did not start');
      return cluster;
    },
  };
}

/** Sets a site up as the hotel's IT would (`site init`): schema, role with password, mapping. */
export async function setUpSite(cluster: PgCluster, siteId: string, role = roleOf(siteId)): Promise<void> {
  await initSite({ adminUrl: cluster.adminUrl(), siteId, role, password: SITE_PASSWORD, appVersion: 'test' });
}

export const roleOf = (siteId: string) => `site_${siteId.replace(/[^A-Za-z0-9]/g, '_')}`;

export function deskConfig(cluster: PgCluster, siteId: string, stationId: string, role = roleOf(siteId)): SiteConfig {
  return { postgresUrl: cluster.url(role), siteId, stationId };
}

export function remoteFor(cluster: PgCluster, siteId: string, stationId: string, password = SITE_PASSWORD): SiteRemote {
  return new SiteRemote({ config: deskConfig(cluster, siteId, stationId), password: async () => password });
}
