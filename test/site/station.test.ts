/**
 * A station whose configuration has a `site` section: it syncs in the background, its status (and
 * the `station:status` push event) carries the site link, and it holds nothing back when the site
 * never knew its operations.
 */
import { describe, expect, it } from 'vitest';
import type { StationStatus } from '../../shared/domain/status';
import { operationRequestSchema } from '../../shared/domain/operations';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { demoStation } from '../helpers';
import { until } from '../outbox/helpers';
import { deskConfig, setUpSite, SITE_PASSWORD, useCluster, withoutPostgres } from './helpers';

describe.skipIf(withoutPostgres('station with a site (PostgreSQL)'))('a station in a site', () => {
  const cluster = useCluster();

  it('reports the site link in its status and pushes it as an event; offline when the database goes away', async () => {
    const c = cluster.get();
    await setUpSite(c, 'station-site');
    const { station, cleanup } = await demoStation({
      secrets: new MemorySecretStore({ 'site.password': SITE_PASSWORD }),
      config: { encoder: { driver: 'none' }, site: deskConfig(c, 'station-site', 'front-desk-1') },
    });
    try {
      const pushed: StationStatus[] = [];
      station.events.on('station:status', (s) => pushed.push(s));
      await until(() => station.status().site?.state === 'online', 10_000, 'the site online');
      expect(station.status().site).toMatchObject({
        state: 'online',
        siteId: 'station-site',
        stationId: 'front-desk-1',
        behindBy: 0,
        unpushed: 0,
      });
      expect(pushed.some((s) => s.site?.state === 'online')).toBe(true);

      // Operations the site never saw are sent as usual (nothing for another desk to adopt).
      const op = await station.outbox.submit(
        operationRequestSchema.parse({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'QRSITE001' } }),
        'li',
      );
      expect(op.state).toBe('queued');

      await c.kill();
      try {
        await until(() => station.status().site?.state === 'offline', 15_000, 'the site offline');
        const site = station.status().site!;
        expect(site.error?.code).toBe('site.unreachable');
        expect(site.offlineSince).toBeDefined();
        expect(pushed.some((s) => s.site?.state === 'offline')).toBe(true);
      } finally {
        await c.start();
      }
      await until(() => station.status().site?.state === 'online', 40_000, 'the site back online');
    } finally {
      await cleanup();
    }
  }, 90_000);
});
