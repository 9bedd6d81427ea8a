/**
 * Send leases (issue 9 item 9): an operation left `sending` by a program that died or hung in the
 * middle of a cloud call must not stay `sending` (holding back its card or room) while a station
 * keeps running. The running station takes it over as a restart would: an idempotent one is
 * queued again and sent, a new-card issue becomes uncertain for a person.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import { FakeExecutor, qrIssue, req, tempDir, until } from './helpers';
import { QR_ROOMS, startSandboxRig } from './sandbox-rig';

const CHILD = join(__dirname, 'lease-child.ts');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the second program; resolves with it and the ids it is sending once both calls are open. */
function startSender(env: Record<string, string>): Promise<{ child: ChildProcess; ids: { issue: string; cancel: string } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /sending (\{.*\})/.exec(out);
      if (m) resolve({ child, ids: JSON.parse(m[1]) as { issue: string; cancel: string } });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the sender exited (${code}) before sending: ${err}`)));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('send leases (a second program on the same database, sandbox cloud)', () => {
  async function setUp() {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const t = tempDir('lease-');
    cleanups.push(t.cleanup);
    const db = join(t.dir, 'station.db');
    // The station is running before the other program starts, and keeps running.
    const station = new Outbox({
      database: db,
      executor: rig.executor,
      leaseMs: 600,
      backoff: { baseMs: 50, capMs: 200, rateLimitMs: 200 },
    });
    cleanups.push(() => station.close());
    const card = await station.waitSettled(
      (
        await station.submit(
          req({ kind: 'uclbrt.qr.issue', input: { ...QR_ROOMS[6], mobile: '13655550000', end: '2030-06-01T12:00' } }),
          'desk',
        )
      ).id,
      15_000,
    );
    expect(card.state).toBe('done');
    // Both calls of the other program reach the cloud and are carried out, but never answered.
    rig.sandbox.setFault('timeout', 2);
    return { rig, db, station, cardNo: String(card.result?.cardNo) };
  }

  it('killed mid-call: the running station takes over at once; the cancel is sent again and done, the issue waits for a person', async () => {
    const { rig, db, station, cardNo } = await setUp();
    const { child, ids } = await startSender({ LEASE_DB: db, LEASE_SANDBOX: rig.sandbox.url, LEASE_CARD: cardNo });
    await until(() => rig.sandbox.state.fault === null, 10_000, 'both calls to reach the cloud');
    expect((await station.get(ids.issue)).state).toBe('sending');
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await until(
      async () => (await station.get(ids.issue)).state === 'uncertain' && (await station.get(ids.cancel)).state === 'done',
      10_000,
      'the station to take over',
    );
    console.log(`lease test: taken over ${Date.now() - killedAt} ms after the kill`);
    const issue = await station.get(ids.issue);
    expect(issue.lastError?.code).toBe('outbox.interrupted');
    expect(issue.mayHaveReachedCloud).toBe(true);
    expect((await station.get(ids.cancel)).result).toMatchObject({ alreadyCancelled: true });
    expect(rig.sandbox.state.uclbrt.cards.find((c) => c.cardNo === cardNo)?.status).toBe('cancelled');
    expect(station.cards.byCardNo(cardNo)?.status).toBe('cancelled');
    const taken = station.audit.list({ operator: 'station', limit: 10 }).items.map((e) => `${e.action} ${e.operationId}`);
    expect(taken).toEqual(expect.arrayContaining([`operation.uncertain ${ids.issue}`, `operation.recovered ${ids.cancel}`]));
  }, 60_000);

  it('frozen mid-call (alive, no longer renewing): the station takes over when the lease runs out', async () => {
    const { rig, db, station, cardNo } = await setUp();
    const { child, ids } = await startSender({ LEASE_DB: db, LEASE_SANDBOX: rig.sandbox.url, LEASE_CARD: cardNo, LEASE_MS: '1000' });
    await until(() => rig.sandbox.state.fault === null, 10_000, 'both calls to reach the cloud');
    const frozenAt = Date.now();
    child.kill('SIGSTOP');
    await until(async () => (await station.get(ids.issue)).state === 'uncertain', 10_000, 'the lease to run out');
    expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(500);
    expect(isAlive(child.pid!)).toBe(true);
    await until(async () => (await station.get(ids.cancel)).state === 'done', 10_000, 'the cancel to be sent again');
  }, 60_000);
});

describe('send leases (in one process)', () => {
  it('renews the lease while the call runs, so a slow call is not taken over', async () => {
    const t = tempDir('lease-slow-');
    cleanups.push(t.cleanup);
    let release: () => void = () => {};
    const executor = new FakeExecutor(
      () => new Promise((resolve) => (release = () => resolve({ kind: 'success', result: { cardNo: 'SLOW0001' } }))),
    );
    const sender = new Outbox({ database: join(t.dir, 'station.db'), executor, leaseMs: 150 });
    cleanups.push(() => sender.close());
    const watcher = new Outbox({ database: join(t.dir, 'station.db'), executor: new FakeExecutor(), leaseMs: 150 });
    cleanups.push(() => watcher.close());
    const op = await sender.submit(qrIssue('900'), 'desk');
    await until(async () => (await sender.get(op.id)).state === 'sending', 5_000, 'sending');
    await new Promise((r) => setTimeout(r, 800)); // several lease lengths
    expect((await watcher.get(op.id)).state).toBe('sending');
    release();
    expect((await sender.waitSettled(op.id, 5_000)).state).toBe('done');
  });

  it('a late answer after a takeover: success is recorded (it proves the issue happened); other answers are left to the new owner', async () => {
    const t = tempDir('lease-late-');
    cleanups.push(t.cleanup);
    const answers: ((ok: boolean) => void)[] = [];
    const executor = new FakeExecutor(
      () =>
        new Promise((resolve) =>
          answers.push((ok) =>
            resolve(
              ok
                ? { kind: 'success', result: { cardNo: 'LATE0001' } }
                : { kind: 'ambiguous', error: { code: 'cloud.no-answer', message: 'lost' } },
            ),
          ),
        ),
    );
    const sender = new Outbox({ database: join(t.dir, 'station.db'), executor, leaseMs: 60_000 });
    cleanups.push(() => sender.close());
    const a = await sender.submit(qrIssue('901'), 'desk');
    const b = await sender.submit(qrIssue('902'), 'desk');
    await until(() => answers.length === 2, 5_000, 'both sending');
    // A station whose clock is past the leases takes both over.
    const later = new Outbox({
      database: join(t.dir, 'station.db'),
      executor: new FakeExecutor(),
      autoStart: false,
      now: () => Date.now() + 3_600_000,
    });
    cleanups.push(() => later.close());
    expect((await later.get(a.id)).state).toBe('uncertain');
    expect((await later.get(b.id)).state).toBe('uncertain');
    answers[0](true);
    answers[1](false);
    await until(async () => (await sender.get(a.id)).state === 'done', 5_000, 'the late success');
    expect((await sender.get(a.id)).result).toEqual({ cardNo: 'LATE0001' });
    expect(sender.cards.byCardNo('LATE0001')?.status).toBe('active');
    await new Promise((r) => setTimeout(r, 200));
    expect((await sender.get(b.id)).state).toBe('uncertain');
  });
});
