/**
 * Room order (issue 9 item 1): a whole-room loss report that has to be retried must still reach
 * the cloud before the room's next card is issued, or the cloud marks the new guest's card lost.
 * Against the sandbox cloud through the real clients, in each fault mode that makes the report
 * wait: http500 (answer lost? unknown), rate-limit (turned away), garbage (done, answer garbled).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import { StationFailure } from '../../electron/services/failure';
import { roomSubject } from '../../electron/services/outbox/subject';
import type { SandboxFaultMode } from '../../electron/services/sandbox/types';
import { describeError } from '../../shared/errors';
import { FakeExecutor, qrIssue, req, tempDir, until } from './helpers';
import { cardActionOf, startSandboxRig } from './sandbox-rig';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ROOM = { buildNo: '1', floorNo: '2', roomNo: '202' };
/** Retries wait a minute unless a drain says "now": the test decides when the report goes again. */
const SLOW = { baseMs: 60_000, capMs: 60_000, rateLimitMs: 60_000 };

async function failureOf(p: Promise<unknown>): Promise<StationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StationFailure) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('room order (sandbox cloud, real clients)', () => {
  it.each<SandboxFaultMode>(['http500', 'rate-limit', 'garbage'])(
    '%s: a retried whole-room loss reaches the cloud before the next card for the room, which ends active',
    async (mode) => {
      const rig = await startSandboxRig();
      cleanups.push(() => rig.close());
      const t = tempDir('room-order-');
      cleanups.push(t.cleanup);
      const outbox = new Outbox({ database: join(t.dir, 'station.db'), executor: rig.executor, backoff: SLOW, probeIntervalMs: 60_000 });
      cleanups.push(() => outbox.close());

      const issueTo = (mobile: string) => req({ kind: 'uclbrt.qr.issue', input: { ...ROOM, mobile, end: '2030-06-01T12:00' } });
      const cardA = await outbox.waitSettled((await outbox.submit(issueTo('13800000001'), 'desk')).id, 15_000);
      expect(cardA.state).toBe('done');
      const cardNoA = String(cardA.result?.cardNo);

      // The guest lost card A: the whole room is reported while the cloud misbehaves once.
      rig.sandbox.setFault(mode, 1);
      const loss = await outbox.submit(req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: cardNoA, wholeRoom: true } }), 'desk');
      await until(
        async () => {
          const op = await outbox.get(loss.id);
          return op.attempts >= 1 && op.state === 'queued';
        },
        15_000,
        'the loss report to be waiting for a retry',
      );

      // The next guest's card for the same room is accepted, and the clerk is told what it waits for.
      const b = await outbox.submit(issueTo('13800000002'), 'desk');
      expect(b.state).toBe('queued');
      expect(b.waitingFor).toMatchObject({
        operationId: loss.id,
        kind: 'uclbrt.qr.reportLost',
        needsDecision: false,
        reason: { code: 'outbox.waiting.room-loss' },
      });
      expect(b.waitingFor!.reason.message).toMatch(/^Waiting for the loss report of room 1-2-202 to reach the cloud/);
      expect(describeError(b.waitingFor!.reason, 'zh-CN').text).toMatch(/房间 1-2-202 的挂失/);
      expect((await outbox.list({ limit: 10, offset: 0 })).items.find((op) => op.id === b.id)?.waitingFor?.operationId).toBe(loss.id);
      await new Promise((r) => setTimeout(r, 300));
      expect((await outbox.get(b.id)).state).toBe('queued');

      const settled = async () => (await outbox.get(loss.id)).state === 'done' && (await outbox.get(b.id)).state === 'done';
      for (let i = 0; i < 5 && !(await settled()); i++) await outbox.drain();
      expect((await outbox.get(loss.id)).state).toBe('done');
      const issuedB = await outbox.get(b.id);
      expect(issuedB.state).toBe('done');
      const cardNoB = String(issuedB.result?.cardNo);

      // On the wire: every loss report for the room went out before card B was asked for.
      const wire = (await rig.requests()).map(cardActionOf).filter((a) => a !== undefined);
      const lastLoss = wire.map((a) => a.action).lastIndexOf('qr.reportLost');
      const issueB = wire.findIndex((a, i) => a.action === 'qr.issue' && i > wire.findIndex((x) => x.action === 'qr.reportLost'));
      expect(lastLoss).toBeGreaterThan(-1);
      expect(issueB).toBeGreaterThan(lastLoss);

      // The cloud and the registry agree: A is lost, B opens the door.
      const cloudCard = (cardNo: string) => rig.sandbox.state.uclbrt.cards.find((c) => c.cardNo === cardNo)?.status;
      expect(cloudCard(cardNoA)).toBe('lost');
      expect(cloudCard(cardNoB)).toBe('issued');
      expect(outbox.cards.byCardNo(cardNoA)?.status).toBe('lost');
      expect(outbox.cards.byCardNo(cardNoB)?.status).toBe('active');
    },
    60_000,
  );
});

describe('room order (outbox rules)', () => {
  function makeOutbox(executor: FakeExecutor): Outbox {
    const t = tempDir('room-rules-');
    cleanups.push(t.cleanup);
    const outbox = new Outbox({ database: join(t.dir, 'station.db'), executor, autoStart: false, backoff: SLOW });
    cleanups.push(() => outbox.close());
    return outbox;
  }

  it('orders QR issues, proximity issues and whole-room reports within the room; other rooms and single-card changes go ahead', async () => {
    let issued = 0;
    const executor = new FakeExecutor((call) => ({
      kind: 'success',
      result: call.kind === 'uclbrt.qr.issue' ? { cardNo: `QR${++issued}XYZW` } : {},
    }));
    const outbox = makeOutbox(executor);
    outbox.start();
    const first = await outbox.waitSettled((await outbox.submit(qrIssue('700'), 'desk')).id, 10_000);
    const cardNo = String(first.result?.cardNo);
    await outbox.close();

    // A fresh outbox on the same database, not sending: queue, then look at what waits for what.
    const queued = new Outbox({ database: outbox.db.name, executor, autoStart: false });
    cleanups.push(() => queued.close());
    const loss = await queued.submit(req({ kind: 'uclbrt.qr.reportLost', input: { cardNo, wholeRoom: true } }), 'desk');
    const prox = await queued.submit(
      req({ kind: 'uclbrt.prox.issue', input: { serialNum: 'A1B2C3D4', roomNo: '700', end: '2030-01-01T12:00', lockType: 'RFLOCK-V9' } }),
      'desk',
    );
    const qr = await queued.submit(qrIssue('700', '13900000000'), 'desk');
    const otherRoom = await queued.submit(qrIssue('701'), 'desk');
    const cancel = await queued.submit(req({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'OTHERCARD1' } }), 'desk');
    expect(loss.waitingFor).toBeUndefined();
    expect(prox.waitingFor).toMatchObject({
      operationId: loss.id,
      reason: { code: 'outbox.waiting.room-loss', params: { target: '700' } },
    });
    expect(qr.waitingFor).toMatchObject({ operationId: prox.id, reason: { code: 'outbox.waiting.room', params: { target: '700' } } });
    expect(otherRoom.waitingFor).toBeUndefined();
    expect(cancel.waitingFor).toBeUndefined();
    // A room's line lists everything ordered in it.
    expect((await queued.list({ subject: 'uclbrt:room:--700', limit: 10, offset: 0 })).items.map((op) => op.id)).toEqual([
      qr.id,
      prox.id,
      loss.id,
      first.id,
    ]);

    const callsBefore = executor.calls.length;
    queued.start();
    await queued.drain();
    const order = executor.calls.slice(callsBefore).map((c) => c.id);
    expect(order.indexOf(loss.id)).toBeLessThan(order.indexOf(prox.id));
    expect(order.indexOf(prox.id)).toBeLessThan(order.indexOf(qr.id));
    for (const op of [loss, prox, qr, otherRoom, cancel]) expect((await queued.get(op.id)).state).toBe('done');
  });

  it('a whole-room report for a card the station does not know needs the room, and uses the room it knows otherwise', async () => {
    const outbox = makeOutbox(new FakeExecutor());
    const unknown = await failureOf(
      outbox.submit(req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'NEVERSEEN1', wholeRoom: true } }), 'desk'),
    );
    expect(unknown.error).toMatchObject({ code: 'outbox.room-unknown', field: 'roomNo', params: { cardNo: 'NEVERSEEN1' } });
    expect(describeError(unknown.error, 'zh-CN').action).toMatch(/房间/);
    // A single-card report needs no room.
    expect((await outbox.submit(req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'NEVERSEEN1' } }), 'desk')).state).toBe('queued');

    const given = await outbox.submit(
      req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'NEVERSEEN2', wholeRoom: true, buildNo: '3', floorNo: '4', roomNo: '405' } }),
      'desk',
    );
    expect(outbox.store.subjectsOf(given.id)).toEqual(['uclbrt:qr:NEVERSEEN2', 'uclbrt:room:3-4-405']);
    const next = await outbox.submit(
      req({ kind: 'uclbrt.qr.issue', input: { buildNo: '3', floorNo: '4', roomNo: '405', mobile: '13800000000' } }),
      'desk',
    );
    expect(next.waitingFor?.operationId).toBe(given.id);

    // The registry knows card KNOWN0001 opens 3-4-406: a different room given by mistake is refused.
    outbox.cards.insert(
      { provider: 'uclbrt', cardNo: 'KNOWN0001', buildNo: '3', floorNo: '4', roomNo: '406', status: 'active' },
      new Date().toISOString(),
      undefined,
    );
    const mismatch = await failureOf(
      outbox.submit(
        req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'KNOWN0001', wholeRoom: true, buildNo: '3', floorNo: '4', roomNo: '405' } }),
        'desk',
      ),
    );
    expect(mismatch.error).toMatchObject({ code: 'outbox.room-mismatch', params: { room: '3-4-406', given: '3-4-405' } });
    const known = await outbox.submit(req({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'KNOWN0001', wholeRoom: true } }), 'desk');
    expect(outbox.store.subjectsOf(known.id)).toEqual(['uclbrt:qr:KNOWN0001', 'uclbrt:room:3-4-406']);
  });

  it('a room-wide action can put any operation in the room line (orderedWithin), e.g. the cancels of a check-out', async () => {
    const outbox = makeOutbox(new FakeExecutor());
    const issue = await outbox.submit(qrIssue('710'), 'desk');
    const plainCancel = await outbox.submit(req({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'GUEST00001' } }), 'desk');
    const checkoutCancel = await outbox.submit(req({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'GUEST00002' } }), 'desk', {
      orderedWithin: [roomSubject({ roomNo: '710' })],
    });
    expect(plainCancel.waitingFor).toBeUndefined();
    expect(checkoutCancel.waitingFor).toMatchObject({
      operationId: issue.id,
      reason: { code: 'outbox.waiting.room', params: { target: '710' } },
    });
    expect(outbox.store.subjectsOf(checkoutCancel.id)).toEqual(['uclbrt:qr:GUEST00002', 'uclbrt:room:--710']);
  });

  it('a Tuya lock stands for its room: issues to one lock go out in order, other locks in parallel', async () => {
    const outbox = makeOutbox(new FakeExecutor());
    const a = await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId: 'lock-1', cardId: 'AAAA0001' } }), 'desk');
    const b = await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId: 'lock-1', cardId: 'BBBB0002' } }), 'desk');
    const c = await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId: 'lock-2', cardId: 'BBBB0002' } }), 'desk');
    expect(a.waitingFor).toBeUndefined();
    expect(b.waitingFor).toMatchObject({ operationId: a.id, reason: { code: 'outbox.waiting.lock', params: { target: 'lock-1' } } });
    expect(c.waitingFor).toBeUndefined();
  });
});
