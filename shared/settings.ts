import { z } from 'zod';
import {
  encoderConfigSchema,
  operatorNameSchema,
  siteConfigSchema,
  staffConfigSchema,
  tuyaConfigSchema,
  uclbrtConfigSchema,
} from './config';
import type { EncoderConfig, StaffConfig } from './config';
import type { StationMode } from './domain/status';
import { plainText } from './text/plain-text';

/** Settings as the renderer sees them: never a secret, only whether one is set. */
export interface SettingsView {
  mode: StationMode;
  language: 'en' | 'zh-CN';
  operatorName: string;
  dataDir: string;
  uclbrt: null | {
    baseUrl: string;
    accountSid: string;
    communityNo: string;
    timezone: string;
    lockType: string;
    creatorAreaCode: string;
    creatorMobile?: string;
    creatorEmail?: string;
    hasAuthToken: boolean;
    hasPassword: boolean;
  };
  tuya: null | {
    baseUrl: string;
    clientId: string;
    projectId: string;
    lockDeviceIds: string[];
    hasSecret: boolean;
  };
  encoder: EncoderConfig;
  staff: StaffConfig;
  /** The hotel's site database (docs/site.md); the role's password only as "set or not". */
  site: null | { postgresUrl: string; siteId: string; stationId: string; hasPassword: boolean };
  /** Demo mode: the address of the built-in sandbox cloud the station talks to for a provider left unconfigured. */
  demoCloudUrl?: string;
}

/** A change from the Settings screen. Secrets are write-only; the password arrives plain and is hashed in main at once. */
export const settingsPatchSchema = z
  .object({
    mode: z.enum(['demo', 'live']).optional(),
    language: z.enum(['en', 'zh-CN']).optional(),
    operatorName: operatorNameSchema.optional(),
    uclbrt: uclbrtConfigSchema
      .omit({ operator: true })
      .extend({
        creatorAreaCode: z
          .string()
          .regex(/^\d{1,4}$/, 'must be 1 to 4 digits')
          .default('86'),
        creatorMobile: z
          .string()
          .regex(/^\d{5,20}$/, 'must be the operator mobile number (digits)')
          .optional(),
        password: plainText().min(1, 'is required').max(128, 'is at most 128 characters').optional(),
      })
      .strict()
      .nullable()
      .optional(),
    tuya: tuyaConfigSchema.nullable().optional(),
    encoder: encoderConfigSchema.partial().optional(),
    staff: staffConfigSchema.partial().optional(),
    site: siteConfigSchema
      .extend({ password: plainText().min(8, 'is at least 8 characters').max(200, 'is at most 200 characters').optional() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
