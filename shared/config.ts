import { z } from 'zod';
import { encoderDriverSchema, issueMacSchema, serialFormatSchema } from './domain/encoder';
import { lockTypeSchema } from './domain/cloud';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z.string().url('must be a URL like https://api.uclbrt.com').refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');
const md5Hex = z.string().regex(/^[0-9a-f]{32}$/, 'must be an MD5 hash: 32 lower-case hex digits');

export const uclbrtConfigSchema = z.object({
  baseUrl: httpUrl.default('https://api.uclbrt.com'),
  accountSid: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-letter-and-digit Account SID'),
  /** Secret: in the app it lives in the OS key store; the CLI also reads STATION_UCLBRT_AUTH_TOKEN. */
  authToken: z.string().min(1).optional(),
  communityNo: z.string().regex(/^\d{1,20}$/, 'must be the community number (digits)'),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  operator: z
    .object({
      creatorAreaCode: z.string().regex(/^\d{1,4}$/, 'must be 1 to 4 digits').default('86'),
      creatorMobile: z.string().regex(/^\d{5,20}$/, 'must be the operator mobile number (digits)').optional(),
      creatorEmail: z.string().email().optional(),
      /** MD5 of the operator password; the plain password is never stored. Secret. */
      passwordMd5: md5Hex.optional(),
    })
    .default({ creatorAreaCode: '86' }),
  /** Lock type of the rooms this station serves, unless a room says otherwise. */
  lockType: lockTypeSchema.default('QRALOCK'),
});
export type UclbrtConfig = z.infer<typeof uclbrtConfigSchema>;

export const tuyaConfigSchema = z.object({
  baseUrl: httpUrl.default('https://openapi.tuyacn.com'),
  clientId: z.string().min(1, 'is required'),
  /** Secret: OS key store in the app; the CLI also reads STATION_TUYA_SECRET. */
  secret: z.string().min(1).optional(),
  projectId: z.string().min(1, 'is required'),
  lockDeviceIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Tuya device id')).default([]),
});
export type TuyaConfig = z.infer<typeof tuyaConfigSchema>;

export const encoderConfigSchema = z.object({
  driver: encoderDriverSchema.default('simulator'),
  port: z.string().min(1).optional(),
  baudRate: z.number().int().positive().optional(),
  serialFormat: serialFormatSchema.default('hex'),
  issueMac: issueMacSchema.optional(),
  lockType: lockTypeSchema.default('QRALOCK'),
});
export type EncoderConfig = z.infer<typeof encoderConfigSchema>;

/** The whole station in one JSON document. Absent providers mean demo mode uses the sandbox. */
export const stationConfigSchema = z
  .object({
    $schema: z.string().optional(),
    mode: z.enum(['demo', 'live']).default('demo'),
    dataDir: z.string().min(1).optional(),
    language: z.enum(['en', 'zh-CN']).default('en'),
    operatorName: z.string().trim().min(1).max(64).default('front-desk'),
    uclbrt: uclbrtConfigSchema.optional(),
    tuya: tuyaConfigSchema.optional(),
    encoder: encoderConfigSchema.default({ driver: 'simulator', serialFormat: 'hex', lockType: 'QRALOCK' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.encoder.driver !== 'simulator' && c.encoder.driver !== 'none' && !c.encoder.port) {
      ctx.addIssue({ code: 'custom', path: ['encoder', 'port'], message: `is required for the ${c.encoder.driver} driver` });
    }
  });
export type StationConfig = z.infer<typeof stationConfigSchema>;
export type StationConfigInput = z.input<typeof stationConfigSchema>;

/** Turns zod issues into one line per field: `uclbrt.accountSid: must be ...`. */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
