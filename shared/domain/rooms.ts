/**
 * Rooms and stays: the room directory, a room's state derived from the card registry, room
 * actions (new stay, duplicate, check-out, extend) and what a card read on the encoder is.
 *
 * A room is named by the clerk, the CLI and the PMS either by its directory display name ("1203")
 * or by `building-floor-room` ("1-12-03", "--101" for a room without building and floor).
 */
import { z } from 'zod';
import type { StationError } from '../errors/types';
import { plainText } from '../text/plain-text';
import { isMobileFor, MOBILE_FOR_AREA_CODE } from '../text/phone';
import type { LockType, ProviderId } from './cloud';
import { cardSerialSchema, type OperationKind, type OperationState, type OperationWait } from './operations';
import type { AuditEntry, CardRecord, CardStatus } from './registry';
import { localDateTimeSchema } from './time';

/** A room as the clouds address it. Key: `roomKey()` = `build-floor-room`. */
export interface RoomRef {
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
}

/** `build-floor-room`, with empty parts for a room addressed by number only (`--101`). */
export function roomKey(room: RoomRef): string {
  return `${room.buildNo ?? ''}-${room.floorNo ?? ''}-${room.roomNo}`;
}

/** The kinds of card a room can be given: UCLBRT QR, UCLBRT proximity, a Tuya lock card. */
export const CARD_KINDS = ['qr', 'proximity', 'tuya'] as const;
export const cardKindSchema = z.enum(CARD_KINDS);
export type CardKind = z.infer<typeof cardKindSchema>;

/** Where the directory learned a room from. */
export const ROOM_SOURCES = ['uclbrt', 'tuya', 'import'] as const;
export type RoomSource = (typeof ROOM_SOURCES)[number];

/** One room of the directory: its names and what serves it. */
export interface RoomEntry {
  /** `build-floor-room` (`1-2-202`, `--101`). */
  key: string;
  buildNo?: string;
  floorNo?: string;
  roomNo: string;
  /** What the desk calls it ("1203"); unique in the directory. */
  displayName: string;
  /** UCLBRT lock type: decides QR / proximity and how a QR card is revoked. */
  lockType?: LockType;
  /** What UCLBRT's room tree says about the lock. */
  uclbrt?: { lockMac?: string; gatewayMac?: string; roomId?: string };
  /** The Tuya lock that serves the room. */
  tuya?: { deviceId: string };
  /** The kinds of card this room can be given (from its locks, never asked of the clerk). */
  cardKinds: CardKind[];
  /** Which card a PMS key request makes for this room, when it differs from the station's `pms.cardKind`. */
  pmsCardKind?: CardKind;
  sources: RoomSource[];
  updatedAt: string;
}

export const ROOM_STATES = ['vacant', 'occupied', 'due-out', 'overstay'] as const;
export const roomStateSchema = z.enum(ROOM_STATES);
/**
 * vacant: no active or pending card; occupied: a current stay (until `stayEnd`); due-out: the stay
 * ends today; overstay: a card is still active although the stay end has passed.
 */
export type RoomState = z.infer<typeof roomStateSchema>;

/** Operations of the room still holding its line. */
export interface RoomWork {
  /** Queued or being sent. */
  queued: number;
  failed: number;
  uncertain: number;
}

/** One row of the rooms screen. */
export interface RoomSummary extends RoomEntry {
  state: RoomState;
  cards: { active: number; pending: number };
  /** The stay's end: latest `validTo` of its active and pending cards (local `YYYY-MM-DDTHH:mm`). */
  stayEnd?: string;
  work: RoomWork;
}

export interface RoomsList {
  items: RoomSummary[];
  total: number;
  /** When the directory was last refreshed from the clouds (ISO), if ever. */
  refreshedAt?: string;
}

/** An operation accepted for a card that has not reached the cloud yet. */
export interface PendingCardChange {
  operationId: string;
  kind: OperationKind;
  state: OperationState;
  waitingFor?: OperationWait;
  lastError?: StationError;
  /**
   * The change stops the card (loss report, cancel, delete, freeze) but has not reached the cloud:
   * until it does, the card still opens the door. `notice` is the catalogue sentence to show.
   */
  stillOpens: boolean;
  notice?: StationError;
}

/** A card of a room as the room page shows it. */
export interface RoomCard extends CardRecord {
  kind: CardKind;
  /** What the station shows for it: QR card number, proximity serial, Tuya lock card id or card id. */
  label: string;
  /** Operations accepted for this card that are not done (its issue, a revoke, a new validity). */
  pending: PendingCardChange[];
}

/** The current stay: derived from the room's active and pending cards. */
export interface RoomStay {
  start?: string;
  end?: string;
  cards: number;
  holderMobile?: string;
  holderAreaCode?: string;
}

export const ROOM_ACTIONS = ['new-stay', 'duplicate', 'check-out', 'extend'] as const;
export const roomActionKindSchema = z.enum(ROOM_ACTIONS);
export type RoomActionKind = z.infer<typeof roomActionKindSchema>;

/** Whether an action can be done on the room now, and if not, why. */
export interface RoomActionAvailability {
  action: RoomActionKind;
  allowed: boolean;
  /** The card kinds the action can issue (new stay, duplicate). */
  cardKinds?: CardKind[];
  reason?: StationError;
}

export interface RoomDetails {
  room: RoomSummary;
  stay: RoomStay | null;
  /** Active, frozen and pending cards of every cloud. */
  cards: RoomCard[];
  /** The room's recent actions, newest first. */
  actions: RoomActionView[];
  /** The room's activity, newest first (at most 100 entries). */
  history: AuditEntry[];
  available: RoomActionAvailability[];
}

/** One door opening (or attempt) from UCLBRT's records (`Home/Records/queryByRoom`). */
export interface DoorLogEntry {
  /** Local time `YYYY-MM-DDTHH:mm:ss` in the community's zone, as the cloud gives it. */
  at: string;
  /** How the door was opened (QR, card, app, password, ...), in the cloud's words. */
  method?: string;
  /** Who or what opened it: card number, holder mobile or name. */
  holder?: string;
  cardNo?: string;
  /** Whether the lock opened. */
  opened?: boolean;
  /** The record as the cloud sent it (selected plain fields). */
  fields: Record<string, string | number | boolean | null>;
}

export interface DoorLog {
  roomKey: string;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  entries: DoorLogEntry[];
}

/** What one step of a room action does to one card. */
export const ROOM_ACTION_STEP_ROLES = ['revoke', 'withdraw', 'issue', 'extend', 'revoke-replaced'] as const;
/**
 * revoke: stops an active card (cancel, loss report, Tuya delete).
 * withdraw: an issue still waiting in the queue that never reached the cloud is discarded instead.
 * issue: a new card. extend: a new validity for a card (Tuya modify, proximity rewrite).
 * revoke-replaced: stops the card an extension replaced, only after the new card is confirmed.
 */
export type RoomActionStepRole = (typeof ROOM_ACTION_STEP_ROLES)[number];

/** The three states a clerk sees for each card of an action. */
export type StepProgress = 'done' | 'queued' | 'failed';

export interface RoomActionStep {
  role: RoomActionStepRole;
  cardKind: CardKind;
  /** The card, as the room page names it (card number, serial, lock card id; "new card" before issue). */
  cardLabel: string;
  cardId?: string;
  operationId: string;
  operationKind: OperationKind;
  state: OperationState;
  progress: StepProgress;
  /** Sent only after this operation is done (e.g. the old card after its replacement works). */
  dependsOn?: string;
  waitingFor?: OperationWait;
  lastError?: StationError;
  /** What the cloud answered when done (cardNo, lockCardId, ...). */
  result?: Record<string, unknown>;
}

export interface RoomActionView {
  id: string;
  action: RoomActionKind;
  roomKey: string;
  roomName: string;
  operator: string;
  createdAt: string;
  /** done: every step done; needs-attention: a step failed, is uncertain or waits for a decision. */
  status: 'done' | 'in-progress' | 'needs-attention';
  steps: RoomActionStep[];
  /** Notes for the clerk about how the action was carried out (e.g. why an old card is left to expire). */
  notes: StationError[];
}

/** What an action would do, before the clerk confirms it. */
export interface RoomActionPlan {
  action: RoomActionKind;
  room: RoomSummary;
  /** The cards that will stop working (confirm these by id). */
  revoke: RoomCard[];
  /** The validity the new or extended cards get. */
  validity?: { start?: string; end?: string };
  steps: {
    role: RoomActionStepRole;
    cardKind: CardKind;
    cardLabel: string;
    cardId?: string;
    operationKind: OperationKind;
    dependsOnStep?: number;
  }[];
  notes: StationError[];
}

// -------------------------------------------------------------------------------------------
// Requests
// -------------------------------------------------------------------------------------------

/** A room as typed: display name or `building-floor-room`. */
export const roomNameSchema = plainText({ trim: true }).min(1, 'is required').max(100, 'is at most 100 characters');

const mobileSchema = z
  .string()
  .trim()
  .regex(/^\d{5,20}$/, 'must be 5 to 20 digits');
const areaCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{1,4}$/, 'must be 1 to 4 digits');
const cardIdsSchema = z.array(plainText().min(1).max(64)).max(200);

/** How a new card is made: the guest, and for proximity and Tuya cards the card on the encoder. */
const newCardFields = {
  cardKind: cardKindSchema,
  /** QR: the guest's mobile (the QR code goes to it); proximity: optional owner mobile. */
  mobile: mobileSchema.optional(),
  areaCode: areaCodeSchema.default('86'),
  /** QR: send the QR code by SMS. */
  sendSms: z.boolean().default(false),
  /** Proximity and Tuya: the card's serial number (from the encoder). */
  serialNum: cardSerialSchema.optional(),
  /** Proximity: the guest's name. */
  owner: plainText({ trim: true }).max(32, 'is at most 32 characters').optional(),
  /** QR and proximity: the card can leave the lock open (QRB, QRM, QRA locks). */
  opentype: z.enum(['single', 'normally-open']).default('single'),
  /** QR: openings allowed, 0 = unlimited (room cards on QRA locks). */
  times: z.number().int().min(0).max(254).optional(),
  /** QR: a period or one-time password with the card (QRP locks). */
  cipherType: z.enum(['none', 'period', 'one-time']).default('none'),
  /** QR: your own reference, kept with the card. */
  outInfo: z
    .string()
    .regex(/^[A-Za-z0-9]{0,20}$/, 'is at most 20 letters and digits')
    .optional(),
};

/** The guest's mobile must be a real one under its area code (the same rule as issuing a card by hand). */
function guestMobileRule(v: { mobile?: string; areaCode?: string }, ctx: z.RefinementCtx): void {
  if (!v.mobile || !v.areaCode || !/^\d{5,20}$/.test(v.mobile) || !/^\d{1,4}$/.test(v.areaCode)) return;
  if (!isMobileFor(v.areaCode, v.mobile)) ctx.addIssue({ code: 'custom', path: ['mobile'], message: MOBILE_FOR_AREA_CODE });
}

export const newStayRequestSchema = z
  .object({
    action: z.literal('new-stay'),
    room: roomNameSchema,
    start: localDateTimeSchema.optional(),
    end: localDateTimeSchema,
    ...newCardFields,
    /** The ids of the active cards the clerk saw and confirmed (from `rooms:preview`). */
    confirmRevoke: cardIdsSchema.default([]),
  })
  .strict()
  .superRefine(guestMobileRule);

export const duplicateRequestSchema = z
  .object({ action: z.literal('duplicate'), room: roomNameSchema, ...newCardFields })
  .strict()
  .superRefine(guestMobileRule);

export const checkOutRequestSchema = z
  .object({ action: z.literal('check-out'), room: roomNameSchema, confirmRevoke: cardIdsSchema.default([]) })
  .strict();

export const extendRequestSchema = z
  .object({
    action: z.literal('extend'),
    room: roomNameSchema,
    end: localDateTimeSchema,
    /** QR cards get a new card for the new end: send it by SMS. */
    sendSms: z.boolean().default(false),
  })
  .strict();

export const roomActionRequestSchema = z.discriminatedUnion('action', [
  newStayRequestSchema,
  duplicateRequestSchema,
  checkOutRequestSchema,
  extendRequestSchema,
]);
export type RoomActionRequest = z.output<typeof roomActionRequestSchema>;
export type RoomActionRequestInput = z.input<typeof roomActionRequestSchema>;

// -------------------------------------------------------------------------------------------
// Read card -> what it is
// -------------------------------------------------------------------------------------------

/** The actions a read card offers. */
export const CARD_READ_ACTIONS = ['duplicate', 'extend', 'cancel', 'check-out', 'issue'] as const;
export type CardReadAction = (typeof CARD_READ_ACTIONS)[number];

export interface LiveCardCheck {
  provider: ProviderId;
  /** The cloud was asked (an API exists and it is configured). */
  checked: boolean;
  found?: boolean;
  validFrom?: string;
  validTo?: string;
  status?: string;
  /** The room the cloud says the card belongs to. */
  room?: RoomRef;
  error?: StationError;
}

export interface CardIdentity {
  /** Neither the station nor a cloud knows this card. */
  blank: boolean;
  kind?: CardKind;
  /** What the station's registry knows. */
  card: CardRecord | null;
  room: RoomSummary | null;
  validFrom?: string;
  validTo?: string;
  status: CardStatus | 'unknown';
  pending: PendingCardChange[];
  live: LiveCardCheck[];
  /** What the clerk can do with this card now. */
  actions: CardReadAction[];
  /** One sentence for the clerk (e.g. `rooms.card-blank`). */
  notice?: StationError;
}

// -------------------------------------------------------------------------------------------
// QR image, directory maintenance, reports
// -------------------------------------------------------------------------------------------

export interface QrCardImage {
  cardNo: string;
  /** `data:image/png;base64,...` as the cloud sent it. */
  image: string;
  validFrom?: string;
  validTo?: string;
  roomKey?: string;
}

export interface RoomImportLineError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  field?: string;
  error: StationError;
}

export interface RoomImportResult {
  /** False when any line had an error: then nothing was imported. */
  applied: boolean;
  added: number;
  updated: number;
  unchanged: number;
  errors: RoomImportLineError[];
}

export interface RoomRefreshResult {
  refreshedAt: string;
  total: number;
  added: number;
  updated: number;
  removed: number;
  /** `configured`: the station has settings for it; `ok`: it was configured and answered. */
  sources: {
    uclbrt: { configured: boolean; ok: boolean; rooms: number; error?: StationError };
    tuya: { configured: boolean; ok: boolean; locks: number; mapped: number; unmapped: string[]; error?: StationError };
  };
}

export const ROOM_REPORTS = ['due-out', 'overstays', 'expiring'] as const;
export const roomReportSchema = z.enum(ROOM_REPORTS);
export type RoomReportKind = z.infer<typeof roomReportSchema>;

export interface RoomReportRow {
  roomKey: string;
  roomName: string;
  state: RoomState;
  stayEnd?: string;
  /** For `expiring`: the card. */
  cardId?: string;
  cardKind?: CardKind;
  cardLabel?: string;
  validTo?: string;
  holderMobile?: string;
}

export interface RoomReport {
  report: RoomReportKind;
  /** ISO time it was made. */
  generatedAt: string;
  /** For `expiring`: the window in hours. */
  hours?: number;
  rows: RoomReportRow[];
}
