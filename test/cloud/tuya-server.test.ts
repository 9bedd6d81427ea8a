/**
 * TuyaClient and the official SDK against the real sandbox server (startSandbox, demo fixture) over
 * loopback, including the sandbox fault modes and how the outbox classifies each Tuya failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TuyaContext } from '@tuya/tuya-connector-nodejs';
import { CloudCallError } from '../../electron/services/cloud/call-error';
import { classifyFailure } from '../../electron/services/cloud/outcome';
import { TuyaClient } from '../../electron/services/cloud/tuya/client';
import { demoFixture } from '../../electron/services/sandbox/fixture';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';

let sandbox: SandboxHandle;
const demo = () => demoFixture().tuya.projects[0];

function client(timeoutMs = { connect: 1_000, response: 800 }): TuyaClient {
  const p = demo();
  return new TuyaClient({ baseUrl: sandbox.url, clientId: p.clientId, secret: p.secret, timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<CloudCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudCallError);
  return err as CloudCallError;
}

const tuyaCards = () => [...sandbox.state.tuya.cards.values()];

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterEach(async () => {
  await sandbox.close();
});

describe('Tuya against the sandbox server (demo fixture)', () => {
  it('the demo project has locks to issue to', () => {
    expect(demo().devices.length).toBeGreaterThan(0);
  });

  it('TuyaClient: every operation, visible in /__sandbox/cards and /__sandbox/requests', async () => {
    const p = demo();
    const lock = p.devices[0].deviceId;
    const c = client();
    const { lockCardId } = await c.issueCard(p.projectId, lock, 'A1B2C3D4', 1_750_226_997_548, 1_750_227_997_548);
    expect(await c.queryCard(p.projectId, lock, lockCardId)).toEqual({ lockCardId, beginMs: 1_750_226_997_548, endMs: 1_750_227_997_548 });
    await c.modifyCard(p.projectId, lock, lockCardId, 1_750_226_997_548, 1_750_300_000_000);
    await c.setFreeze(p.projectId, lock, lockCardId, true);

    const cards = (await (await fetch(`${sandbox.url}/__sandbox/cards`)).json()) as { tuya: Array<Record<string, unknown>> };
    expect(cards.tuya).toEqual([
      expect.objectContaining({ lockCardId, cardId: 'A1B2C3D4', frozen: true, endTime: 1_750_300_000_000, deleted: false }),
    ]);

    await c.setFreeze(p.projectId, lock, lockCardId, false);
    await c.deleteCard(p.projectId, lock, lockCardId);
    expect(tuyaCards()[0]).toMatchObject({ frozen: false, deleted: true });

    const { requests } = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { requests: Array<Record<string, unknown>> };
    expect(requests.map((r) => r.outcome)).toEqual(Array(requests.length).fill('tuya.ok'));
    // The access token is not shown in full.
    const recorded = requests.find((r) => r.method === 'POST') as { headers: Record<string, string> };
    expect(recorded.headers.access_token).toMatch(/\*\*\*$/);
  });

  it('the official SDK is accepted by the server too', async () => {
    const p = demo();
    const ctx = new TuyaContext({ baseUrl: sandbox.url, accessKey: p.clientId, secretKey: p.secret });
    const path = `/v1.0/osaas/projects/${p.projectId}/card-issue-devices/lock-devices/${p.devices[0].deviceId}/cards`;
    const answer = (await ctx.request({ method: 'POST', path, body: { card_id: 'BEEF0001' } })) as unknown as { success: boolean };
    expect(answer.success).toBe(true);
    expect(tuyaCards()).toEqual([expect.objectContaining({ cardId: 'BEEF0001' })]);
  });
});

describe('sandbox faults, as the outbox sees Tuya failures', () => {
  let c: TuyaClient;
  const issue = () => c.issueCard(demo().projectId, demo().devices[0].deviceId, 'C0FFEE01');

  beforeEach(async () => {
    c = client();
    await c.probe(); // the token is in hand: the fault hits the card call itself
  });

  it('http500: not carried out here, but a 500 can follow the work: ambiguous', async () => {
    sandbox.setFault('http500', 1);
    const err = await failure(issue());
    expect(err).toMatchObject({ phase: 'response', httpStatus: 500 });
    expect(classifyFailure(err).kind).toBe('ambiguous');
    expect(tuyaCards()).toHaveLength(0);
  });

  it('rate-limit: Tuya 1110, retryable after the hinted wait', async () => {
    sandbox.setFault('rate-limit', 1);
    const err = await failure(issue());
    expect(err).toMatchObject({ phase: 'vendor', vendorCode: '1110' });
    const outcome = classifyFailure(err);
    expect(outcome.kind).toBe('retryable');
    expect(outcome.retryAfterMs).toBe(1000);
    expect(tuyaCards()).toHaveLength(0);
  });

  it('timeout: carried out but unanswered, ambiguous', async () => {
    sandbox.setFault('timeout', 1);
    const err = await failure(issue());
    expect(err.phase).toBe('response');
    expect(classifyFailure(err).kind).toBe('ambiguous');
    expect(tuyaCards()).toHaveLength(1);
  });

  it('garbage: carried out, answer not understood, ambiguous', async () => {
    sandbox.setFault('garbage', 1);
    const err = await failure(issue());
    expect(err).toMatchObject({ phase: 'response', causeCode: 'EBADBODY' });
    expect(classifyFailure(err).kind).toBe('ambiguous');
    expect(tuyaCards()).toHaveLength(1);
  });

  it('down: connection refused, retryable, and works again once the sandbox is back', async () => {
    sandbox.setFault('down', 1, 1_500);
    await new Promise((r) => setTimeout(r, 100));
    const err = await failure(issue());
    expect(err.phase).toBe('connect');
    expect(classifyFailure(err).kind).toBe('retryable');
    // Back after about 1.5 s; poll rather than guess how long a busy machine takes.
    let issued: Awaited<ReturnType<typeof issue>> | undefined;
    for (let i = 0; i < 40 && !issued; i++) {
      await new Promise((r) => setTimeout(r, 250));
      issued = await issue().catch(() => undefined);
    }
    expect(issued?.lockCardId).toEqual(expect.any(String));
  });

  it('a refused card call is permanent and shows Tuya text in both languages', async () => {
    const err = await failure(c.deleteCard(demo().projectId, demo().devices[0].deviceId, '999999'));
    const outcome = classifyFailure(err);
    expect(outcome.kind).toBe('permanent');
    expect(outcome.error.code).toBe('tuya.1000');
    expect(outcome.error.serverText).toBe('data not exist');
  });
});
