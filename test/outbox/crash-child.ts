/**
 * Child process of the crash test: opens the station database, sends what is queued to the
 * sandbox cloud through the real clients, and exits when nothing is left to send. The test kills
 * it with SIGKILL at random points.
 */
import { Outbox } from '../../electron/services/outbox';
import { rigConfig, rigExecutor, rigFixture } from './sandbox-rig';

const database = process.env.CRASH_DB;
const sandbox = process.env.CRASH_SANDBOX;
if (!database || !sandbox) throw new Error('CRASH_DB and CRASH_SANDBOX are required');

const executor = rigExecutor(rigConfig(sandbox, rigFixture()));
const outbox = new Outbox({ database, executor, concurrency: 4, backoff: { baseMs: 50, capMs: 500, rateLimitMs: 500 } });
process.stdout.write('ready\n');
outbox
  .drain()
  .then(() => outbox.close())
  .then(() => {
    process.stdout.write('drained\n');
    process.exit(0);
  });
