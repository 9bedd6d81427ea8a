/**
 * A new card is sent again by itself only when the cloud provably did not issue it (issue 9 item
 * 3). A 502 or 504 from a gateway comes after the cloud did the work (the sandbox's http502 and
 * http504 faults carry the request out), so a QR, proximity or Tuya issue that gets one must
 * reach the cloud exactly once and wait for a person as `uncertain`. A 503 with Retry-After is
 * the cloud turning the request away: that one is sent again by itself.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/outbox';
import type { SandboxFaultMode } from '../../electron/services/sandbox/types';
import type { OperationRequest } from '../../shared/domain/operations';
import { req, tempDir } from './helpers';
import { cardActionOf, PROX_ROOM, QR_ROOMS, startSandboxRig, TUYA_LOCKS, type SandboxRig } from './sandbox-rig';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const FAST = { baseMs: 20, capMs: 200, rateLimitMs: 200 };

/** Each issue kind, with how to recognise its requests at the sandbox. */
const ISSUES: { name: string; request: (n: number) => OperationRequest; wire: string; matches: (body: string, n: number) => boolean }[] = [
  {
    name: 'QR issue',
    request: (n) => req({ kind: 'uclbrt.qr.issue', input: { ...QR_ROOMS[n], mobile: String(13700000000 + n), end: '2030-06-01T12:00' } }),
    wire: 'qr.issue',
    matches: (body, n) => body.includes(String(13700000000 + n)),
  },
  {
    name: 'proximity issue',
    request: (n) =>
      req({
        kind: 'uclbrt.prox.issue',
        input: { serialNum: (0xc0000000 + n).toString(16).toUpperCase(), ...PROX_ROOM, end: '2030-06-01T12:00', lockType: 'RFLOCK-V9' },
      }),
    wire: 'prox.makeRoomCard',
    matches: (body, n) => body.includes((0xc0000000 + n).toString(16).toUpperCase()),
  },
  {
    name: 'Tuya issue',
    request: (n) => req({ kind: 'tuya.issue', input: { deviceId: TUYA_LOCKS[0], cardId: (0xd0000000 + n).toString(16).toUpperCase() } }),
    wire: 'tuya.issue',
    matches: (body, n) => body.includes((0xd0000000 + n).toString(16).toUpperCase()),
  },
];

async function arrivals(rig: SandboxRig, wire: string, matches: (body: string) => boolean): Promise<number> {
  return (await rig.requests()).filter((r) => cardActionOf(r)?.action === wire && matches(r.body)).length;
}

describe('non-idempotent issues and gateway errors (sandbox cloud, real clients)', () => {
  let n = 0;
  async function setUp(): Promise<{ rig: SandboxRig; outbox: Outbox }> {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const t = tempDir('gateway-');
    cleanups.push(t.cleanup);
    const outbox = new Outbox({ database: join(t.dir, 'station.db'), executor: rig.executor, backoff: FAST, probeIntervalMs: 100 });
    cleanups.push(() => outbox.close());
    // The Tuya client holds a token from here on, so a fault hits the card call itself.
    const warm = await outbox.waitSettled(
      (await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId: TUYA_LOCKS[1], cardId: 'FEED0001' } }), 'desk')).id,
      15_000,
    );
    expect(warm.state).toBe('done');
    return { rig, outbox };
  }

  for (const mode of ['http502', 'http504'] as SandboxFaultMode[]) {
    it(`${mode}: each issue reaches the cloud exactly once and waits for a person`, async () => {
      const { rig, outbox } = await setUp();
      for (const issue of ISSUES) {
        const i = ++n;
        rig.sandbox.setFault(mode, 1);
        const op = await outbox.waitSettled((await outbox.submit(issue.request(i), 'desk')).id, 15_000);
        expect(op.state, issue.name).toBe('uncertain');
        expect(op.lastError, issue.name).toMatchObject({ code: 'cloud.server-error', params: { httpStatus: Number(mode.slice(4)) } });
        // Even a drain (everything due now) does not send it again.
        await outbox.drain();
        expect((await outbox.get(op.id)).state, issue.name).toBe('uncertain');
        expect(await arrivals(rig, issue.wire, (body) => issue.matches(body, i)), `${issue.name} requests`).toBe(1);
      }
      // The cloud did issue them: sending again would have made a second card.
      expect(rig.sandbox.state.uclbrt.cards.filter((c) => c.mobile === String(13700000000 + n - 2))).toHaveLength(1);
    }, 60_000);
  }

  it('http503 with Retry-After: the cloud turned it away, so the issue is sent again by itself and done once', async () => {
    const { rig, outbox } = await setUp();
    for (const issue of ISSUES) {
      const i = ++n;
      rig.sandbox.setFault('http503', 1);
      const op = await outbox.waitSettled((await outbox.submit(issue.request(i), 'desk')).id, 15_000);
      expect(op.state, issue.name).toBe('done');
      expect(op.attempts, issue.name).toBe(2);
      expect(await arrivals(rig, issue.wire, (body) => issue.matches(body, i)), `${issue.name} requests`).toBe(2);
    }
    expect(rig.sandbox.state.uclbrt.cards.filter((c) => c.mobile === String(13700000000 + n - 2))).toHaveLength(1);
  }, 60_000);
});
