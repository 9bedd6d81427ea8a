import { z } from 'zod';
import { encoderDriverSchema, issueMacSchema, serialFormatSchema } from './domain/encoder';
import { lockTypeSchema } from './domain/cloud';
import { CLOUD_URL_MESSAGES, cloudBaseUrlSchema, isSecureCloudUrl } from './cloud-url';
import { plainText } from './text/plain-text';
import { isLocalSiteHost, parseSiteUrl, SITE_ID_MESSAGE, SITE_ID_PATTERN, SITE_URL_MESSAGES, siteUrlSchema } from './site/site-url';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const md5Hex = z.string().regex(/^[0-9a-f]{32}$/, 'must be an MD5 hash: 32 lower-case hex digits');
/** A secret as typed or pasted: hidden characters would silently make it wrong. */
const secretText = plainText().min(1, 'is required');

/** Who is working at this station: shown in the activity log and exported. */
export const operatorNameSchema = plainText({ trim: true }).min(1, 'is required').max(64, 'is at most 64 characters');

// Every object is strict: a mistyped key (`authtoken`, `secrett`) is refused, never dropped.
export const uclbrtConfigSchema = z.strictObject({
  baseUrl: cloudBaseUrlSchema.default('https://api.uclbrt.com'),
  accountSid: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-letter-and-digit Account SID'),
  /** Secret: in the app it lives in the OS key store; the CLI also reads STATION_UCLBRT_AUTH_TOKEN. */
  authToken: secretText.optional(),
  communityNo: z.string().regex(/^\d{1,20}$/, 'must be the community number (digits)'),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  operator: z
    .strictObject({
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

export const tuyaConfigSchema = z.strictObject({
  baseUrl: cloudBaseUrlSchema.default('https://openapi.tuyacn.com'),
  clientId: plainText({ trim: true }).min(1, 'is required'),
  /** Secret: OS key store in the app; the CLI also reads STATION_TUYA_SECRET. */
  secret: secretText.optional(),
  projectId: plainText({ trim: true }).min(1, 'is required'),
  lockDeviceIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Tuya device id')).default([]),
});
export type TuyaConfig = z.infer<typeof tuyaConfigSchema>;

export const encoderConfigSchema = z.strictObject({
  driver: encoderDriverSchema.default('simulator'),
  port: plainText({ trim: true }).min(1, 'is required').optional(),
  baudRate: z.number().int().positive().optional(),
  serialFormat: serialFormatSchema.default('hex'),
  issueMac: issueMacSchema.optional(),
  lockType: lockTypeSchema.default('QRALOCK'),
});
export type EncoderConfig = z.infer<typeof encoderConfigSchema>;

/**
 * Several desks of one hotel share cards, rooms, operators and activity through the hotel's
 * PostgreSQL (docs/site.md). The role's password is a secret (STATION_SITE_PASSWORD, or Settings).
 */
export const siteConfigSchema = z.strictObject({
  postgresUrl: siteUrlSchema,
  siteId: z.string().regex(SITE_ID_PATTERN, SITE_ID_MESSAGE),
  stationId: z.string().regex(SITE_ID_PATTERN, SITE_ID_MESSAGE),
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;

/** The whole station in one JSON document. Absent providers mean demo mode uses the sandbox. */
export const stationConfigSchema = z
  .object({
    $schema: plainText().optional(),
    mode: z.enum(['demo', 'live']).default('demo'),
    dataDir: plainText({ trim: true }).min(1, 'is required').optional(),
    language: z.enum(['en', 'zh-CN']).default('en'),
    operatorName: operatorNameSchema.default('front-desk'),
    uclbrt: uclbrtConfigSchema.optional(),
    tuya: tuyaConfigSchema.optional(),
    encoder: encoderConfigSchema.default({ driver: 'simulator', serialFormat: 'hex', lockType: 'QRALOCK' }),
    site: siteConfigSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.encoder.driver !== 'simulator' && c.encoder.driver !== 'none' && !c.encoder.port) {
      ctx.addIssue({ code: 'custom', path: ['encoder', 'port'], message: `is required for the ${c.encoder.driver} driver` });
    }
    if (c.mode === 'live') {
      for (const provider of ['uclbrt', 'tuya'] as const) {
        const url = c[provider]?.baseUrl;
        if (url && !isSecureCloudUrl(url)) ctx.addIssue({ code: 'custom', path: [provider, 'baseUrl'], message: CLOUD_URL_MESSAGES.liveNeedsHttps });
      }
      const site = c.site ? parseSiteUrl(c.site.postgresUrl) : undefined;
      if (site && !('problem' in site) && site.sslmode === 'disable' && !isLocalSiteHost(site.host)) {
        ctx.addIssue({ code: 'custom', path: ['site', 'postgresUrl'], message: SITE_URL_MESSAGES.liveNeedsTls });
      }
    }
  });
export type StationConfig = z.infer<typeof stationConfigSchema>;
export type StationConfigInput = z.input<typeof stationConfigSchema>;
