/**
 * The site in Settings: the section is saved to the configuration, the role's password only to the
 * secret store (write-only, "set or not" in the view), it belongs to the server and role it was
 * entered for, and the station starts or stops its site sync without a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { demoStation } from '../helpers';

const site = { postgresUrl: 'postgres://hotel_a@127.0.0.1:1/cardstation', siteId: 'hotel-a', stationId: 'front-desk-1' };

describe('site settings', () => {
  it('saves the section, keeps the password as a secret, and starts the site sync live', async () => {
    const secrets = new MemorySecretStore();
    const { station, dataDir, cleanup } = await demoStation({ secrets, config: { encoder: { driver: 'none' } } });
    try {
      expect(station.site).toBeUndefined();
      const view = await station.settings.update({ site: { ...site, password: 'Passw0rd-1234' } }, 'manager');
      expect(view.site).toEqual({ ...site, hasPassword: true });
      expect(await secrets.get('site.password')).toBe('Passw0rd-1234');
      const file = readFileSync(join(dataDir, 'station.config.json'), 'utf8');
      expect(JSON.parse(file).site).toEqual(site);
      expect(file).not.toContain('Passw0rd-1234');
      expect(station.site?.config).toEqual(site);
      expect(station.status().site).toMatchObject({ siteId: 'hotel-a', stationId: 'front-desk-1' });

      // Another server: the stored password is not sent there unless typed again.
      await expect(
        station.settings.update({ site: { ...site, postgresUrl: 'postgres://hotel_a@10.0.0.9/cardstation?sslmode=require' } }, 'manager'),
      ).rejects.toMatchObject({
        error: { code: 'station.secrets-reenter', field: 'site.password' },
      });
      // Another database name on the same server and role is the same address.
      await station.settings.update({ site: { ...site, postgresUrl: 'postgres://hotel_a@127.0.0.1:1/other' } }, 'manager');
      expect(station.site?.config.postgresUrl).toBe('postgres://hotel_a@127.0.0.1:1/other');

      const removed = await station.settings.update({ site: null }, 'manager');
      expect(removed.site).toBeNull();
      expect(await secrets.get('site.password')).toBeUndefined();
      expect(station.site).toBeUndefined();
      expect(station.status().site).toBeUndefined();
    } finally {
      await cleanup();
    }
  });
});
