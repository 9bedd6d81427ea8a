/**
 * Child process of the crash test: opens the station database, sends what is queued to the fake
 * cloud, and exits when nothing is left to send. The test kills it with SIGKILL at random points.
 */
import { Outbox } from '../../electron/services/outbox';
import { httpExecutor } from './fake-cloud';

const database = process.env.CRASH_DB;
const cloud = process.env.CRASH_CLOUD;
if (!database || !cloud) throw new Error('CRASH_DB and CRASH_CLOUD are required');

const outbox = new Outbox({ database, executor: httpExecutor(cloud), concurrency: 4, backoff: { baseMs: 50, capMs: 500, rateLimitMs: 500 } });
process.stdout.write('ready\n');
outbox
  .drain()
  .then(() => outbox.close())
  .then(() => {
    process.stdout.write('drained\n');
    process.exit(0);
  });
