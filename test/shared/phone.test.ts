/**
 * A guest mobile must be a real mobile number under its area code: "12345" once issued a card.
 * One rule (shared/text/phone.ts, libphonenumber's `min` metadata) for the form, IPC and the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueProximityInputSchema, issueQrCardInputSchema } from '../../shared/domain/operations';
import { isMobileFor, MOBILE_FOR_AREA_CODE } from '../../shared/text/phone';
import { type Dispatch } from '../../electron/services/ipc/dispatcher';
import { signedInInvoke } from '../sign-in';
import { DEMO_ACCOUNTS } from '../../shared/staff';
import { createStation, type Station } from '../../electron/services/station';
import { parseStationConfig } from '../../electron/services/config';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { runCli } from '../../electron/cli/main';
import { demoStation, tempDir } from '../helpers';

const DEMO_CLERK = DEMO_ACCOUNTS.find((a) => a.role === 'clerk')!;

const qr = (input: Record<string, unknown>) => ({ roomNo: '101', mobile: '13800138000', ...input });

describe('isMobileFor', () => {
  it('accepts real mobiles under their area code', () => {
    expect(isMobileFor('86', '13800138000')).toBe(true);
    expect(isMobileFor('852', '91234567')).toBe(true);
    expect(isMobileFor('1', '4155550100')).toBe(true);
  });
  it('refuses short, long and wrong-country numbers', () => {
    expect(isMobileFor('86', '12345')).toBe(false);
    expect(isMobileFor('86', '1380013800012')).toBe(false);
    expect(isMobileFor('852', '13800138000')).toBe(false);
    expect(isMobileFor('999', '13800138000')).toBe(false);
  });
});

describe('the issue schemas', () => {
  it('a QR card for "12345" is refused on the mobile field, with the area-code rule', () => {
    const r = issueQrCardInputSchema.safeParse(qr({ mobile: '12345' }));
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ['mobile'], message: MOBILE_FOR_AREA_CODE })]);
    expect(issueQrCardInputSchema.safeParse(qr({})).success).toBe(true);
  });
  it('a proximity card holder mobile is checked only when given', () => {
    const base = { serialNum: '0A0B0C0D', roomNo: '101', end: '2030-01-01T12:00', lockType: 'QRALOCK' };
    expect(issueProximityInputSchema.safeParse(base).success).toBe(true);
    const r = issueProximityInputSchema.safeParse({ ...base, ownerMobile: '12345' });
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ['ownerMobile'], message: MOBILE_FOR_AREA_CODE })]);
  });
});

describe('main refuses it too', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let dispatch: (channel: string, request: unknown) => ReturnType<Dispatch>;
  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    const clerk = await signedInInvoke(station, 'clerk');
    dispatch = (channel, request) => clerk.dispatch(channel, request, clerk.ctx);
  });
  afterAll(async () => cleanup());

  it('over IPC: nothing reaches the queue', async () => {
    const r = await dispatch('operations:submit', { kind: 'uclbrt.qr.issue', input: qr({ mobile: '12345' }) });
    expect(r).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'input.mobile' } });
    if (!r.ok) expect(r.error.message).toContain(`input.mobile: ${MOBILE_FOR_AREA_CODE}`);
    expect((await station.outbox.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('a room action (new stay, duplicate) for "12345" is refused as invalid input naming the mobile, before anything is planned', async () => {
    for (const request of [
      { action: 'new-stay', room: '101', end: '2030-01-01T12:00', cardKind: 'qr', mobile: '12345' },
      { action: 'duplicate', room: '101', cardKind: 'qr', mobile: '12345' },
    ]) {
      for (const channel of ['rooms:preview', 'rooms:action'] as const) {
        const r = await dispatch(channel, request);
        expect(r).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'mobile' } });
        if (!r.ok) expect(r.error.message).toContain(`mobile: ${MOBILE_FOR_AREA_CODE}`);
      }
    }
    expect((await station.outbox.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('on the command line: issue-qr --room refuses it, naming the mobile, and queues nothing', async () => {
    const t = tempDir('cs-phone-cli-');
    let err = '';
    try {
      // Signed in as the demo clerk: the refusal must be the mobile's, not the missing operator's.
      const code = await runCli(
        ['issue-qr', '--room', '101', '--mobile', '12345', '--end', '2030-01-01T12:00', '--wait', '0', '--operator', DEMO_CLERK.name],
        {
          stdout: () => {},
          stderr: (l) => (err += `${l}\n`),
          env: { ...process.env, STATION_DATA_DIR: t.dir, STATION_CONFIG: '', STATION_OPERATOR_PIN: DEMO_CLERK.secret },
          interrupted: new Promise(() => {}),
        },
      );
      expect(code).not.toBe(0);
      expect(err).toContain(MOBILE_FOR_AREA_CODE);
      // The CLI's own station database: nothing was queued.
      const after = await createStation(parseStationConfig({}), { secrets: new MemorySecretStore(), log: silentLogger, dataDir: t.dir });
      try {
        expect((await after.outbox.list({ limit: 10, offset: 0 })).total).toBe(0);
      } finally {
        await after.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
