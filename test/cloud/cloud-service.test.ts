import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationConfigSchema, type StationConfig } from '../../shared/config';
import { operationRequestSchema, type OperationRequestInput } from '../../shared/domain/operations';
import { createStationCloud, type StationCloud } from '../../electron/services/station-cloud';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { ACCOUNT, COMMUNITY, OPERATOR, shanghaiLocal, uclbrtFixture } from './uclbrt-helpers';

const DAY = 86_400_000;

function op(request: OperationRequestInput) {
  const parsed = operationRequestSchema.parse(request);
  return { id: `op-${Math.random()}`, kind: parsed.kind, input: parsed.input };
}

describe('demo station: the cloud service on its in-process sandbox', () => {
  let cloud: StationCloud;
  const config: StationConfig = stationConfigSchema.parse({ mode: 'demo' });

  beforeAll(async () => {
    cloud = await createStationCloud({ getConfig: () => config, secrets: new MemorySecretStore(), stationTimeZone: 'Europe/Berlin' });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('starts the sandbox on loopback and shows its URL in the status', () => {
    expect(cloud.sandbox?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = cloud.status();
    expect(status.map((s) => [s.provider, s.state, s.baseUrl])).toEqual([
      ['uclbrt', 'online', cloud.sandbox!.url],
      ['tuya', 'online', cloud.sandbox!.url],
    ]);
  });

  it('issues a QR card in the community zone, looks it up, reports it lost and cancels it', async () => {
    const start = shanghaiLocal(-60_000);
    const end = shanghaiLocal(2 * DAY);
    const issued = await cloud.executor.execute(
      op({ kind: 'uclbrt.qr.issue', input: { buildNo: '1', floorNo: '1', roomNo: '101', mobile: '13800000009', start, end } }),
    );
    expect(issued.kind).toBe('success');
    const cardNo = String(issued.kind === 'success' && issued.result.cardNo);
    const found = await cloud.lookup({ provider: 'uclbrt', cardNo });
    expect(found).toMatchObject({ found: true, validFrom: start, validTo: end, status: 'issued', fields: { roomNo: '101' } });

    expect((await cloud.executor.execute(op({ kind: 'uclbrt.qr.reportLost', input: { cardNo } }))).kind).toBe('success');
    expect((await cloud.lookup({ provider: 'uclbrt', cardNo })).status).toBe('lost');
    expect((await cloud.executor.execute(op({ kind: 'uclbrt.qr.cancel', input: { cardNo } }))).kind).toBe('success');
    // Sent again (as after an uncertain first attempt): still a success, the card is gone.
    const again = await cloud.executor.execute(op({ kind: 'uclbrt.qr.cancel', input: { cardNo } }));
    expect(again).toMatchObject({ kind: 'success', result: { alreadyCancelled: true } });
  });

  it('a card that does not exist is "not found", not an error', async () => {
    expect(await cloud.lookup({ provider: 'uclbrt', cardNo: 'NoSuchCard123' })).toMatchObject({ found: false });
  });

  it('issues and cancels a proximity card with the demo operator and issuer', async () => {
    const issue = await cloud.executor.execute(
      op({
        kind: 'uclbrt.prox.issue',
        input: { serialNum: 'DEADBEEF', buildNo: '1', floorNo: '1', roomNo: '102', end: shanghaiLocal(DAY), lockType: 'QRALOCK' },
      }),
    );
    expect(issue).toMatchObject({ kind: 'success', result: { serialNum: 'DEADBEEF' } });
    const card = cloud.sandbox!.state.uclbrt.cards.find((c) => c.serialNum === 'DEADBEEF');
    expect(card).toMatchObject({ status: 'issued', issueMac: '7C778A6C7D9C', roomNo: '102' });
    const cancel = await cloud.executor.execute(op({ kind: 'uclbrt.prox.cancel', input: { serialNum: 'DEADBEEF', lockType: 'QRALOCK' } }));
    expect(cancel.kind).toBe('success');
    expect(card?.status).toBe('cancelled');
  });

  it('a refused loss report is permanent with the catalogue code (5217 on a QRB lock)', async () => {
    const issued = await cloud.executor.execute(
      op({ kind: 'uclbrt.qr.issue', input: { buildNo: '1', floorNo: '1', roomNo: '103', mobile: '13800000009' } }),
    );
    const cardNo = String(issued.kind === 'success' && issued.result.cardNo);
    const lost = await cloud.executor.execute(op({ kind: 'uclbrt.qr.reportLost', input: { cardNo } }));
    expect(lost).toMatchObject({ kind: 'permanent', error: { code: 'uclbrt.5217' } });
    expect((await cloud.executor.execute(op({ kind: 'uclbrt.qr.reportLost', input: { cardNo, wholeRoom: true } }))).kind).toBe('success');
  });

  it('runs every Tuya kind through the Tuya client, times read in the station zone', async () => {
    const issue = await cloud.executor.execute(
      op({
        kind: 'tuya.issue',
        input: { deviceId: 'demolock101', cardId: 'A1B2C3D4', start: '2030-01-10T14:00', end: '2030-01-12T11:00' },
      }),
    );
    expect(issue.kind).toBe('success');
    const lockCardId = String(issue.kind === 'success' && issue.result.lockCardId);
    const looked = await cloud.lookup({ provider: 'tuya', deviceId: 'demolock101', lockCardId });
    expect(looked).toMatchObject({ found: true, validFrom: '2030-01-10T14:00', validTo: '2030-01-12T11:00' });
    const stored = cloud.sandbox!.state.tuya.cards.get(lockCardId);
    expect(stored?.beginTime).toBe(Date.UTC(2030, 0, 10, 13, 0)); // 14:00 in Berlin winter = 13:00 UTC

    const ref = { deviceId: 'demolock101', lockCardId };
    expect(
      (await cloud.executor.execute(op({ kind: 'tuya.modify', input: { ...ref, start: '2030-01-10T14:00', end: '2030-01-13T11:00' } })))
        .kind,
    ).toBe('success');
    expect((await cloud.executor.execute(op({ kind: 'tuya.freeze', input: ref }))).kind).toBe('success');
    expect(cloud.sandbox!.state.tuya.cards.get(lockCardId)?.frozen).toBe(true);
    expect((await cloud.executor.execute(op({ kind: 'tuya.unfreeze', input: ref }))).kind).toBe('success');
    expect(cloud.sandbox!.state.tuya.cards.get(lockCardId)?.frozen).toBe(false);
    expect((await cloud.executor.execute(op({ kind: 'tuya.delete', input: ref }))).kind).toBe('success');
    expect(cloud.sandbox!.state.tuya.cards.get(lockCardId)?.deleted).toBe(true);
  });

  it('offers the community issuer MACs and tests both connections', async () => {
    expect(await cloud.macList()).toEqual(['7C778A6C7D9C', '0C1A2B3C4D5E']);
    expect(await cloud.testConnection({ provider: 'uclbrt' })).toMatchObject({ ok: true });
    expect(await cloud.testConnection({ provider: 'tuya' })).toMatchObject({ ok: true });
    expect(await cloud.executor.probe('uclbrt')).toBe(true);
    expect(await cloud.executor.probe('tuya')).toBe(true);
  });

  it('goes offline when the cloud is down, and says a Tuya rate limit is retryable', async () => {
    cloud.sandbox!.setFault('rate-limit', 1);
    const limited = await cloud.executor.execute(op({ kind: 'tuya.issue', input: { deviceId: 'demolock102', cardId: 'CAFE0001' } }));
    expect(limited.kind).toBe('retryable');
    expect(limited.kind === 'retryable' && limited.retryAfterMs).toBeGreaterThan(0);

    cloud.sandbox!.setFault('down', 1, 1500);
    await new Promise((r) => setTimeout(r, 100));
    const down = await cloud.executor.execute(op({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'abcdef123' } }));
    expect(down).toMatchObject({ kind: 'retryable', error: { code: 'cloud.unreachable' } });
    expect(cloud.status()[0]).toMatchObject({ provider: 'uclbrt', state: 'offline', lastError: { code: 'cloud.unreachable' } });
    expect(await cloud.executor.probe('uclbrt')).toBe(false);
    let reachable = false;
    for (let i = 0; i < 40 && !reachable; i++) {
      await new Promise((r) => setTimeout(r, 250));
      reachable = await cloud.executor.probe('uclbrt');
    }
    expect(reachable).toBe(true);
  });
});

describe('live configuration: settings and secrets', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ fixture: uclbrtFixture(1000) });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const liveConfig = (): StationConfig =>
    stationConfigSchema.parse({
      mode: 'live',
      uclbrt: {
        baseUrl: sandbox.url,
        accountSid: ACCOUNT.accountSid,
        communityNo: COMMUNITY,
        operator: { creatorAreaCode: '86', creatorMobile: OPERATOR.creatorMobile },
      },
      encoder: { driver: 'simulator', issueMac: '7C778A6C7D9C' },
    });

  it('reads the auth token and password MD5 from the secret store', async () => {
    const secrets = new MemorySecretStore({ 'uclbrt.authToken': ACCOUNT.authToken, 'uclbrt.passwordMd5': OPERATOR.creatorPassword });
    const cloud = await createStationCloud({ getConfig: liveConfig, secrets });
    try {
      expect(cloud.sandbox).toBeUndefined();
      expect(cloud.status().map((s) => s.state)).toEqual(['online', 'unconfigured']);
      const made = await cloud.executor.execute(
        op({
          kind: 'uclbrt.prox.issue',
          input: { serialNum: '0A0B0C0D', buildNo: '1', floorNo: '1', roomNo: '101', end: shanghaiLocal(DAY), lockType: 'QRALOCK' },
        }),
      );
      expect(made.kind).toBe('success');
      const tuya = await cloud.executor.execute(op({ kind: 'tuya.delete', input: { deviceId: 'x1', lockCardId: 'y1' } }));
      expect(tuya.kind).toBe('permanent');
    } finally {
      await cloud.close();
    }
  });

  it('without an auth token the operation waits for a person and the status says unconfigured', async () => {
    const cloud = await createStationCloud({ getConfig: liveConfig, secrets: new MemorySecretStore() });
    try {
      const before = sandbox.state.requests.length;
      const outcome = await cloud.executor.execute(op({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'abcdef123' } }));
      expect(outcome).toMatchObject({ kind: 'permanent', error: { code: 'uclbrt.not-configured' } });
      expect(cloud.status()[0].state).toBe('unconfigured');
      expect(sandbox.state.requests.length).toBe(before); // nothing was sent
    } finally {
      await cloud.close();
    }
  });
});

describe('field names in errors', () => {
  it('a rule broken on the wire is reported against the form field staff typed into', async () => {
    // In New York 02:30 on 2026-03-08 does not exist (it becomes 03:30), so an end of 03:15 is
    // before the start once both are real times: only the zoned conversion can see that.
    const config = stationConfigSchema.parse({
      mode: 'live',
      uclbrt: {
        baseUrl: 'http://127.0.0.1:9',
        accountSid: ACCOUNT.accountSid,
        authToken: ACCOUNT.authToken,
        communityNo: COMMUNITY,
        timezone: 'America/New_York',
      },
    });
    const cloud = await createStationCloud({ getConfig: () => config, secrets: new MemorySecretStore() });
    try {
      const outcome = await cloud.executor.execute(
        op({
          kind: 'uclbrt.qr.issue',
          input: { buildNo: '1', floorNo: '1', roomNo: '101', mobile: '13800000009', start: '2026-03-08T02:30', end: '2026-03-08T03:15' },
        }),
      );
      expect(outcome).toMatchObject({ kind: 'permanent', error: { code: 'station.validation', field: 'end' } });
    } finally {
      await cloud.close();
    }
  });
});
