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

/**
 * This desk's name (`front-desk`): recorded with each sign-in so the activity log says where it
 * happened. The person who acts is whoever signed in (see shared/staff.ts).
 */
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
      creatorAreaCode: z
        .string()
        .regex(/^\d{1,4}$/, 'must be 1 to 4 digits')
        .default('86'),
      creatorMobile: z
        .string()
        .regex(/^\d{5,20}$/, 'must be the operator mobile number (digits)')
        .optional(),
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

export const IDLE_LOCK_RANGE = { min: 1, max: 60, default: 5 } as const;
const idleLockMessage = `must be a whole number of minutes from ${IDLE_LOCK_RANGE.min} to ${IDLE_LOCK_RANGE.max}`;

/** Sign-in and sessions (operators themselves live in the station database, not here). */
export const staffConfigSchema = z.strictObject({
  /** Minutes without input before a window locks to the sign-in view. */
  idleLockMinutes: z
    .number()
    .int(idleLockMessage)
    .min(IDLE_LOCK_RANGE.min, idleLockMessage)
    .max(IDLE_LOCK_RANGE.max, idleLockMessage)
    .default(IDLE_LOCK_RANGE.default),
});
export type StaffConfig = z.infer<typeof staffConfigSchema>;

/** `127.0.0.1`, `::1`, `localhost`: only this computer can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*$/i;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** An address to listen on: an IP address (0.0.0.0 = every network) or a host name of this computer. */
const listenHost = plainText({ trim: true }).refine(
  (h) => IPV4.test(h) || IPV6.test(h) || HOST_NAME.test(h),
  'must be an IP address such as 127.0.0.1 or 0.0.0.0, or a host name',
);
/** A PMS computer's address, as the connection shows it. */
const peerAddress = plainText({ trim: true }).refine((h) => IPV4.test(h) || IPV6.test(h), 'must be an IP address such as 192.168.1.20');
/** 0 picks a free port (tests); the status then shows the one chosen. */
const listenPort = z.number().int().min(0, 'must be 0 to 65535').max(65535, 'must be 0 to 65535');
const pmsEncoderId = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'must be 1 to 16 letters or digits, as the PMS names the encoder');

/** FIAS fields the station reads from key records itself: a mobile field must be another one. */
export const FIAS_KEY_FIELDS = ['K#', 'KC', 'KT', 'RN', 'WS', 'GA', 'GD', 'DT', 'G#', 'GN', 'DA', 'TI', 'KO'] as const;

export const PMS_CARD_KINDS = ['proximity', 'qr', 'tuya'] as const;

export const pmsConfigSchema = z
  .strictObject({
    /** FIAS-style TCP interface (Oracle/Fidelio): off unless set. */
    fias: z
      .strictObject({
        host: listenHost.default('127.0.0.1'),
        port: listenPort,
        /** The `KC` value that names this station's encoder. */
        encoderId: pmsEncoderId.default('1'),
        /** PMS computers allowed to connect; default: this computer only. */
        allow: z.array(peerAddress).min(1, 'must name at least one PMS address').optional(),
        /** The FIAS field carrying the guest's mobile (needed for QR keys), e.g. `MN`. */
        mobileField: z
          .string()
          .regex(/^[A-Z0-9#]{2}$/, 'must be a two-character FIAS field id such as MN')
          .refine((f) => !(FIAS_KEY_FIELDS as readonly string[]).includes(f), 'is a field the key records already use; choose another one')
          .optional(),
      })
      .optional(),
    /** HTTP key API shaped after OPERA's roomKeysOutbound: off unless set. */
    http: z
      .strictObject({
        host: listenHost.default('127.0.0.1'),
        port: listenPort,
        /** Secret: the bearer token the PMS sends; CLI: STATION_PMS_HTTP_TOKEN. */
        token: secretText.min(16, 'must be at least 16 characters').optional(),
        /** The `encoderId` that names this station's encoder. */
        encoderId: pmsEncoderId.default('1'),
      })
      .optional(),
    /** Which card a key request makes; default proximity when the station has an encoder, else qr. */
    cardKind: z.enum(PMS_CARD_KINDS).optional(),
    /** How long the station waits for each card on the encoder. */
    keyWaitSeconds: z.number().int().min(5, 'must be 5 to 600 seconds').max(600, 'must be 5 to 600 seconds').default(60),
  })
  .superRefine((p, ctx) => {
    if (p.fias && !isLoopbackHost(p.fias.host) && !p.fias.allow) {
      ctx.addIssue({
        code: 'custom',
        path: ['fias', 'allow'],
        message: `is required when FIAS listens on ${p.fias.host}: list the PMS computers' addresses`,
      });
    }
  });
export type PmsConfig = z.infer<typeof pmsConfigSchema>;
export type PmsCardKind = (typeof PMS_CARD_KINDS)[number];

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
    staff: staffConfigSchema.default({ idleLockMinutes: IDLE_LOCK_RANGE.default }),
    /** The hotel's PMS asking for keys (FIAS over TCP, HTTP key API); both off unless set. */
    pms: pmsConfigSchema.optional(),
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
        if (url && !isSecureCloudUrl(url))
          ctx.addIssue({ code: 'custom', path: [provider, 'baseUrl'], message: CLOUD_URL_MESSAGES.liveNeedsHttps });
      }
      const site = c.site ? parseSiteUrl(c.site.postgresUrl) : undefined;
      if (site && !('problem' in site) && site.sslmode === 'disable' && !isLocalSiteHost(site.host)) {
        ctx.addIssue({ code: 'custom', path: ['site', 'postgresUrl'], message: SITE_URL_MESSAGES.liveNeedsTls });
      }
    }
  });
export type StationConfig = z.infer<typeof stationConfigSchema>;
export type StationConfigInput = z.input<typeof stationConfigSchema>;
