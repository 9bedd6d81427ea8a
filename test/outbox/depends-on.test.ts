/**
 * "Sent only after": an operation that depends on another is not sent until that one is done; if
 * that one is discarded it is not sent at all and fails so a person sees it; a corrected resend
 * carries the dependency over. Group commits put several operations on disk at once, or none.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import { StationFailure } from '../../electron/services/failure';
import { cancelQr, down, FakeExecutor, lostResponse, qrIssue, refused, tempDir, until } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function open(executor: FakeExecutor): Outbox {
  const t = tempDir('depends-');
  cleanups.push(t.cleanup);
  const outbox = new Outbox({
    database: join(t.dir, 'station.db'),
    executor,
    backoff: { baseMs: 60_000, capMs: 60_000 },
    probeIntervalMs: 60_000,
  });
  cleanups.push(() => outbox.close());
  return outbox;
}

const settle = (outbox: Outbox, id: string) => outbox.waitSettled(id, 5_000);

describe('dependsOn', () => {
  it('waits while its prerequisite failed (and says it needs a decision), goes once that is retried and done', async () => {
    let refuse = true;
    const executor = new FakeExecutor((call) =>
      call.kind === 'uclbrt.qr.issue' && refuse ? refused() : { kind: 'success', result: { cardNo: 'NEWCARD0001' } },
    );
    const outbox = open(executor);
    const { value } = outbox.commitGroup((tx) => {
      const issue = tx.insert(qrIssue('101'), 'desk');
      const revoke = tx.insert(cancelQr('OLDCARD0001'), 'desk', { dependsOn: issue.id });
      return { issue, revoke };
    });
    expect((await settle(outbox, value.issue.id)).state).toBe('failed');
    await new Promise((r) => setTimeout(r, 100));
    const waiting = await outbox.get(value.revoke.id);
    expect(waiting).toMatchObject({
      state: 'queued',
      dependsOn: value.issue.id,
      waitingFor: { operationId: value.issue.id, needsDecision: true, reason: { code: 'outbox.blocked-dependency' } },
    });
    expect(executor.callsFor(value.revoke.id)).toHaveLength(0);

    refuse = false;
    await outbox.retry(value.issue.id, 'desk');
    expect((await settle(outbox, value.issue.id)).state).toBe('done');
    expect((await settle(outbox, value.revoke.id)).state).toBe('done');
    const order = executor.calls.map((c) => c.id);
    expect(order.lastIndexOf(value.issue.id)).toBeLessThan(order.indexOf(value.revoke.id));
  });

  it('is never sent when its prerequisite is discarded: it fails with the reason, and a retry sends it anyway', async () => {
    const executor = new FakeExecutor((call) => (call.kind === 'uclbrt.qr.issue' ? refused() : { kind: 'success', result: {} }));
    const outbox = open(executor);
    const { value } = outbox.commitGroup((tx) => {
      const issue = tx.insert(qrIssue('101'), 'desk');
      return { issue, revoke: tx.insert(cancelQr('OLDCARD0002'), 'desk', { dependsOn: issue.id }) };
    });
    await settle(outbox, value.issue.id);
    await outbox.discard(value.issue.id, 'desk');
    const failed = await outbox.get(value.revoke.id);
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'outbox.dependency-discarded', params: { id: value.issue.id } } });
    expect(failed.dependsOn).toBeUndefined();
    expect(executor.callsFor(value.revoke.id)).toHaveLength(0);
    await outbox.retry(value.revoke.id, 'desk');
    expect((await settle(outbox, value.revoke.id)).state).toBe('done');
  });

  it('follows a corrected resend of its prerequisite', async () => {
    const executor = new FakeExecutor((call) =>
      (call.input as { mobile?: string }).mobile === '13800000000' ? refused() : { kind: 'success', result: { cardNo: 'NEWCARD0003' } },
    );
    const outbox = open(executor);
    const { value } = outbox.commitGroup((tx) => {
      const issue = tx.insert(qrIssue('101', '13800000000'), 'desk');
      return { issue, revoke: tx.insert(cancelQr('OLDCARD0003'), 'desk', { dependsOn: issue.id }) };
    });
    await settle(outbox, value.issue.id);
    const fresh = await outbox.resend(value.issue.id, qrIssue('101', '13800000099'), 'desk');
    expect((await settle(outbox, fresh.id)).state).toBe('done');
    const revoke = await settle(outbox, value.revoke.id);
    expect(revoke).toMatchObject({ state: 'done', dependsOn: fresh.id });
  });
});

describe('commitGroup', () => {
  it('puts every operation on disk in one commit, or none when one is refused', async () => {
    const executor = new FakeExecutor();
    const outbox = open(executor);
    const before = (await outbox.list({ limit: 100, offset: 0 })).total;
    expect(() =>
      outbox.commitGroup((tx) => {
        tx.insert(cancelQr('GOODCARD001'), 'desk');
        tx.insert(cancelQr('GOODCARD002'), 'desk', { dependsOn: 'no-such-operation' });
      }),
    ).toThrow(StationFailure);
    expect((await outbox.list({ limit: 100, offset: 0 })).total).toBe(before);
  });

  it('withdraws a queued issue that never reached the cloud (its card is cancelled, not failed), never one that may have', async () => {
    const executor = new FakeExecutor((call) => ((call.input as { roomNo?: string }).roomNo === '101' ? down() : lostResponse()));
    const outbox = open(executor);
    const { value: never } = outbox.commitGroup((tx) => tx.insert(qrIssue('101'), 'desk'));
    const { value: maybe } = outbox.commitGroup((tx) => tx.insert(qrIssue('102'), 'desk'));
    await until(async () => (await outbox.get(never.id)).attempts >= 1 && (await outbox.get(maybe.id)).state === 'uncertain', 5_000);
    expect((await outbox.get(never.id)).state).toBe('queued');
    outbox.commitGroup((tx) => tx.withdraw(never.id, 'desk', 'the guest left'));
    expect((await outbox.get(never.id)).state).toBe('discarded');
    expect(outbox.cards.byOrigin(never.id)?.status).toBe('cancelled');
    expect(() => outbox.commitGroup((tx) => tx.withdraw(maybe.id, 'desk', 'the guest left'))).toThrow(StationFailure);
    expect((await outbox.get(maybe.id)).state).toBe('uncertain');
  });
});
