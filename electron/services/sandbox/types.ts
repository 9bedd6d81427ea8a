/**
 * Types shared by the sandbox cloud's server (server.ts, UCLBRT routes) and the Tuya routes
 * (tuya/routes.ts exports `handleTuyaRequest(req, state): SandboxResponse | undefined`).
 * Plain data only: no node:http objects cross this boundary.
 */
import type { LockType } from '../../../shared/domain/cloud';

// ---------------------------------------------------------------------------------------------
// Requests and responses as the route handlers see them
// ---------------------------------------------------------------------------------------------

export interface SandboxRequest {
  /** Upper-case: GET, POST, PUT, DELETE. */
  method: string;
  /** Path without the query, e.g. `/v1.0/token` or `/` or `/Home/Qrm/cancelCard`. */
  path: string;
  /** Query parameters (last value wins when repeated). */
  query: Record<string, string>;
  /** The raw query string without `?`, exactly as sent (Tuya signs the sorted query). */
  rawQuery: string;
  /** Header names lower-case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body exactly as received (UTF-8). */
  rawBody: string;
  /** Arrival time, ms since epoch (from `state.now()`). */
  receivedAt: number;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON (`application/json`); strings are sent as they are. */
  body: unknown;
}

// ---------------------------------------------------------------------------------------------
// Fixture: what the sandbox cloud knows before the first request
// ---------------------------------------------------------------------------------------------

export interface SandboxRoomFixture {
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  lockType: LockType;
  /** The room's name in the cloud's room tree (default: the room number). */
  roomName?: string;
  /** The lock's BLE MAC (12 hex digits): `fetchRoomInfo` reports it, `getCard` with resultType 2 takes it. */
  lockMac?: string;
  /** The gateway the lock reports through, if any. */
  gatewayMac?: string;
}

export interface SandboxOperatorFixture {
  areaCode: string;
  mobile?: string;
  email?: string;
  /** MD5 (lower-case hex) of the operator's password, as the proximity family sends it. */
  passwordMd5: string;
}

export interface SandboxCommunityFixture {
  communityNo: string;
  name?: string;
  /** IANA zone the community's `yyMMddHHmm` times are read in. */
  timeZone: string;
  rooms: SandboxRoomFixture[];
  /** Card-issuer MACs (12 hex digits) returned by getMacList. */
  issuerMacs: string[];
  operators: SandboxOperatorFixture[];
}

export interface SandboxUclbrtAccountFixture {
  accountSid: string;
  authToken: string;
  /** Communities this account may use. */
  communities: SandboxCommunityFixture[];
  /** Requests per minute before the cloud answers 4005 (default 600). */
  rateLimitPerMinute?: number;
}

export interface SandboxTuyaDeviceFixture {
  deviceId: string;
  name?: string;
  /** The room this lock serves: what a hotel writes in its room directory (demo mode reads it from here). */
  room?: { buildNo?: string; floorNo?: string; roomNo: string };
}

export interface SandboxTuyaProjectFixture {
  clientId: string;
  secret: string;
  projectId: string;
  devices: SandboxTuyaDeviceFixture[];
  /** Lifetime of issued access tokens, seconds (default 7200). */
  tokenTtlSeconds?: number;
}

export interface SandboxFixture {
  uclbrt: { accounts: SandboxUclbrtAccountFixture[] };
  tuya: { projects: SandboxTuyaProjectFixture[] };
}

// ---------------------------------------------------------------------------------------------
// State: what the sandbox cloud remembers
// ---------------------------------------------------------------------------------------------

export type UclbrtCardStatus = 'issued' | 'lost' | 'cancelled';

export interface UclbrtCardRecord {
  family: 'qr' | 'proximity';
  /** QR cards: the cloud's cardNo. Proximity cards: the serialNum written by the issuer. */
  cardNo: string;
  serialNum?: string;
  accountSid: string;
  communityNo: string;
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  /** 0 room, 1 floor, 2 building. */
  cardType: string;
  mobile?: string;
  areaCode?: string;
  /** `yyMMddHHmm` as sent (community local time). */
  startTime?: string;
  endTime?: string;
  isLost: boolean;
  status: UclbrtCardStatus;
  issueMac?: string;
  issuedAt: string;
  updatedAt: string;
}

export interface TuyaTokenRecord {
  clientId: string;
  accessToken: string;
  refreshToken: string;
  /** ms since epoch. */
  expiresAt: number;
}

export interface TuyaCardRecord {
  projectId: string;
  deviceId: string;
  lockCardId: string;
  /** The card's unique id from the encoder. */
  cardId: string;
  /** 13-digit ms timestamps. */
  beginTime?: number;
  endTime?: number;
  frozen: boolean;
  deleted: boolean;
  issuedAt: string;
  updatedAt: string;
}

/** See server.ts and README.md: which faults carry the request out and which turn it away. */
export type SandboxFaultMode = 'down' | 'http500' | 'http502' | 'http503' | 'http504' | 'timeout' | 'rate-limit' | 'garbage';

export interface SandboxFault {
  mode: SandboxFaultMode;
  /** Requests still to be hit (for `down`: seconds the listener stays closed). */
  remaining: number;
}

/** One line of `GET /__sandbox/requests`; secrets in headers and bodies are masked. */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** What the sandbox answered: HTTP status and vendor code (`uclbrt.4008`, `tuya.1010`, `200`). */
  status?: number;
  outcome?: string;
  fault?: SandboxFaultMode;
}

/** One door opening the sandbox remembers for `Home/Records/queryByRoom` (add with `POST /__sandbox/door`). */
export interface DoorRecord {
  accountSid: string;
  communityNo: string;
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  /** ms since epoch. */
  at: number;
  /** 1 QR code, 2 proximity card, 3 app (BLE), 4 password. */
  openType: number;
  cardNo?: string;
  mobile?: string;
  /** 1 opened, 0 refused. */
  result: number;
}

export interface SandboxState {
  readonly fixture: SandboxFixture;
  /** The sandbox clock (ms since epoch); tests may replace it. */
  now: () => number;
  requests: RecordedRequest[];
  fault: SandboxFault | null;
  uclbrt: {
    cards: UclbrtCardRecord[];
    /** Request timestamps per accountSid, for the 4005 rate limit. */
    recentRequests: Map<string, number[]>;
    nextCardSeq: number;
    doorRecords: DoorRecord[];
  };
  tuya: {
    /** By access token. */
    tokens: Map<string, TuyaTokenRecord>;
    /** By refresh token. */
    refreshTokens: Map<string, TuyaTokenRecord>;
    /** By lockCardId. */
    cards: Map<string, TuyaCardRecord>;
    nextCardSeq: number;
  };
}

/** The Tuya half's entry point, mounted by the server for every path it does not own. */
export type TuyaRouteHandler = (req: SandboxRequest, state: SandboxState) => SandboxResponse | undefined;
