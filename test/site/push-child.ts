/**
 * Child process of the push crash test: opens a desk's station.db and pushes its backlog to the
 * site in small batches, then exits. The test kills it with SIGKILL at random points.
 */
import { SiteSync } from '../../electron/services/site/sync';
import { openStationDatabase } from '../../electron/services/store/database';

const database = process.env.PUSH_DB;
const url = process.env.PUSH_URL;
if (!database || !url) throw new Error('PUSH_DB and PUSH_URL are required');
const db = openStationDatabase(database);
const sync = new SiteSync({
  db,
  config: { postgresUrl: url, siteId: process.env.PUSH_SITE ?? '', stationId: process.env.PUSH_STATION ?? '' },
  password: async () => process.env.PUSH_PASSWORD,
  batchSize: 37,
});
process.stdout.write('ready\n');
sync
  .syncNow()
  .then(() => sync.close())
  .then(() => {
    db.close();
    process.stdout.write('pushed\n');
    process.exit(0);
  });
