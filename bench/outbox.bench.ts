/**
 * Outbox figures: durable enqueue rate, drain rate of 10,000 operations, registry search latency at
 * 100,000 cards, resident memory; enqueue and drain again at a desk that belongs to a site.
 * Run: node --import tsx bench/outbox.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudExecutor } from '../electron/services/cloud/executor';
import { Outbox } from '../electron/services/outbox';
import { CardStore } from '../electron/services/registry/card-store';
import { openStationDatabase } from '../electron/services/store/database';
import { openStationData } from '../electron/services/store/station-data';
import { operationRequestSchema, type OperationRequest } from '../shared/domain/operations';
import { QR_ROOMS, rigConfig, rigExecutor, rigFixture } from '../test/outbox/sandbox-rig';

const dir = mkdtempSync(join(tmpdir(), 'outbox-bench-'));
const mb = () => `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const idle: CloudExecutor = { execute: async () => ({ kind: 'success', result: {} }), probe: async () => true };
const cancel = (i: number): OperationRequest =>
  operationRequestSchema.parse({ kind: 'uclbrt.qr.cancel', input: { cardNo: `BENCH${String(i).padStart(7, '0')}` } });

async function enqueue(): Promise<void> {
  const outbox = new Outbox({ database: join(dir, 'enqueue.db'), executor: idle, autoStart: false });
  const sequential = 2000;
  // Requests arrive validated (the IPC layer parses them); build them outside the timing.
  const requests = Array.from({ length: sequential + 10_000 }, (_, i) => cancel(i));
  let t = performance.now();
  for (let i = 0; i < sequential; i++) await outbox.submit(requests[i], 'bench');
  const seqRate = sequential / ((performance.now() - t) / 1000);
  const concurrent = 10_000;
  t = performance.now();
  for (let i = 0; i < concurrent; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, k) => outbox.submit(requests[sequential + i + k], 'bench')));
  }
  const batchRate = concurrent / ((performance.now() - t) / 1000);
  console.log(`enqueue, durable (WAL, synchronous=FULL), one at a time:  ${seqRate.toFixed(0)} ops/s  (goal >= 2000)`);
  console.log(`enqueue, durable, 100 at once (group commit):           ${batchRate.toFixed(0)} ops/s`);
  console.log(`resident memory after enqueue: ${mb()}`);
  await outbox.close();
}

async function search(): Promise<void> {
  const db = openStationDatabase(join(dir, 'cards.db'));
  const cards = new CardStore(db);
  const total = 100_000;
  const at = new Date().toISOString();
  let t = performance.now();
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const room = String(100 + (i % 5000));
      const fields =
        i % 3 === 0
          ? {
              provider: 'uclbrt' as const,
              cardNo: `QR${String(i).padStart(10, '0')}`,
              roomNo: room,
              holderMobile: `139${String(i).padStart(8, '0')}`,
              status: 'active' as const,
            }
          : i % 3 === 1
            ? {
                provider: 'uclbrt' as const,
                serialNum: (0x10000000 + i).toString(16).toUpperCase(),
                roomNo: room,
                status: 'active' as const,
              }
            : {
                provider: 'tuya' as const,
                deviceId: `dev${i % 200}`,
                lockCardId: `L${i}`,
                serialNum: (0x20000000 + i).toString(16),
                status: 'active' as const,
              };
      cards.insert(fields, at, undefined);
    }
  })();
  console.log(`registry: ${total} cards inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const queries: string[] = [];
  for (let k = 0; k < 2000; k++) {
    const i = Math.floor(Math.random() * total);
    const kind = k % 5;
    if (kind === 0)
      queries.push(String(100 + (i % 5000))); // room
    else if (kind === 1)
      queries.push(`QR${String(i - (i % 3)).padStart(10, '0')}`); // card number
    else if (kind === 2)
      queries.push(`139${String(i - (i % 3)).padStart(8, '0')}`); // mobile
    else if (kind === 3)
      queries.push(
        String(i - (i % 3))
          .padStart(8, '0')
          .slice(-4),
      ); // last four digits of a mobile
    else queries.push((0x10000000 + i - (i % 3) + 1).toString(16).slice(0, 6)); // serial-number prefix
  }
  const times: number[] = [];
  let found = 0;
  for (const q of queries) {
    t = performance.now();
    found += cards.search(q, 50).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `registry search at ${total} cards (${queries.length} queries, ${found} hits): p50 ${fmt(pct(times, 50))}, p95 ${fmt(pct(times, 95))} (goal p95 <= 5 ms), max ${fmt(times[times.length - 1])}`,
  );
  console.log(`resident memory after search: ${mb()}`);
  db.close();
  // Every open checks the file (PRAGMA quick_check) before using it.
  t = performance.now();
  openStationDatabase(join(dir, 'cards.db')).close();
  console.log(`open with quick_check at ${total} cards: ${fmt(performance.now() - t)}`);
}

const qrIssue = (i: number): OperationRequest =>
  operationRequestSchema.parse({
    kind: 'uclbrt.qr.issue',
    input: { ...QR_ROOMS[i % QR_ROOMS.length], mobile: String(13900000000 + i), end: '2030-06-01T12:00' },
  });

async function drain(executor: CloudExecutor, label: string, make: (i: number) => OperationRequest): Promise<void> {
  const outbox = new Outbox({ database: join(dir, `drain-${label.replace(/\W+/g, '-')}.db`), executor, autoStart: false, concurrency: 8 });
  const total = 10_000;
  for (let i = 0; i < total; i += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, k) => outbox.submit(make(i + k), 'bench')));
  }
  const t = performance.now();
  outbox.start();
  const summary = await outbox.drain();
  const seconds = (performance.now() - t) / 1000;
  console.log(
    `drain ${total} operations (${label}): ${(total / seconds).toFixed(0)} ops/s in ${seconds.toFixed(1)} s; done ${summary.doneRecently}, left queued ${summary.queued}, failed ${summary.failed}`,
  );
  console.log(`resident memory after drain: ${mb()}`);
  await outbox.close();
}

/**
 * The same enqueue and drain at a desk that belongs to a site: every change is also a fact in its
 * own transaction (accepted, sending, done, and their activity entries), applied to the site view.
 */
async function withSite(): Promise<void> {
  const data = openStationData({ file: join(dir, 'site-desk.db') }, { recordFacts: true });
  data.write(() => data.facts.join({ siteId: 'bench-hotel', stationId: 'bench-desk' }));
  const outbox = new Outbox({ data, executor: idle, autoStart: false, concurrency: 8 });
  const total = 5000;
  const requests = Array.from({ length: total }, (_, i) => cancel(i));
  let t = performance.now();
  for (let i = 0; i < total; i += 100) await Promise.all(Array.from({ length: 100 }, (_, k) => outbox.submit(requests[i + k], 'bench')));
  const enqueueRate = total / ((performance.now() - t) / 1000);
  t = performance.now();
  outbox.start();
  await outbox.drain();
  const drainRate = total / ((performance.now() - t) / 1000);
  console.log(
    `in a site (facts recorded and applied to the site view): enqueue 100 at once ${enqueueRate.toFixed(0)} ops/s, drain ${drainRate.toFixed(0)} ops/s; ${data.facts.lastSeq()} facts for ${total} operations`,
  );
  await outbox.close();
  data.close();
}

/** `station sandbox --port 0 --fixture FILE` in a child process; resolves with its URL. */
function startSandboxProcess(): Promise<{ url: string; stop: () => void }> {
  const fixture = join(dir, 'fixture.json');
  writeFileSync(fixture, JSON.stringify(rigFixture(10_000_000)));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', 'electron', 'cli', 'main.ts'), 'sandbox', '--port', '0', '--fixture', fixture],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  console.log(`resident memory at start: ${mb()}`);
  await enqueue();
  await search();
  await drain(idle, 'station alone: an executor that answers at once', cancel);
  await withSite();

  // Against the sandbox cloud through the real clients (QR issues: signed getLink calls). The
  // sandbox runs in its own process, as a real cloud would, so the two do not share one event loop.
  const sandbox = await startSandboxProcess();
  try {
    const executor = rigExecutor(rigConfig(sandbox.url, rigFixture()));
    // The sandbox's own pace: the same calls straight through the executor, 8 at a time, no
    // outbox; measured before and after the drain (its state grows with every card issued).
    let next = 1_000_000;
    const direct = async (label: string): Promise<void> => {
      const count = 2000;
      const end = next + count;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < end) {
            const i = next++;
            await executor.execute({ id: `direct-${i}`, ...qrIssue(i) });
          }
        }),
      );
      console.log(
        `sandbox alone, ${label} (executor, 8 at a time, no outbox): ${(count / ((performance.now() - t) / 1000)).toFixed(0)} ops/s`,
      );
    };
    await direct('before');
    await drain(executor, 'sandbox cloud in its own process, real clients, 8 at a time', qrIssue);
    await direct('after');
  } finally {
    sandbox.stop();
  }
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
