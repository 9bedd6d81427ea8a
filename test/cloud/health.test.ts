/**
 * One record of each cloud's state, fed by every call: the outbox's operations and the desk's
 * lookups land in the same tracker, counted once each, and the status bar reads only it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudState } from '../../shared/domain/cloud';
import { stationError } from '../../shared/errors';
import { CloudHealth, OFFLINE_AFTER_FAILURES } from '../../electron/services/cloud/health';
import { createCloudService } from '../../electron/services/cloud/service';
import { Outbox } from '../../electron/services/outbox';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { req, tempDir, until } from '../outbox/helpers';
import { startSandboxRig } from '../outbox/sandbox-rig';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const lost = { kind: 'ambiguous', error: stationError('cloud.no-answer', { provider: 'UCLBRT', detail: 'timeout' }) } as const;

describe('the rules', () => {
  it('an answer is online, a refused connection offline at once, lost answers offline only when they keep coming', () => {
    const changes: string[] = [];
    const health = new CloudHealth(() => changes.push(health.status('uclbrt')!.state));
    expect(health.statuses()).toEqual([]);
    health.record('uclbrt', { kind: 'success', result: {} });
    for (let i = 1; i < OFFLINE_AFTER_FAILURES; i++) health.record('uclbrt', lost);
    expect(health.status('uclbrt')).toMatchObject({ state: 'degraded', lastError: { code: 'cloud.no-answer' } });
    health.record('uclbrt', lost);
    expect(health.offlineProviders()).toEqual(['uclbrt']);
    // A refusal of one request is an answer: online, and that request's error is not the cloud's.
    health.record('uclbrt', { kind: 'permanent', error: stationError('uclbrt.5217') });
    expect(health.status('uclbrt')).toEqual({ state: 'online', since: expect.any(String) });
    health.record('uclbrt', {
      kind: 'retryable',
      error: stationError('cloud.unreachable', { provider: 'UCLBRT', detail: 'ECONNREFUSED' }),
    });
    expect(health.status('uclbrt')?.state).toBe('offline');
    health.reachable('uclbrt');
    health.record('uclbrt', { kind: 'retryable', error: stationError('uclbrt.4005'), retryAfterMs: 1000 });
    health.record('uclbrt', { kind: 'permanent', error: stationError('uclbrt.not-configured', { detail: 'no token' }) });
    expect(changes).toEqual(['online', 'degraded', 'offline', 'online', 'offline', 'online', 'degraded', 'unconfigured']);
    expect(health.statuses().map((s) => s.provider)).toEqual(['uclbrt']);
  });
});

describe('one tracker for lookups and operations', () => {
  it('the outbox records its attempts in the cloud service tracker, once each, and acts on what a lookup found', async () => {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const t = tempDir('health-');
    cleanups.push(t.cleanup);
    const seen: CloudState[] = [];
    const cloud = await createCloudService({
      getConfig: () => rig.config,
      secrets: new MemorySecretStore(),
      timeouts: { connectMs: 1000, responseMs: 3000 },
      notify: () => seen.push(cloud.status()[0].state),
    });
    cleanups.push(() => cloud.close());
    const outbox = new Outbox({
      database: join(t.dir, 'station.db'),
      executor: cloud.executor,
      backoff: { baseMs: 20, capMs: 100, rateLimitMs: 100 },
      probeIntervalMs: 100,
    });
    cleanups.push(() => outbox.close());
    expect(outbox.health).toBe(cloud.health);

    const issued = await outbox.waitSettled(
      (
        await outbox.submit(
          req({ kind: 'uclbrt.qr.issue', input: { buildNo: '9', floorNo: '1', roomNo: '9100', mobile: '13800000000' } }),
          'desk',
        )
      ).id,
      10_000,
    );
    expect(issued.state).toBe('done');
    // Two answers lost in a row: degraded both times. Counted twice, they would make it offline.
    rig.sandbox.setFault('garbage', OFFLINE_AFTER_FAILURES - 1);
    const cancel = await outbox.waitSettled(
      (await outbox.submit(req({ kind: 'uclbrt.qr.cancel', input: { cardNo: String(issued.result?.cardNo) } }), 'desk')).id,
      10_000,
    );
    expect(cancel).toMatchObject({ state: 'done', attempts: OFFLINE_AFTER_FAILURES });
    expect(seen).toEqual(['online', 'degraded', 'online']);

    // A lookup that cannot connect puts the provider offline for the outbox too, whose probe brings it back.
    rig.sandbox.setFault('down', 1, 600);
    await new Promise((r) => setTimeout(r, 50));
    await expect(cloud.lookup({ provider: 'uclbrt', cardNo: String(issued.result?.cardNo) })).rejects.toMatchObject({
      error: { code: 'cloud.unreachable' },
    });
    expect(outbox.cloudStatus()).toEqual([expect.objectContaining({ provider: 'uclbrt', state: 'offline' })]);
    await until(() => cloud.status()[0].state === 'online', 10_000, 'the probe to find UCLBRT again');
    expect(seen.slice(-2)).toEqual(['offline', 'online']);
  }, 30_000);
});
