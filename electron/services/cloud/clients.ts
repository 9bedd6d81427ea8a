/**
 * The UCLBRT and Tuya clients for the current settings. Settings (and secrets) are resolved on every
 * call, so changes in Settings apply to the next one; clients are reused while their settings stay
 * the same.
 */
import type { StationConfig } from '../../../shared/config';
import type { ProviderId } from '../../../shared/domain/cloud';
import { StationFailure } from '../failure';
import { Redactor } from '../logging/redact';
import type { SecretStore } from '../secrets/secret-store';
import { CloudCallError } from './call-error';
import { createCloudHttp } from './http';
import { resolveCloudSettings, type CloudSettings, type DemoCloud, type TuyaSettings, type UclbrtSettings } from './settings';
import { TuyaClient } from './tuya/client';
import { UclbrtClient } from './uclbrt/client';

export interface CloudTimeouts {
  connectMs?: number;
  responseMs?: number;
}

export interface CloudClientOptions {
  /** The in-process sandbox of a demo station. */
  demo?: DemoCloud;
  timeouts?: CloudTimeouts;
  /** Learns every secret the clients use and masks them in outcomes (the log's redactor). */
  redactor?: Redactor;
}

/** The clients for the current settings, built on demand and reused while settings are unchanged. */
export class CloudClients {
  private uclbrtKey = '';
  private uclbrtClient?: UclbrtClient;
  private tuyaKey = '';
  private tuyaClient?: TuyaClient;

  readonly redactor: Redactor;

  constructor(
    private readonly getConfig: () => StationConfig,
    private readonly secrets: SecretStore,
    private readonly options: CloudClientOptions = {},
  ) {
    this.redactor = options.redactor ?? new Redactor();
  }

  /** The settings to send with; their secrets (demo ones and config-file ones too) become known to the redactor. */
  async settings(): Promise<CloudSettings> {
    const resolved = await resolveCloudSettings(this.getConfig(), this.secrets, this.options.demo);
    if (resolved.uclbrt.configured) {
      this.redactor.addSecret(resolved.uclbrt.settings.authToken);
      this.redactor.addSecret(resolved.uclbrt.settings.operator.passwordMd5);
    }
    if (resolved.tuya.configured) this.redactor.addSecret(resolved.tuya.settings.secret);
    return resolved;
  }

  async uclbrt(): Promise<{ client: UclbrtClient; settings: UclbrtSettings }> {
    const resolved = (await this.settings()).uclbrt;
    if (!resolved.configured) throw StationFailure.of('uclbrt.not-configured', { detail: resolved.missing });
    const s = resolved.settings;
    const key = JSON.stringify([s.baseUrl, s.accountSid, s.authToken]);
    if (!this.uclbrtClient || key !== this.uclbrtKey) {
      this.uclbrtClient = new UclbrtClient({
        baseUrl: s.baseUrl,
        accountSid: s.accountSid,
        authToken: s.authToken,
        connectTimeoutMs: this.options.timeouts?.connectMs,
        responseTimeoutMs: this.options.timeouts?.responseMs,
      });
      this.uclbrtKey = key;
    }
    return { client: this.uclbrtClient, settings: s };
  }

  async tuya(): Promise<{ client: TuyaClient; settings: TuyaSettings }> {
    const resolved = (await this.settings()).tuya;
    if (!resolved.configured) throw StationFailure.of('station.not-available', { feature: `Tuya (${resolved.missing})` });
    const s = resolved.settings;
    const key = JSON.stringify([s.baseUrl, s.clientId, s.secret]);
    if (!this.tuyaClient || key !== this.tuyaKey) {
      const t = this.options.timeouts;
      this.tuyaClient = new TuyaClient({
        baseUrl: s.baseUrl,
        clientId: s.clientId,
        secret: s.secret,
        onSecret: (value) => this.redactor.addSecret(value),
        timeoutMs: t?.connectMs || t?.responseMs ? { connect: t.connectMs ?? 5_000, response: t.responseMs ?? 15_000 } : undefined,
      });
      this.tuyaKey = key;
    }
    return { client: this.tuyaClient, settings: s };
  }
}

/** Reachability: any HTTP answer from the UCLBRT host; a token (or a vendor refusal) from Tuya. */
export async function probeProvider(clients: CloudClients, provider: ProviderId, timeouts?: CloudTimeouts): Promise<boolean> {
  try {
    if (provider === 'uclbrt') {
      const { settings } = await clients.uclbrt();
      const http = createCloudHttp({
        provider,
        baseUrl: settings.baseUrl,
        connectTimeoutMs: timeouts?.connectMs ?? 3_000,
        responseTimeoutMs: timeouts?.responseMs ?? 5_000,
      });
      await http.get('/');
      return true;
    }
    const { client } = await clients.tuya();
    await client.probe();
    return true;
  } catch (err) {
    if (err instanceof CloudCallError) return err.phase === 'vendor';
    return false;
  }
}
