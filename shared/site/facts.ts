/**
 * Facts: what one desk tells the others through the site database. A fact is appended to the
 * desk's own `facts` table in the same SQLite transaction as the change that causes it, pushed to
 * the site log under `(siteId, stationId, stationSeq)`, and applied on every desk into the site
 * view (electron/services/site/site-view.ts) by a deterministic merge.
 *
 * Versioned: every fact carries `v`. A desk that meets a fact of a newer version, or of a type it
 * does not know, keeps it unapplied (and says so) and applies it after an update. Adding an
 * optional field is not a new version; changing the meaning of one is.
 *
 * Records that other branches own (rooms, operators) are validated for the fields the merge needs
 * and otherwise passed through as they are, so their later fields travel unchanged.
 */
import { z } from 'zod';
import { CARD_STATUSES } from '../domain/registry';
import { OPERATION_KINDS, OPERATION_STATES, type OperationKind } from '../domain/operations';

export const FACT_VERSION = 1;

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time');
const id = z.string().min(1).max(200);
const stationErrorSchema = z.looseObject({ code: z.string(), message: z.string() });

/** A card as the registry holds it (shared/domain/registry.ts CardRecord), after the change. */
export const cardSnapshotSchema = z.looseObject({
  id,
  provider: z.enum(['uclbrt', 'tuya']),
  cardNo: z.string().optional(),
  serialNum: z.string().optional(),
  lockCardId: z.string().optional(),
  deviceId: z.string().optional(),
  buildNo: z.string().optional(),
  floorNo: z.string().optional(),
  roomNo: z.string().optional(),
  holderMobile: z.string().optional(),
  holderAreaCode: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  status: z.enum(CARD_STATUSES),
  createdAt: iso,
  updatedAt: iso,
  lastOperationId: z.string().optional(),
  /** The issue operation the card came from (registry `origin_operation_id`). */
  originOperationId: z.string().optional(),
});
export type CardSnapshot = z.infer<typeof cardSnapshotSchema>;

/** A room of the directory ([rooms]); `key` is `roomKey()` (`1-2-202`, `--101`). */
export const roomSnapshotSchema = z.looseObject({
  key: z.string().min(1).max(120),
  buildNo: z.string().optional(),
  floorNo: z.string().optional(),
  roomNo: z.string().min(1),
  name: z.string().optional(),
});
export type RoomSnapshot = z.infer<typeof roomSnapshotSchema>;

/** An operator ([staff]); never deleted, only disabled. Credentials travel as their KDF output, never as a password. */
export const operatorSnapshotSchema = z.looseObject({
  name: z.string().min(1).max(64),
  role: z.enum(['clerk', 'supervisor', 'administrator']),
  disabled: z.boolean(),
});
export type OperatorSnapshot = z.infer<typeof operatorSnapshotSchema>;

const kindSchema = z.enum(OPERATION_KINDS as [OperationKind, ...OperationKind[]]);

const base = { v: z.literal(FACT_VERSION), at: iso };

export const factSchema = z.discriminatedUnion('type', [
  /** A card entered the registry (an issue accepted, or a card first seen through a change). */
  z.object({ ...base, type: z.literal('card.issued'), card: cardSnapshotSchema }),
  /** A card's fields or status changed (active, frozen, new validity...). */
  z.object({ ...base, type: z.literal('card.changed'), card: cardSnapshotSchema }),
  /** A card stopped opening doors: lost, cancelled, or its issue failed. */
  z.object({ ...base, type: z.literal('card.revoked'), card: cardSnapshotSchema }),
  /** The outbox accepted an operation: everything needed to send it (adopt reads it from here). */
  z.object({
    ...base,
    type: z.literal('operation.accepted'),
    operation: z.object({
      id,
      kind: kindSchema,
      input: z.record(z.string(), z.unknown()),
      /** Its ordering lines (card, room), own subject first. */
      subjects: z.array(z.string()).min(1),
      operator: z.string(),
      createdAt: iso,
      replaces: z.string().optional(),
    }),
  }),
  /** An operation's state changed (sending, done, failed, uncertain, discarded, queued again). */
  z.object({
    ...base,
    type: z.literal('operation.state'),
    operationId: id,
    state: z.enum(OPERATION_STATES),
    attempts: z.number().int().min(0).optional(),
    mayHaveReachedCloud: z.boolean().optional(),
    lastError: stationErrorSchema.optional(),
    result: z.record(z.string(), z.unknown()).optional(),
  }),
  /** This desk took over another desk's operation (site adopt) and queued it as `asOperationId`. */
  z.object({
    ...base,
    type: z.literal('operation.adopted'),
    operationId: id,
    fromStation: z.string(),
    asOperationId: id,
    operator: z.string(),
  }),
  z.object({ ...base, type: z.literal('room.changed'), room: roomSnapshotSchema }),
  z.object({ ...base, type: z.literal('room.removed'), key: z.string().min(1) }),
  z.object({ ...base, type: z.literal('operator.changed'), operator: operatorSnapshotSchema }),
  /** An activity-log entry (shared/domain/registry.ts AuditEntry without its local seq). */
  z.object({
    ...base,
    type: z.literal('audit.entry'),
    entry: z.looseObject({
      at: iso,
      operator: z.string(),
      action: z.string(),
      operationId: z.string().optional(),
      kind: z.string().optional(),
      state: z.string().optional(),
      subject: z.string().optional(),
      error: stationErrorSchema.optional(),
      detail: z.string().optional(),
    }),
  }),
]);

export type Fact = z.infer<typeof factSchema>;
export type FactType = Fact['type'];
export type FactOf<T extends FactType> = Extract<Fact, { type: T }>;
/** A fact as a caller makes it: `v` and `at` are filled in when missing. */
export type NewFact = { [T in FactType]: Omit<FactOf<T>, 'v' | 'at'> & { at?: string } }[FactType];

export const FACT_TYPES = factSchema.options.map((o) => o.shape.type.value) as FactType[];

/** Card facts: which one a change is. */
export function cardFactType(status: CardSnapshot['status'], isNew: boolean): 'card.issued' | 'card.changed' | 'card.revoked' {
  if (status === 'lost' || status === 'cancelled' || status === 'failed') return 'card.revoked';
  return isNew ? 'card.issued' : 'card.changed';
}

/** A fact as it travels between desks: its key in the site log and the fact. */
export interface SiteFact {
  stationId: string;
  stationSeq: number;
  /** Its position in the site's order (0 for a fact not yet in the site log). */
  pos: number;
  fact: Fact;
}
