import type { ProviderId } from './cloud';

/** What a live cloud lookup found about one card. */
export interface CloudLookup {
  provider: ProviderId;
  found: boolean;
  /** Local `YYYY-MM-DDTHH:mm` in the community's (UCLBRT) or station's (Tuya) zone. */
  validFrom?: string;
  validTo?: string;
  status?: string;
  /** Selected fields of the vendor answer (never secrets). */
  fields: Record<string, string | number | boolean | null>;
}
