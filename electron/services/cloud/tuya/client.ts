import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { CloudCallError, isCloudCallError } from '../call-error';
import { findErrorEntry } from '../../../../shared/errors';
import { createCloudHttp, readJsonBody, toCloudCallError } from '../http';
import { buildStringToSign, businessSign, canonicalUrl, tokenSign } from './sign';
import { TuyaTokenCache, type TuyaTokenGrant } from './token';
import { checkCardRef, checkIssue, checkModify } from './validate';

export interface TuyaClientOptions {
  /** Data centre, e.g. `https://openapi.tuyacn.com`, or the sandbox. */
  baseUrl: string;
  clientId: string;
  secret: string;
  timeoutMs?: { connect: number; response: number };
  /** Told each access and refresh token as it arrives, so they can be masked like the other secrets. */
  onSecret?: (value: string) => void;
  /** Clock for the `t` header and token expiry (tests). */
  now?: () => number;
}

export interface TuyaCardOperation {
  lockCardId: string;
  operateId: string;
}

export interface TuyaCardInfo {
  lockCardId: string;
  /** 13-digit ms timestamps; absent when the cloud has none. */
  beginMs?: number;
  endMs?: number;
}

/** Tuya codes after which a fresh token is fetched and the call sent once more. */
const STALE_TOKEN_CODES: Record<string, 'refresh' | 'grant'> = {
  '1010': 'refresh',
  '1011': 'grant',
  '1012': 'grant',
  '1400': 'grant',
};

/** Codes that ask us to slow down; the outbox waits at least this long. */
const SLOW_DOWN_MS: Record<string, number> = { '1110': 10_000, '1111': 30_000, '1199': 60_000, '1113': 60_000 };

const PROVIDER = 'tuya' as const;
const LOCK_CARDS = (projectId: string, deviceId: string) =>
  `/v1.0/osaas/projects/${seg(projectId)}/card-issue-devices/lock-devices/${seg(deviceId)}/cards`;

function seg(id: string): string {
  return encodeURIComponent(id);
}

/**
 * Tuya OSaaS door-lock card API (seed 003) with our own signer: the official SDK pins axios 0.21,
 * has no connect/response timeouts and signs a `{}` body on GET, so production uses this small
 * client and the SDK serves as the independent client in tests. Inputs that break seed 003's rules
 * throw `station.validation` (StationFailure, naming the field) before anything is sent; every
 * other failure is a CloudCallError.
 */
export class TuyaClient {
  private readonly http: AxiosInstance;
  private readonly tokens: TuyaTokenCache;
  private readonly now: () => number;

  constructor(private readonly opts: TuyaClientOptions) {
    this.now = opts.now ?? Date.now;
    this.http = createCloudHttp({
      provider: PROVIDER,
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      connectTimeoutMs: opts.timeoutMs?.connect,
      responseTimeoutMs: opts.timeoutMs?.response,
    });
    this.tokens = new TuyaTokenCache(
      { grant: () => this.tokenCall('/v1.0/token?grant_type=1'), refresh: (rt) => this.tokenCall(`/v1.0/token/${seg(rt)}`) },
      { now: this.now },
    );
  }

  /**
   * Issues the encoder's card to a lock. Tuya's issue call takes only the card id; a validity,
   * when given, is then set with the modify call. If that second step fails the card is still
   * issued: the error says so (with the lock card id) and is never of phase `connect`.
   */
  async issueCard(projectId: string, deviceId: string, cardId: string, beginMs?: number, endMs?: number): Promise<TuyaCardOperation> {
    checkIssue(projectId, deviceId, cardId, beginMs, endMs);
    const issued = this.operation(await this.call('POST', LOCK_CARDS(projectId, deviceId), { card_id: cardId }));
    if (beginMs === undefined && endMs === undefined) return issued;
    try {
      await this.modifyCard(projectId, deviceId, issued.lockCardId, beginMs, endMs);
    } catch (err) {
      // The issue itself happened: never report this as "not sent" (a retry would issue again).
      // A clear refusal of the validity stays a vendor answer; a "come back later" one must not
      // read as "nothing was done", so it becomes "sent, outcome unknown".
      const e = toCloudCallError(PROVIDER, err);
      const refused = e.phase === 'vendor' && findErrorEntry(`tuya.${e.vendorCode}`)?.category !== 'retry-later';
      throw new CloudCallError({
        ...e,
        provider: PROVIDER,
        phase: refused ? 'vendor' : 'response',
        message: `${e.message} (card issued as lock card ${issued.lockCardId}, validity not set)`,
      });
    }
    return issued;
  }

  async modifyCard(projectId: string, deviceId: string, lockCardId: string, beginMs?: number, endMs?: number): Promise<TuyaCardOperation> {
    checkModify(projectId, deviceId, lockCardId, beginMs, endMs);
    const body: Record<string, number> = {};
    if (beginMs !== undefined) body.begin_time = beginMs;
    if (endMs !== undefined) body.end_time = endMs;
    return this.operation(await this.call('PUT', `${LOCK_CARDS(projectId, deviceId)}/${seg(lockCardId)}`, body));
  }

  async deleteCard(projectId: string, deviceId: string, lockCardId: string): Promise<TuyaCardOperation> {
    checkCardRef(projectId, deviceId, lockCardId);
    return this.operation(await this.call('DELETE', `${LOCK_CARDS(projectId, deviceId)}/${seg(lockCardId)}`));
  }

  /** Freezes (`frozen: true`, freeze_status 1) or unfreezes (freeze_status 0) a card on a lock. */
  async setFreeze(projectId: string, deviceId: string, lockCardId: string, frozen: boolean): Promise<TuyaCardOperation> {
    checkCardRef(projectId, deviceId, lockCardId);
    const path = `${LOCK_CARDS(projectId, deviceId)}/${seg(lockCardId)}/freeze-status`;
    return this.operation(await this.call('PUT', path, { freeze_status: frozen ? 1 : 0 }));
  }

  async queryCard(projectId: string, deviceId: string, lockCardId: string): Promise<TuyaCardInfo> {
    checkCardRef(projectId, deviceId, lockCardId);
    const path = `/v1.0/cloud/osaas/projects/${seg(projectId)}/card-issue-devices/lock-devices/${seg(deviceId)}/cards/${seg(lockCardId)}`;
    const result = asObject(await this.call('GET', path));
    return {
      lockCardId: String(result.lock_card_id ?? lockCardId),
      beginMs: optionalMs(result.begin_time),
      endMs: optionalMs(result.end_time),
    };
  }

  /** A light reachability and credentials check: fetches (or reuses) an access token. */
  async probe(): Promise<void> {
    await this.tokens.accessToken();
  }

  private operation(result: unknown): TuyaCardOperation {
    const r = asObject(result);
    if (r.operate_result === false) {
      throw new CloudCallError({
        provider: PROVIDER,
        phase: 'vendor',
        vendorCode: 'operate-failed',
        serverText: typeof r.msg === 'string' ? r.msg : undefined,
        message: 'tuya: the lock did not carry out the operation (operate_result false)',
      });
    }
    if (typeof r.lock_card_id !== 'string' && typeof r.lock_card_id !== 'number') {
      throw new CloudCallError({
        provider: PROVIDER,
        phase: 'response',
        causeCode: 'EBADBODY',
        message: 'tuya: the answer has no lock_card_id',
      });
    }
    return { lockCardId: String(r.lock_card_id), operateId: String(r.operate_id ?? '') };
  }

  /** One business call, with one retry on a fresh token when Tuya says the token is stale. */
  private async call(method: string, path: string, body?: object): Promise<unknown> {
    const token = await this.token();
    try {
      return await this.send(method, path, body, token);
    } catch (err) {
      const how = isCloudCallError(err) && err.phase === 'vendor' && err.vendorCode ? STALE_TOKEN_CODES[err.vendorCode] : undefined;
      if (!how) throw err;
      return await this.send(method, path, body, await this.token(token, how));
    }
  }

  /**
   * A token failure means the card request itself never left: transport failures of the token
   * call are reported as `connect` (safe to retry); vendor refusals (1004, 1005...) stay `vendor`.
   */
  private async token(stale?: string, how?: 'refresh' | 'grant'): Promise<string> {
    try {
      return stale ? await this.tokens.replace(stale, how) : await this.tokens.accessToken();
    } catch (err) {
      const e = toCloudCallError(PROVIDER, err);
      if (e.phase === 'vendor') throw e;
      throw new CloudCallError({
        provider: PROVIDER,
        phase: 'connect',
        causeCode: `TOKEN_${e.causeCode ?? 'EUNKNOWN'}`,
        httpStatus: e.httpStatus,
        retryAfterMs: e.retryAfterMs,
        message: `tuya: could not get an access token: ${e.message}`,
      });
    }
  }

  private async tokenCall(path: string): Promise<TuyaTokenGrant> {
    const t = String(this.now());
    const nonce = randomUUID();
    const sign = tokenSign({
      clientId: this.opts.clientId,
      secret: this.opts.secret,
      t,
      nonce,
      stringToSign: buildStringToSign({ method: 'GET', url: canonicalUrl(path) }),
    });
    const result = asObject(
      await this.exchange('GET', path, undefined, { client_id: this.opts.clientId, sign, sign_method: 'HMAC-SHA256', t, nonce }),
    );
    const expire = Number(result.expire_time);
    if (typeof result.access_token !== 'string' || typeof result.refresh_token !== 'string' || !Number.isFinite(expire)) {
      throw new CloudCallError({
        provider: PROVIDER,
        phase: 'response',
        causeCode: 'EBADBODY',
        message: 'tuya: the token answer is incomplete',
      });
    }
    this.opts.onSecret?.(result.access_token);
    this.opts.onSecret?.(result.refresh_token);
    return { accessToken: result.access_token, refreshToken: result.refresh_token, expireTimeSeconds: expire };
  }

  private send(method: string, path: string, body: object | undefined, accessToken: string): Promise<unknown> {
    const t = String(this.now());
    const nonce = randomUUID();
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const stringToSign = buildStringToSign({ method, body: bodyText, url: canonicalUrl(path) });
    const sign = businessSign({ clientId: this.opts.clientId, secret: this.opts.secret, accessToken, t, nonce, stringToSign });
    return this.exchange(method, path, bodyText, {
      client_id: this.opts.clientId,
      access_token: accessToken,
      sign,
      sign_method: 'HMAC-SHA256',
      t,
      nonce,
    });
  }

  /** Sends exactly `bodyText` (the signed bytes) and returns `result` of a successful answer. */
  private async exchange(method: string, path: string, bodyText: string | undefined, headers: Record<string, string>): Promise<unknown> {
    let response;
    try {
      response = await this.http.request({
        method,
        url: path,
        headers: bodyText ? { ...headers, 'Content-Type': 'application/json' } : headers,
        data: bodyText || undefined,
        transformRequest: [(data: unknown) => data],
      });
    } catch (err) {
      throw toCloudCallError(PROVIDER, err);
    }
    const answer = readJsonBody(PROVIDER, response);
    if (answer.success === true) return answer.result;
    if (answer.success === false || answer.code !== undefined) {
      const code = String(answer.code ?? 'unknown');
      const serverText = typeof answer.msg === 'string' ? answer.msg : undefined;
      throw new CloudCallError({
        provider: PROVIDER,
        phase: 'vendor',
        vendorCode: code,
        serverText,
        httpStatus: response.status,
        retryAfterMs: retryAfterHeaderMs(response.headers?.['retry-after']) ?? SLOW_DOWN_MS[code],
        message: `tuya: ${code} ${serverText ?? ''}`.trim(),
      });
    }
    throw new CloudCallError({
      provider: PROVIDER,
      phase: 'response',
      httpStatus: response.status,
      causeCode: 'EBADBODY',
      message: 'tuya: the answer has no success flag',
    });
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new CloudCallError({
    provider: PROVIDER,
    phase: 'response',
    causeCode: 'EBADBODY',
    message: 'tuya: the answer has no result object',
  });
}

function retryAfterHeaderMs(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function optionalMs(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
