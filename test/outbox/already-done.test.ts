/**
 * "Already so" answers after an attempt that may have reached the cloud (issue 9 item 2). A Tuya
 * delete whose first answer was lost (garbage, timeout) did delete the card; the retry then hears
 * "no such card" (tuya.1000), which is the goal, not a failure. Freeze, unfreeze and modify set a
 * value and succeed when sent again. A "no such card" with no earlier attempt that could have
 * reached the cloud stays a failure a person sees.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import type { SandboxFaultMode } from '../../electron/services/sandbox/types';
import { req, tempDir } from './helpers';
import { cardActionOf, startSandboxRig, TUYA_LOCKS, type SandboxRig } from './sandbox-rig';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const FAST = { baseMs: 20, capMs: 200, rateLimitMs: 200 };
const LOCK = TUYA_LOCKS[2];

async function setUp(): Promise<{ rig: SandboxRig; outbox: Outbox }> {
  const rig = await startSandboxRig();
  cleanups.push(() => rig.close());
  const t = tempDir('already-');
  cleanups.push(t.cleanup);
  const outbox = new Outbox({ database: join(t.dir, 'station.db'), executor: rig.executor, backoff: FAST, probeIntervalMs: 100 });
  cleanups.push(() => outbox.close());
  return { rig, outbox };
}

async function issueTuya(outbox: Outbox, cardId: string): Promise<string> {
  const op = await outbox.waitSettled(
    (await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId: LOCK, cardId } }), 'desk')).id,
    15_000,
  );
  expect(op.state).toBe('done');
  return String(op.result?.lockCardId);
}

describe('Tuya "already so" after a lost answer (sandbox cloud, real clients)', () => {
  it.each<SandboxFaultMode>(['garbage', 'timeout'])(
    '%s: a delete whose answer was lost ends done, and the card is no longer active',
    async (mode) => {
      const { rig, outbox } = await setUp();
      const lockCardId = await issueTuya(outbox, mode === 'garbage' ? 'DE1E7E01' : 'DE1E7E02');
      expect(outbox.cards.byLockCard(LOCK, lockCardId)?.status).toBe('active');

      rig.sandbox.setFault(mode, 1);
      const op = await outbox.waitSettled(
        (await outbox.submit(req({ kind: 'tuya.delete', input: { deviceId: LOCK, lockCardId } }), 'desk')).id,
        20_000,
      );
      expect(op.state).toBe('done');
      expect(op.result).toEqual({ alreadyDone: 'tuya.1000' });
      expect(op.attempts).toBe(2);
      // Sent twice: the first deleted it (answer lost), the second heard "no such card".
      const deletes = (await rig.requests()).filter((r) => cardActionOf(r)?.action === 'tuya.delete');
      expect(deletes.map((r) => r.outcome)).toEqual(['tuya.ok', 'tuya.1000']);
      expect(rig.sandbox.state.tuya.cards.get(lockCardId)?.deleted).toBe(true);
      expect(outbox.cards.byLockCard(LOCK, lockCardId)?.status).toBe('cancelled');
    },
    30_000,
  );

  it('garbage: freeze and unfreeze sent again succeed (Tuya sets the value), and the registry follows', async () => {
    const { rig, outbox } = await setUp();
    const lockCardId = await issueTuya(outbox, 'F2EE2E01');
    for (const [kind, frozen, status] of [
      ['tuya.freeze', true, 'frozen'],
      ['tuya.unfreeze', false, 'active'],
    ] as const) {
      rig.sandbox.setFault('garbage', 1);
      const op = await outbox.waitSettled((await outbox.submit(req({ kind, input: { deviceId: LOCK, lockCardId } }), 'desk')).id, 15_000);
      expect(op.state, kind).toBe('done');
      expect(op.attempts, kind).toBe(2);
      expect(rig.sandbox.state.tuya.cards.get(lockCardId)?.frozen, kind).toBe(frozen);
      expect(outbox.cards.byLockCard(LOCK, lockCardId)?.status, kind).toBe(status);
    }
  }, 30_000);

  it('a delete of a card the cloud does not know, with no earlier attempt that could have reached it, fails', async () => {
    const { outbox } = await setUp();
    const op = await outbox.waitSettled(
      (await outbox.submit(req({ kind: 'tuya.delete', input: { deviceId: LOCK, lockCardId: '999999' } }), 'desk')).id,
      15_000,
    );
    expect(op.state).toBe('failed');
    expect(op.lastError?.code).toBe('tuya.1000');
  });

  it('a freeze of a card deleted meanwhile fails even after a lost answer: the card is gone, not frozen', async () => {
    const { rig, outbox } = await setUp();
    const lockCardId = await issueTuya(outbox, 'F2EE2E02');
    expect(
      (
        await outbox.waitSettled(
          (await outbox.submit(req({ kind: 'tuya.delete', input: { deviceId: LOCK, lockCardId } }), 'desk')).id,
          15_000,
        )
      ).state,
    ).toBe('done');
    rig.sandbox.setFault('garbage', 1);
    const op = await outbox.waitSettled(
      (await outbox.submit(req({ kind: 'tuya.freeze', input: { deviceId: LOCK, lockCardId } }), 'desk')).id,
      15_000,
    );
    expect(op.state).toBe('failed');
    expect(op.lastError?.code).toBe('tuya.1000');
  });
});
