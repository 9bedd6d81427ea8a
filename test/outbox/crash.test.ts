import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import { IDEMPOTENT_KINDS, type OperationRequest } from '../../shared/domain/operations';
import { FakeExecutor, req, tempDir } from './helpers';
import { cardActionOf, PROX_ROOM, QR_ROOMS, startSandboxRig, TUYA_LOCKS } from './sandbox-rig';
import type { RecordedRequest } from '../../electron/services/sandbox/types';

const CHILD = join(__dirname, 'crash-child.ts');
const KILLS = 20;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface ChildRun {
  killed: boolean;
  code: number | null;
}

/** Starts the draining child; kills it with SIGKILL `killAfterMs` after it is ready (never if undefined). */
function runChild(db: string, cloudEnv: Record<string, string>, killAfterMs: number | undefined): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, CRASH_DB: db, ...cloudEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (killAfterMs !== undefined && d.toString().includes('ready')) {
        setTimeout(() => {
          if (child.exitCode === null) {
            killed = child.kill('SIGKILL');
          }
        }, killAfterMs);
      }
    });
    child.on('error', reject);
    // 'exit' after the kill: the process is gone and reaped, so its pid reads as dead.
    child.on('exit', (code) => {
      if (!killed && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ killed, code });
    });
  });
}

describe('crash safety', () => {
  it(`sandbox cloud: survives ${KILLS} SIGKILLs mid-drain: nothing accepted is lost and no issue reaches the cloud twice`, async () => {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const t = tempDir('crash-sandbox-');
    cleanups.push(t.cleanup);
    const db = join(t.dir, 'station.db');
    const env = { CRASH_SANDBOX: rig.sandbox.url };

    // Every operation has a wire identity of its own, so its arrivals can be counted in the sandbox's log.
    const accepted: { id: string; kind: OperationRequest['kind']; subject: string; wire: string }[] = [];
    let n = 0;
    const acceptMore = async () => {
      const desk = new Outbox({ database: db, executor: new FakeExecutor(), autoStart: false });
      for (let k = 0; k < 12; k++, n++) {
        const serialNum = (0xe0000000 + n).toString(16).toUpperCase();
        const mobile = String(13900000000 + n);
        const cardId = (0xf0000000 + n).toString(16).toUpperCase();
        const items: [OperationRequest, string][] = [
          [
            req({ kind: 'uclbrt.qr.issue', input: { ...QR_ROOMS[n % QR_ROOMS.length], mobile, end: '2030-06-01T12:00' } }),
            `qr.issue/${mobile}`,
          ],
          [
            req({ kind: 'uclbrt.prox.issue', input: { serialNum, ...PROX_ROOM, end: '2030-06-01T12:00', lockType: 'RFLOCK-V9' } }),
            `prox.makeRoomCard/${serialNum}`,
          ],
          [req({ kind: 'uclbrt.prox.cancel', input: { serialNum, lockType: 'RFLOCK-V9' } }), `prox.cancelCard/${serialNum}`],
        ];
        if (k % 2 === 0)
          items.push([req({ kind: 'tuya.issue', input: { deviceId: TUYA_LOCKS[n % TUYA_LOCKS.length], cardId } }), `tuya.issue/${cardId}`]);
        for (const [r, wire] of items) {
          const op = await desk.submit(r, 'desk');
          accepted.push({ id: op.id, kind: op.kind, subject: op.subject, wire });
        }
      }
      await desk.close();
    };
    // The sandbox keeps the last 1000 requests: collect them as we go.
    const seen: RecordedRequest[] = [];
    const collect = async () => {
      seen.push(...(await rig.requests()));
      await fetch(`${rig.sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
    };
    const wireOf = (r: RecordedRequest): string | undefined => {
      const ca = cardActionOf(r);
      if (!ca) return undefined;
      if (ca.action === 'qr.issue') {
        const body = JSON.parse(r.body) as { mobile: string };
        return `qr.issue/${body.mobile}`;
      }
      if (ca.action === 'tuya.issue') return `tuya.issue/${(JSON.parse(r.body) as { card_id: string }).card_id}`;
      return `${ca.action}/${ca.card}`;
    };
    const arrivals = () => seen.map(wireOf).filter((w): w is string => Boolean(w));
    const arrivalsOf = (wire: string) => arrivals().filter((w) => w === wire).length;

    /**
     * A manager settles what a kill left uncertain, as the desk would: it arrived → discard, it
     * did not → send again. An uncertain issue holds back its room until then.
     */
    const settleUncertain = async (): Promise<{ uncertain: number; queued: number }> => {
      const desk = new Outbox({ database: db, executor: new FakeExecutor(), autoStart: false });
      const uncertain = (await desk.list({ states: ['uncertain'], limit: 1000, offset: 0 })).items;
      for (const op of uncertain) {
        const wire = accepted.find((a) => a.id === op.id)!.wire;
        if (arrivalsOf(wire) > 0) await desk.discard(op.id, 'manager');
        else await desk.retry(op.id, 'manager');
      }
      const left = desk.summary()!;
      await desk.close();
      return { uncertain: uncertain.length, queued: left.queued };
    };

    let kills = 0;
    let rounds = 0;
    for (let round = 0; kills < KILLS; round++, rounds++) {
      if (round > KILLS * 3) throw new Error(`only ${kills} kills landed mid-drain`);
      await acceptMore();
      const run = await runChild(db, env, 5 + Math.random() * 80);
      if (run.killed) kills++;
      await collect();
      await settleUncertain();
    }

    for (let pass = 0; pass < 5; pass++) {
      await runChild(db, env, undefined);
      await collect();
      const left = await settleUncertain();
      if (!left.uncertain && left.queued === 0) break;
    }

    const check = new Outbox({ database: db, executor: new FakeExecutor(), autoStart: false });
    cleanups.push(() => check.close());
    const all = [];
    for (let offset = 0; ; offset += 1000) {
      const page = (await check.list({ limit: 1000, offset })).items;
      all.push(...page);
      if (page.length < 1000) break;
    }
    expect(all).toHaveLength(accepted.length);
    expect(
      all.filter((op) => op.state !== 'done' && op.state !== 'discarded').map((op) => `${op.kind} ${op.state} ${op.lastError?.message}`),
    ).toEqual([]);
    for (const op of accepted) expect(arrivalsOf(op.wire), `${op.wire} arrived`).toBeGreaterThanOrEqual(1);
    for (const op of accepted.filter((a) => !IDEMPOTENT_KINDS.has(a.kind))) expect(arrivalsOf(op.wire), `${op.wire} sent once`).toBe(1);
    // Per card: the issue reached the cloud before its cancel.
    const order = arrivals();
    for (const op of accepted.filter((a) => a.kind === 'uclbrt.prox.cancel')) {
      const serial = op.wire.split('/')[1];
      expect(order.indexOf(`prox.makeRoomCard/${serial}`), `issue before cancel for ${serial}`).toBeLessThan(order.indexOf(op.wire));
    }
    const recovered = check.audit.list({ action: 'operation.recovered', limit: 1 }).total;
    const madeUncertain = check.audit.list({ action: 'operation.uncertain', operator: 'station', limit: 1 }).total;
    console.log(
      `sandbox crash test: ${kills} kills in ${rounds} runs, ${accepted.length} operations, ${recovered} re-queued and ${madeUncertain} made uncertain after a kill, ${order.length} card requests`,
    );
    expect(recovered + madeUncertain).toBeGreaterThan(0);
  }, 180_000);
});
