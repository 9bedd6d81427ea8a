/**
 * Child process of the crash tests: opens the station database, sends what is queued (to the
 * sandbox cloud through the real clients, or to the fake cloud), and exits when nothing is left
 * to send. The tests kill it with SIGKILL at random points.
 */
import { Outbox } from '../../electron/services/outbox';
import type { CloudExecutor } from '../../electron/services/cloud/executor';
import { httpExecutor } from './fake-cloud';
import { rigConfig, rigExecutor, rigFixture } from './sandbox-rig';

const database = process.env.CRASH_DB;
const fakeCloud = process.env.CRASH_CLOUD;
const sandbox = process.env.CRASH_SANDBOX;
if (!database || !(fakeCloud || sandbox)) throw new Error('CRASH_DB and CRASH_CLOUD or CRASH_SANDBOX are required');

const executor: CloudExecutor = sandbox ? rigExecutor(rigConfig(sandbox, rigFixture())) : httpExecutor(fakeCloud!);
const outbox = new Outbox({ database, executor, concurrency: 4, backoff: { baseMs: 50, capMs: 500, rateLimitMs: 500 } });
process.stdout.write('ready\n');
outbox
  .drain()
  .then(() => outbox.close())
  .then(() => {
    process.stdout.write('drained\n');
    process.exit(0);
  });
