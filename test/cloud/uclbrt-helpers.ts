/** Shared fixture and helpers for the UCLBRT tests against the sandbox over loopback. */
import { CloudCallError } from '../../electron/services/cloud/call-error';
import type { SandboxFixture } from '../../electron/services/sandbox/types';

export const ACCOUNT = { accountSid: 'TESTACCOUNT000000000000000000001', authToken: 'test-auth-token-abcdef' };
export const COMMUNITY = '1316879946';
export const MAC = '7C778A6C7D9C';
export const OPERATOR = { creatorAreaCode: '86', creatorMobile: '13800000000', creatorPassword: '6e9bece1914809fb8493146417e722f6' };

export function uclbrtFixture(rateLimitPerMinute?: number): SandboxFixture {
  return {
    uclbrt: {
      accounts: [
        {
          ...ACCOUNT,
          rateLimitPerMinute,
          communities: [
            {
              communityNo: COMMUNITY,
              timeZone: 'Asia/Shanghai',
              issuerMacs: [MAC, '0C1A2B3C4D5E'],
              operators: [{ areaCode: '86', mobile: '13800000000', passwordMd5: OPERATOR.creatorPassword }],
              rooms: [
                { buildNo: '1', floorNo: '1', roomNo: '101', lockType: 'QRALOCK' },
                { buildNo: '1', floorNo: '1', roomNo: '103', lockType: 'QRBLOCK' },
                { buildNo: '1', floorNo: '2', roomNo: '202', lockType: 'QRLOCK' },
                { buildNo: '1', floorNo: '3', roomNo: '301', lockType: 'QRPLOCK' },
                { buildNo: '2', floorNo: '1', roomNo: '101', lockType: 'QRALOCK' },
              ],
            },
          ],
        },
      ],
    },
    tuya: { projects: [] },
  };
}

/** A local time `days` from now in Shanghai, as staff would pick it. */
export function shanghaiLocal(offsetMs: number): string {
  const d = new Date(Date.now() + offsetMs + 8 * 3_600_000);
  return d.toISOString().slice(0, 16);
}

export async function vendorCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    if (err instanceof CloudCallError) return err.vendorCode ?? `phase:${err.phase}`;
    throw err;
  }
}
