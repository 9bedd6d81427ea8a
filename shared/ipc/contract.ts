/**
 * The one IPC contract between main and renderer. Every request channel is declared here once,
 * with the zod schema main validates requests against and the type it answers with; every push
 * event with its payload type. The preload and the browser harness both expose exactly this.
 */
import { z } from 'zod';
import type { StationError } from '../errors/types';
import { providerSchema } from '../domain/cloud';
import type { CloudLookup } from '../domain/lookup';
import {
  deskEncoderJobSchema,
  encoderDriverSchema,
  type CardRead,
  type EncoderHold,
  type EncoderHolder,
  type EncoderStatus,
  type PortInfo,
} from '../domain/encoder';
import {
  cardNoSchema,
  cardSerialSchema,
  operationRequestSchema,
  operationStateSchema,
  type Operation,
  type QueueSummary,
} from '../domain/operations';
import type { AuditEntry, CardDetails, CardRecord } from '../domain/registry';
import {
  roomActionRequestSchema,
  roomNameSchema,
  roomReportSchema,
  roomStateSchema,
  type CardIdentity,
  type DoorLog,
  type QrCardImage,
  type RoomActionPlan,
  type RoomActionView,
  type RoomDetails,
  type RoomImportResult,
  type RoomRefreshResult,
  type RoomReport,
  type RoomsList,
  type RoomSummary,
} from '../domain/rooms';
import type { PmsStatus } from '../domain/pms';
import type { Progress, StationStatus } from '../domain/status';
import { settingsPatchSchema, type SettingsView } from '../settings';
import { localDateTimeSchema } from '../domain/time';
import { plainText } from '../text/plain-text';
import { roleSchema, secretSchema, staffNameSchema, type OperatorView, type SessionView } from '../staff';

/** Carries a response type without a runtime value. */
type Returns<T> = { readonly __returns?: T };
function channel<S extends z.ZodType>(request: S) {
  return { returns: <T>(): { request: S } & Returns<T> => ({ request }) };
}
function event<T>(): Returns<T> {
  return {};
}

const empty = z.object({}).strict();
const id = z.object({ id: z.string().min(1).max(64) }).strict();
const page = { limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) };

export const auditFilterSchema = z
  .object({
    query: plainText().max(100).optional(),
    action: plainText().max(64).optional(),
    operator: plainText().max(64).optional(),
    from: localDateTimeSchema.optional(),
    to: localDateTimeSchema.optional(),
    /** `hotel`: every desk of the site (a desk in a site); default this desk's own log. */
    scope: z.enum(['desk', 'hotel']).optional(),
    ...page,
  })
  .strict();

export const cloudLookupRequestSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('uclbrt'), cardNo: plainText().min(1).max(64) }).strict(),
  z.object({ provider: z.literal('tuya'), deviceId: plainText().min(1).max(64), lockCardId: plainText().min(1).max(64) }).strict(),
]);

const signIn = z.object({ name: staffNameSchema, secret: secretSchema }).strict();
const operatorName = z.object({ name: staffNameSchema }).strict();
const qrCardNo = z.object({ cardNo: cardNoSchema }).strict();
const roomReportRequest = z.object({ report: roomReportSchema, hours: z.number().int().min(1).max(720).default(24) }).strict();

export const channels = {
  'station:status': channel(empty).returns<StationStatus>(),
  'station:ports': channel(empty).returns<PortInfo[]>(),

  'encoder:read': channel(z.object({ timeoutMs: z.number().int().min(100).max(120_000).default(15_000) }).strict()).returns<CardRead>(),
  /**
   * A desk screen that waits for a card takes the encoder for its job, as a PMS request does: while
   * the window holds it, a PMS request is answered "encoder busy" naming the job. Refused with
   * `encoder.busy` naming the holder while a PMS request (or another window) has it. Ends with
   * `encoder:release`, or by itself on lock, sign-out, the window closing, or the idle time.
   */
  'encoder:hold': channel(z.object({ job: deskEncoderJobSchema, room: roomNameSchema.optional() }).strict()).returns<EncoderHold>(),
  /** Gives a hold back (unknown or ended holds are no error: `released` says whether it was still held). */
  'encoder:release': channel(z.object({ holdId: z.string().min(1).max(64) }).strict()).returns<{ released: boolean }>(),
  /** Opens an encoder with the given settings, reports what answered, and closes it again. */
  'encoder:test': channel(
    z
      .object({ driver: encoderDriverSchema, port: z.string().min(1).optional(), baudRate: z.number().int().positive().optional() })
      .strict(),
  ).returns<EncoderStatus>(),

  /** Demo and training only (simulator driver): put a card on, or take it off, the simulated encoder. */
  'encoder:simulate': channel(
    z
      .object({
        action: z.enum(['place', 'remove']),
        uid: z
          .string()
          .regex(/^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{14}|[0-9A-Fa-f]{20})$/, 'must be a 4-, 7- or 10-byte UID in hex')
          .optional(),
      })
      .strict(),
  ).returns<EncoderStatus>(),

  'cards:find': channel(
    z.object({ query: plainText({ trim: true }).min(1).max(64), limit: z.number().int().min(1).max(200).default(50) }).strict(),
  ).returns<CardRecord[]>(),
  'cards:details': channel(
    z
      .object({ cardId: plainText().max(64).optional(), serialNum: plainText().max(32).optional(), cardNo: plainText().max(64).optional() })
      .strict()
      .refine((v) => v.cardId || v.serialNum || v.cardNo, 'give a card id, serial number or card number'),
  ).returns<CardDetails>(),

  'cloud:lookup': channel(cloudLookupRequestSchema).returns<CloudLookup>(),
  'cloud:macList': channel(empty).returns<string[]>(),
  'cloud:testConnection': channel(z.object({ provider: providerSchema }).strict()).returns<{
    ok: boolean;
    latencyMs: number;
    error?: StationError;
  }>(),

  /** Accepts a cloud mutation into the durable outbox and answers at once (usually `queued`). */
  'operations:submit': channel(operationRequestSchema).returns<Operation>(),
  'operations:list': channel(
    z.object({ states: z.array(operationStateSchema).optional(), subject: plainText().max(128).optional(), ...page }).strict(),
  ).returns<{ items: Operation[]; total: number }>(),
  'operations:get': channel(id).returns<Operation>(),
  'operations:retry': channel(id).returns<Operation>(),
  'operations:discard': channel(id).returns<Operation>(),
  /** Edit and resend: a failed or uncertain operation is replaced by a new one with corrected input. */
  'operations:resend': channel(z.object({ id: z.string().min(1).max(64), request: operationRequestSchema }).strict()).returns<Operation>(),
  /** Sends everything due now instead of waiting for the next backoff. */
  'operations:drain': channel(empty).returns<QueueSummary>(),

  'audit:list': channel(auditFilterSchema).returns<{ items: AuditEntry[]; total: number }>(),
  'audit:exportCsv': channel(auditFilterSchema).returns<{ csv: string; rows: number }>(),

  /** The people who appear in the activity log, for its filter. */
  'audit:operators': channel(empty).returns<string[]>(),

  /** The rooms screen: every room of the directory with its state, in one answer. */
  'rooms:list': channel(
    z
      .object({
        /** A floor number, or `building-floor`. */
        floor: plainText({ trim: true }).max(64).optional(),
        state: roomStateSchema.optional(),
        /** Type-ahead: display name or `building-floor-room` prefix. */
        query: plainText({ trim: true }).max(100).optional(),
      })
      .strict(),
  ).returns<RoomsList>(),
  /** One room by display name or `building-floor-room`; an unknown room is `rooms.unknown`. */
  'rooms:resolve': channel(z.object({ room: roomNameSchema }).strict()).returns<RoomSummary>(),
  'rooms:show': channel(z.object({ room: roomNameSchema }).strict()).returns<RoomDetails>(),
  /** The door log from UCLBRT (`Home/Records/queryByRoom`): the last `days` days, 7 by default, 31 at most. */
  'rooms:doorLog': channel(
    z.object({ room: roomNameSchema, days: z.number().int().min(1).max(31).default(7) }).strict(),
  ).returns<DoorLog>(),
  /** What an action would do (the cards that stop working), without doing anything. */
  'rooms:preview': channel(roomActionRequestSchema).returns<RoomActionPlan>(),
  /** New stay, duplicate, check-out or extend: every operation committed at once, then sent in order. */
  'rooms:action': channel(roomActionRequestSchema).returns<RoomActionView>(),
  'rooms:actionGet': channel(id).returns<RoomActionView>(),
  /** Answers once every step of the action is done, failed or uncertain, or when `timeoutMs` passes. */
  'rooms:actionWait': channel(
    z.object({ id: z.string().min(1).max(64), timeoutMs: z.number().int().min(0).max(20_000).default(10_000) }).strict(),
  ).returns<RoomActionView>(),
  /** A CSV file's text: display name, building, floor, room, lock type, tuya device id, pms card kind. All lines or none. */
  'rooms:import': channel(z.object({ csv: z.string().max(1_000_000, 'is at most 1 MB') }).strict()).returns<RoomImportResult>(),
  /** Reloads the directory from UCLBRT's room tree and the configured Tuya locks. */
  'rooms:refresh': channel(empty).returns<RoomRefreshResult>(),

  /** A card read on the encoder (serial) or a QR card number: what it is, live from the cloud where possible. */
  'cards:identify': channel(
    z
      .object({
        serialNum: cardSerialSchema.optional(),
        cardNo: cardNoSchema.optional(),
        live: z.boolean().default(true),
      })
      .strict()
      .refine((v) => v.serialNum || v.cardNo, 'give a serial number or a card number'),
  ).returns<CardIdentity>(),
  /** The QR card's image from the cloud (`getCard` -> `baseImg`), to show and print. */
  'cards:qrImage': channel(qrCardNo).returns<QrCardImage>(),
  /**
   * "Send by SMS again": UCLBRT has no call that re-sends an existing card's SMS, so the station issues
   * a duplicate for the same room, guest and validity with `sendSms` (the first card keeps working).
   */
  'cards:sendSmsAgain': channel(qrCardNo).returns<RoomActionView>(),

  'reports:rooms': channel(roomReportRequest).returns<RoomReport>(),
  'reports:roomsCsv': channel(roomReportRequest).returns<{ csv: string; rows: number }>(),

  'settings:get': channel(empty).returns<SettingsView>(),
  'settings:update': channel(settingsPatchSchema).returns<SettingsView>(),
  /** The station's language, which anyone signed in may change (the rest of the settings need an administrator). */
  'settings:language': channel(z.object({ language: z.enum(['en', 'zh-CN']) }).strict()).returns<{ language: 'en' | 'zh-CN' }>(),

  /** This window's session: who is signed in, whether it is locked, first run, demo accounts. */
  'session:state': channel(empty).returns<SessionView>(),
  /** Signs in; over a locked session the same person unlocks it, another person takes over (shift change). */
  'session:signIn': channel(signIn).returns<SessionView>(),
  /** Live mode, no operator yet: creates the first administrator and signs them in. */
  'session:firstAdministrator': channel(signIn).returns<SessionView>(),
  'session:lock': channel(empty).returns<SessionView>(),
  'session:signOut': channel(empty).returns<SessionView>(),
  /** The renderer saw input (throttled): the idle lock starts counting again. */
  'session:activity': channel(empty).returns<{ locksAt: string | null }>(),

  'operators:list': channel(empty).returns<OperatorView[]>(),
  'operators:add': channel(z.object({ name: staffNameSchema, role: roleSchema, secret: secretSchema }).strict()).returns<OperatorView>(),
  /** A higher role than clerk needs a password: give a new one when the operator has a PIN. */
  'operators:setRole': channel(
    z.object({ name: staffNameSchema, role: roleSchema, secret: secretSchema.optional() }).strict(),
  ).returns<OperatorView>(),
  'operators:resetSecret': channel(z.object({ name: staffNameSchema, secret: secretSchema }).strict()).returns<OperatorView>(),
  /** Operators are never deleted (the activity log keeps their name): disabled. */
  'operators:disable': channel(operatorName).returns<OperatorView>(),
  /** A disabled operator signs in again, with the PIN or password they had; a lock after wrong tries stays (unlock is separate). */
  'operators:enable': channel(operatorName).returns<OperatorView>(),
  /** Lifts the lock after too many wrong tries. */
  'operators:unlock': channel(operatorName).returns<OperatorView>(),

  /**
   * The hotel's PMS interfaces: listeners, connected PMS computers, last records, answers by outcome.
   */
  'pms:status': channel(empty).returns<PmsStatus>(),
} as const;

export const events = {
  'station:status': event<StationStatus>(),
  'encoder:card': event<CardRead>(),
  'encoder:card-removed': event<{ uid: string; at: string }>(),
  /** Who has the encoder now (a desk window's job, a PMS request), or null: sent whenever it changes. */
  'encoder:holder': event<{ holder: EncoderHolder | null }>(),
  'operation:updated': event<Operation>(),
  progress: event<Progress>(),
  /** Only to the window whose session changed (signed in, locked by idle time, signed out). */
  'session:changed': event<SessionView>(),
  /** A room's summary changed (an operation on it was accepted or settled, its cards changed). */
  'room:updated': event<RoomSummary>(),
  /** The directory changed (refresh or import), or other desks' changes arrived through the site: reload the rooms list. */
  'rooms:changed': event<{ total: number; refreshedAt?: string }>(),
  /** A step of a room action changed state. */
  'room-action:updated': event<RoomActionView>(),
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>;
/** What a caller may pass (defaults filled in by main). */
export type RequestInputOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = NonNullable<(typeof channels)[C]['__returns']>;
export type EventPayloadOf<E extends EventName> = NonNullable<(typeof events)[E]['__returns']>;

export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: StationError };

/** What the renderer gets, from the preload (Electron) or the loopback WebSocket (browser harness). */
export interface StationApi {
  invoke<C extends Channel>(channel: C, request: RequestInputOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
}

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENTS = Object.keys(events) as EventName[];

/** The global name the preload exposes the API under. */
export const API_GLOBAL = 'station' as const;
/** IPC channel names on the wire are prefixed so they never collide with Electron's own. */
export const wireChannel = (c: Channel | EventName): string => `cs:${c}`;
