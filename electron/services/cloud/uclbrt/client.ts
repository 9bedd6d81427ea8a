/**
 * UCLBRT cloud client (axios): the QR family with header auth and the proximity family with body
 * signatures. Takes wire values (strings), validates them, signs, sends, and returns the body of
 * a `status: 200` answer; anything else becomes a CloudCallError (vendor code, or the transport
 * phase that failed) or a `station.validation` failure before sending.
 */
import type { AxiosInstance } from 'axios';
import { CloudCallError } from '../call-error';
import { createCloudHttp, readJsonBody, toCloudCallError } from '../http';
import { proximitySignature, qrAuth, recordsSignature, type ProximityAction, type RecordsAction } from './sign';
import {
  assertValid,
  validateFetchRoomInfo,
  validateGetCard,
  validateGetLink,
  validateGetMacList,
  validateQueryByRoom,
  validateGetRoomCardInfo,
  validateMakeRoomCard,
  validateProximityCancel,
  validateProximityRead,
  validateQrCardRef,
  validateReportLost,
  type FetchRoomInfoParams,
  type GetCardParams,
  type GetLinkParams,
  type QueryByRoomParams,
  type GetMacListParams,
  type GetRoomCardInfoParams,
  type LockContext,
  type MakeRoomCardParams,
  type ProximityCancelParams,
  type ProximityReadParams,
  type QrCardRefParams,
  type ReportLostParams,
} from './validate';

export interface UclbrtClientOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** For tests: the clock the `ts` comes from. */
  now?: () => number;
}

export type UclbrtAnswer = Record<string, unknown> & { status: number; info?: string };

/** Default wait after a 4005 when the cloud gives no hint. */
export const RATE_LIMIT_BACKOFF_MS = 60_000;

type Params = Record<string, string | undefined>;

function definedOnly(params: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

/** Pulls the MAC strings out of whatever list shape the cloud answers with. */
export function macsFromAnswer(answer: Record<string, unknown>): string[] {
  const list = [answer.macList, answer.data, answer.list, (answer.data as Record<string, unknown> | undefined)?.list].find(
    Array.isArray,
  ) as unknown[] | undefined;
  if (!list) return [];
  return list
    .map((item) =>
      typeof item === 'string' ? item : ((item as Record<string, unknown>)?.mac ?? (item as Record<string, unknown>)?.issueMac),
    )
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
}

export class UclbrtClient {
  private readonly http: AxiosInstance;
  private readonly now: () => number;

  constructor(private readonly options: UclbrtClientOptions) {
    this.http = createCloudHttp({
      provider: 'uclbrt',
      baseUrl: options.baseUrl,
      connectTimeoutMs: options.connectTimeoutMs,
      responseTimeoutMs: options.responseTimeoutMs,
    });
    this.now = options.now ?? Date.now;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  // ------------------------------------------------------------------ QR family (header auth)

  /** Issues a QR room, floor or building card (or a loss-report card with isLost=1). */
  async getLink(params: GetLinkParams, lock: LockContext = {}): Promise<UclbrtAnswer & { cardNo: string }> {
    assertValid(validateGetLink(params, lock));
    const answer = await this.qr('getLink', params);
    if (typeof answer.cardNo !== 'string' || answer.cardNo === '') {
      throw new CloudCallError({
        provider: 'uclbrt',
        phase: 'response',
        causeCode: 'EBADBODY',
        message: 'uclbrt: getLink answered success without a cardNo',
      });
    }
    return answer as UclbrtAnswer & { cardNo: string };
  }

  /** Reports one QR card lost, or every card of its room with wholeRoom=1. */
  async reportLost(params: ReportLostParams): Promise<UclbrtAnswer> {
    assertValid(validateReportLost(params));
    return this.qr('reportLost', params);
  }

  async cancelCard(params: QrCardRefParams): Promise<UclbrtAnswer> {
    assertValid(validateQrCardRef(params));
    return this.qr('cancelCard', params);
  }

  /** The card as the guest sees it (QR image `baseImg`, BLE string or cipher) and its validity. */
  async getCard(params: GetCardParams): Promise<UclbrtAnswer> {
    assertValid(validateGetCard(params));
    return this.qr('getCard', params);
  }

  async getRoomCardInfo(params: GetRoomCardInfoParams): Promise<UclbrtAnswer> {
    assertValid(validateGetRoomCardInfo(params));
    return this.qr('getRoomCardInfo', params);
  }

  // ------------------------------------------------------------ proximity family (body sig)

  async cancelProximityCard(params: ProximityCancelParams, lock: LockContext = {}): Promise<UclbrtAnswer> {
    assertValid(validateProximityCancel(params, lock));
    return this.proximity('cancelCard', params);
  }

  async readCard(params: ProximityReadParams, lock: LockContext = {}): Promise<UclbrtAnswer> {
    assertValid(validateProximityRead(params, lock));
    return this.proximity('readCard', params);
  }

  async makeRoomCard(params: MakeRoomCardParams, lock: LockContext = {}): Promise<UclbrtAnswer> {
    assertValid(validateMakeRoomCard(params, lock));
    return this.proximity('makeRoomCard', params);
  }

  /** The community's card-issuer MACs: the valid `issueMac` values. */
  async getMacList(params: GetMacListParams): Promise<string[]> {
    assertValid(validateGetMacList(params));
    return macsFromAnswer(await this.proximity('getMacList', params));
  }

  // ------------------------------------------------------------ records family (SHA1 sig)

  /** The community's room tree (buildings, floors, rooms with lock type, MAC, gateway): the answer's `data`. */
  async fetchRoomInfo(params: FetchRoomInfoParams): Promise<unknown> {
    assertValid(validateFetchRoomInfo(params));
    return (await this.records('fetchRoomInfo', params)).data;
  }

  /** One room's door log between two dates (31 days at most): the answer's `data`. */
  async queryByRoom(params: QueryByRoomParams): Promise<unknown> {
    assertValid(validateQueryByRoom(params));
    const rand = String(Math.floor(Math.random() * 100_000_000));
    return (await this.records('queryByRoom', { rand, recordType: '0', holderFrom: '0', ...params })).data;
  }

  // ------------------------------------------------------------------------------- plumbing

  /** Form body with accountSid and a Unix `timestamp`; `sig` (SHA1, see sign.ts) in the URL; authToken never sent. */
  private async records(action: RecordsAction, params: object): Promise<UclbrtAnswer> {
    const { accountSid, authToken } = this.options;
    const fields = { accountSid, timestamp: String(Math.floor(this.now() / 1000)), ...definedOnly(params) };
    const sig = recordsSignature(fields, authToken);
    return this.send({
      method: 'POST',
      url: `/Home/Records/${action}?sig=${sig}`,
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      data: new URLSearchParams(fields).toString(),
    });
  }

  private async qr(action: string, params: object): Promise<UclbrtAnswer> {
    const { accountSid, authToken } = this.options;
    const auth = qrAuth(accountSid, authToken, this.now());
    return this.send({
      method: 'POST',
      url: `/?c=Qrcode&a=${action}&sig=${auth.sig}`,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json;charset=utf-8',
        Authorization: auth.authorization,
      },
      data: JSON.stringify(definedOnly(params)),
    });
  }

  private async proximity(action: ProximityAction, params: object): Promise<UclbrtAnswer> {
    const { accountSid, authToken } = this.options;
    const fields: Params = { accountSid, ...definedOnly(params) };
    const sig = proximitySignature(action, fields, authToken);
    const body = new URLSearchParams({ ...definedOnly(fields), sig }).toString();
    return this.send({
      method: 'POST',
      url: `/Home/Qrm/${action}`,
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      data: body,
    });
  }

  private async send(request: { method: 'POST'; url: string; headers: Record<string, string>; data: string }): Promise<UclbrtAnswer> {
    let response;
    try {
      response = await this.http.request(request);
    } catch (err) {
      throw toCloudCallError('uclbrt', err);
    }
    const body = readJsonBody('uclbrt', response);
    const status = Number(body.status);
    if (!Number.isFinite(status)) {
      throw new CloudCallError({
        provider: 'uclbrt',
        phase: 'response',
        causeCode: 'EBADBODY',
        httpStatus: response.status,
        message: 'uclbrt: the answer has no status',
      });
    }
    if (status === 200) return body as UclbrtAnswer;
    const info = typeof body.info === 'string' ? body.info : undefined;
    throw new CloudCallError({
      provider: 'uclbrt',
      phase: 'vendor',
      vendorCode: String(status),
      serverText: info,
      httpStatus: response.status,
      retryAfterMs: status === 4005 ? RATE_LIMIT_BACKOFF_MS : undefined,
      message: `uclbrt: ${status} ${info ?? ''}`.trim(),
    });
  }
}
