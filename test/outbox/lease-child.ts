/**
 * Child process of the lease test: a second program on the station database (as a CLI run
 * would be) that accepts a QR issue and a QR cancel and starts sending them to the sandbox cloud,
 * whose `timeout` fault keeps both calls open. It prints `sending` once it holds both; the test
 * then kills or freezes it mid-call.
 */
import { Outbox } from '../../electron/services/outbox';
import { req } from './helpers';
import { QR_ROOMS, rigConfig, rigExecutor, rigFixture } from './sandbox-rig';

const database = process.env.LEASE_DB;
const sandbox = process.env.LEASE_SANDBOX;
const cardNo = process.env.LEASE_CARD;
if (!database || !sandbox || !cardNo) throw new Error('LEASE_DB, LEASE_SANDBOX and LEASE_CARD are required');

async function main(): Promise<void> {
  const outbox = new Outbox({
    database: database!,
    executor: rigExecutor(rigConfig(sandbox!, rigFixture())),
    leaseMs: Number(process.env.LEASE_MS ?? 30_000),
  });
  const issue = await outbox.submit(
    req({ kind: 'uclbrt.qr.issue', input: { ...QR_ROOMS[7], mobile: '13655550001', end: '2030-06-01T12:00' } }),
    'cli',
  );
  const cancel = await outbox.submit(req({ kind: 'uclbrt.qr.cancel', input: { cardNo: cardNo! } }), 'cli');
  while ([issue.id, cancel.id].some((id) => outbox.store.find(id)?.state !== 'sending')) await new Promise((r) => setTimeout(r, 10));
  process.stdout.write(`sending ${JSON.stringify({ issue: issue.id, cancel: cancel.id })}\n`);
  setInterval(() => {}, 1000); // stays up until the test kills it
}

void main();
