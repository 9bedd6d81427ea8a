import { z } from 'zod';
import type { StationError } from '../errors/types';
import { lockTypeSchema, type ProviderId } from './cloud';
import { localDateTimeSchema } from './time';
import { plainText } from '../text/plain-text';
import { isMobileFor, MOBILE_FOR_AREA_CODE } from '../text/phone';

const digits = (min: number, max: number) =>
  z.string().regex(new RegExp(`^\\d{${min},${max}}$`), `must be ${min === max ? min : `${min} to ${max}`} digits`);
const roomPart = plainText({ trim: true }).min(1, 'is required').max(32, 'is at most 32 characters');
const optionalRoomPart = plainText({ trim: true })
  .max(32, 'is at most 32 characters')
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A mobile number that passed the digits rule must also be a real one under its area code. */
function mobileRule(areaCode: string | undefined, mobile: string | undefined, path: string, ctx: z.RefinementCtx): void {
  if (!mobile || !areaCode || !/^\d{5,20}$/.test(mobile) || !/^\d{1,4}$/.test(areaCode)) return;
  if (!isMobileFor(areaCode, mobile)) ctx.addIssue({ code: 'custom', path: [path], message: MOBILE_FOR_AREA_CODE });
}

/** Building and floor come together or not at all (seed 001); start must be before end. */
function roomAndValidityRules(v: { buildNo?: string; floorNo?: string; start?: string; end?: string }, ctx: z.RefinementCtx): void {
  if (Boolean(v.buildNo) !== Boolean(v.floorNo)) {
    ctx.addIssue({
      code: 'custom',
      path: [v.buildNo ? 'floorNo' : 'buildNo'],
      message: 'building and floor numbers go together: give both or neither',
    });
  }
  if (v.start && v.end && v.start >= v.end) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after the start time' });
  }
}

export const QR_CARD_TYPES = { room: '0', floor: '1', building: '2' } as const;

export const issueQrCardInputSchema = z
  .object({
    buildNo: optionalRoomPart,
    floorNo: optionalRoomPart,
    roomNo: roomPart,
    mobile: digits(5, 20),
    areaCode: digits(1, 4).default('86'),
    start: localDateTimeSchema.optional(),
    end: localDateTimeSchema.optional(),
    cardType: z.enum(['room', 'floor', 'building']).default('room'),
    /** Openings allowed, 0 = unlimited; only for room cards on QRA locks. */
    times: z.number().int().min(0).max(254).optional(),
    opentype: z.enum(['single', 'normally-open']).default('single'),
    sendSms: z.boolean().default(false),
    /** A loss-report card: swiped once on the lock, it disables the room's earlier cards. */
    isLost: z.boolean().default(false),
    cipherType: z.enum(['none', 'period', 'one-time']).default('none'),
    outInfo: z
      .string()
      .regex(/^[A-Za-z0-9]{0,20}$/, 'is at most 20 letters and digits')
      .optional(),
    /** The room's lock type (from the room directory); the configured one when absent. */
    lockType: lockTypeSchema.optional(),
  })
  .superRefine((v, ctx) => {
    roomAndValidityRules(v, ctx);
    mobileRule(v.areaCode, v.mobile, 'mobile', ctx);
    if (v.times !== undefined && v.times !== 0 && v.cardType !== 'room') {
      ctx.addIssue({ code: 'custom', path: ['times'], message: 'an opening limit applies to room cards only' });
    }
    if (v.isLost && v.cardType !== 'room') {
      ctx.addIssue({ code: 'custom', path: ['isLost'], message: 'loss-report cards exist for room cards only' });
    }
  });
export type IssueQrCardInput = z.input<typeof issueQrCardInputSchema>;

/**
 * A QR card's number as the cloud prints it and staff type it: the one rule for every form, channel
 * and command that takes one. (The UCLBRT client's own check, cloud/uclbrt/validate.ts, is looser on
 * purpose: see there.)
 */
export const cardNoSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{6,64}$/, 'must be the card number printed by the cloud (letters and digits)');

/**
 * The room may be given for a whole-room report: the station orders the report within the room
 * it knows for the card, and needs the room from the clerk only for a card it has never seen.
 */
export const reportLostInputSchema = z
  .object({
    cardNo: cardNoSchema,
    wholeRoom: z.boolean().default(false),
    buildNo: optionalRoomPart,
    floorNo: optionalRoomPart,
    roomNo: optionalRoomPart,
  })
  .superRefine((v, ctx) => {
    roomAndValidityRules(v, ctx);
    if ((v.buildNo || v.floorNo) && !v.roomNo)
      ctx.addIssue({ code: 'custom', path: ['roomNo'], message: 'is required with a building and floor' });
  });
export const cancelQrInputSchema = z.object({ cardNo: cardNoSchema });

/** A UCLBRT proximity card's serial number: at most 20 hex digits, as its `serialNum` takes. */
export const serialNumSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{4,20}$/, 'must be the card serial number read from the encoder');
/** Any card's serial number as an encoder reads it (Tuya card ids are up to 32 hex digits). */
export const cardSerialSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{4,32}$/, 'must be the card serial number read from the encoder');

export const issueProximityInputSchema = z
  .object({
    serialNum: serialNumSchema,
    buildNo: optionalRoomPart,
    floorNo: optionalRoomPart,
    roomNo: roomPart,
    end: localDateTimeSchema,
    lockType: lockTypeSchema,
    owner: plainText({ trim: true }).max(32, 'is at most 32 characters').optional(),
    ownerMobile: digits(5, 20).optional(),
    ownerAreaCode: digits(1, 4).default('86'),
    opentype: z.enum(['single', 'normally-open']).default('single'),
    isLost: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    roomAndValidityRules(v, ctx);
    mobileRule(v.ownerAreaCode, v.ownerMobile, 'ownerMobile', ctx);
  });

export const cancelProximityInputSchema = z.object({ serialNum: serialNumSchema, lockType: lockTypeSchema });

const tuyaId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or -');

export const tuyaIssueInputSchema = z
  .object({
    deviceId: tuyaId,
    /** The card's unique id from the encoder (its serialNum). */
    cardId: z
      .string()
      .trim()
      .regex(/^[0-9A-Fa-f]{4,32}$/, 'must be the card id read from the encoder'),
    start: localDateTimeSchema.optional(),
    end: localDateTimeSchema.optional(),
  })
  .superRefine((v, ctx) => roomAndValidityRules(v, ctx));
export const tuyaModifyInputSchema = z
  .object({ deviceId: tuyaId, lockCardId: tuyaId, start: localDateTimeSchema, end: localDateTimeSchema })
  .superRefine((v, ctx) => roomAndValidityRules(v, ctx));
export const tuyaCardRefSchema = z.object({ deviceId: tuyaId, lockCardId: tuyaId });

/**
 * Every cloud mutation the station can queue, one schema each. Each boundary (IPC, CLI, PMS, site
 * sync) parses with it; what comes out is an `OperationRequest`, which only parsing makes (it is
 * branded), so the outbox takes it as it is and checks nothing again.
 */
export const operationRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('uclbrt.qr.issue'), input: issueQrCardInputSchema }),
    z.object({ kind: z.literal('uclbrt.qr.reportLost'), input: reportLostInputSchema }),
    z.object({ kind: z.literal('uclbrt.qr.cancel'), input: cancelQrInputSchema }),
    z.object({ kind: z.literal('uclbrt.prox.issue'), input: issueProximityInputSchema }),
    z.object({ kind: z.literal('uclbrt.prox.cancel'), input: cancelProximityInputSchema }),
    z.object({ kind: z.literal('tuya.issue'), input: tuyaIssueInputSchema }),
    z.object({ kind: z.literal('tuya.modify'), input: tuyaModifyInputSchema }),
    z.object({ kind: z.literal('tuya.delete'), input: tuyaCardRefSchema }),
    z.object({ kind: z.literal('tuya.freeze'), input: tuyaCardRefSchema }),
    z.object({ kind: z.literal('tuya.unfreeze'), input: tuyaCardRefSchema }),
  ])
  .brand<'validated'>();
/** A request that passed `operationRequestSchema`: defaults filled in, every rule checked. */
export type OperationRequest = z.output<typeof operationRequestSchema>;
export type OperationRequestInput = z.input<typeof operationRequestSchema>;
export type OperationKind = OperationRequest['kind'];
export type OperationInputOf<K extends OperationKind> = Extract<OperationRequest, { kind: K }>['input'];
/** A kind with its input, one member per kind: `switch (x.kind)` narrows `x.input`. */
export type OperationBody<K extends OperationKind = OperationKind> = { [P in K]: { kind: P; input: OperationInputOf<P> } }[K];

export const OPERATION_KINDS = operationRequestSchema.options.map((o) => o.shape.kind.value) as OperationKind[];

/** Kinds safe to send twice: after an ambiguous outcome they are retried, the others wait for a person. */
export const IDEMPOTENT_KINDS: ReadonlySet<OperationKind> = new Set<OperationKind>([
  'uclbrt.qr.reportLost',
  'uclbrt.qr.cancel',
  'uclbrt.prox.cancel',
  'tuya.modify',
  'tuya.delete',
  'tuya.freeze',
  'tuya.unfreeze',
]);

export function providerOf(kind: OperationKind): ProviderId {
  return kind.startsWith('tuya.') ? 'tuya' : 'uclbrt';
}

export const OPERATION_STATES = ['queued', 'sending', 'done', 'failed', 'uncertain', 'discarded'] as const;
export const operationStateSchema = z.enum(OPERATION_STATES);
export type OperationState = z.infer<typeof operationStateSchema>;

/** A queued cloud mutation: one member per kind, so `switch (op.kind)` narrows `op.input`. */
export type Operation<K extends OperationKind = OperationKind> = OperationRecord & OperationBody<K>;

/** What every operation has besides its kind and input. */
export interface OperationRecord {
  id: string;
  provider: ProviderId;
  /** What it concerns (a card or a room); operations on one subject go out in order. */
  subject: string;
  operator: string;
  state: OperationState;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: StationError;
  /** What the cloud answered on success (cardNo, lock_card_id, ...). */
  result?: Record<string, unknown>;
  /** For a resend: the operation this one replaces. */
  replaces?: string;
  /**
   * Sent only after this operation is done (e.g. an old card is revoked only once its replacement
   * works). If that one is discarded, this one is not sent: it fails with `outbox.dependency-discarded`.
   */
  dependsOn?: string;
  /** An earlier attempt may have reached the cloud (its answer was lost, or the sender stopped). */
  mayHaveReachedCloud?: boolean;
  /** A queued operation that is held behind an earlier one on its card or room: what it waits for. */
  waitingFor?: OperationWait;
}

/** Why a queued operation is not sent yet. */
export interface OperationWait {
  /** The earlier operation it waits for. */
  operationId: string;
  kind: OperationKind;
  state: OperationState;
  /**
   * That operation failed or its outcome is uncertain: nothing after it on its card or room is
   * sent until a person retries or discards it.
   */
  needsDecision: boolean;
  /** What to tell the clerk, from the catalogue (`outbox.waiting.*`, `outbox.blocked-*`). */
  reason: StationError;
}

export interface QueueSummary {
  queued: number;
  sending: number;
  failed: number;
  uncertain: number;
  /** Done in the last 24 hours. */
  doneRecently: number;
}
