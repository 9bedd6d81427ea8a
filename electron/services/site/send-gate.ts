/**
 * What the site holds back from being sent, and why (`siteHold`; the outbox's send gate is "not
 * held", and explainWait tells the clerk the reason):
 *
 * Room order across desks. A room's cards change in the order the desks accepted the work: an
 * operation in a room's line (`room:<key>`, `uclbrt:room:<key>`) waits while another desk has an
 * earlier operation of that room still open (queued, sending, failed, uncertain; seen through the
 * site log, not handed to anyone by an adopt): `site.waiting-for-desk`, or `site.blocked-at-desk`
 * (a person must decide there) when that one failed or is uncertain. Earlier means accepted earlier
 * (`createdAt`, then station id): one order on every desk, so two desks never wait for each other.
 * An operation taken over from a gone desk (site adopt) keeps the place that desk accepted it at.
 *
 * The rule that keeps an adopted operation from being sent twice (`site.waiting-for-site`).
 *
 * A supervisor may adopt a desk's waiting operations only when that desk has been silent for
 * `adoptAfterMs` by the site database's clock (site schema `adopt`). Every sync of a desk begins
 * with a hello that refreshes its "last seen" and returns what was adopted from it; the desk
 * withdraws those and only then records the contact time. So while a desk has heard from the site
 * within `adoptAfterMs / 2`, nothing of its can have been adopted unseen; past that, an operation
 * whose accepted fact reached the site (and could therefore have been adopted) waits until the
 * site answers again. Operations the site never saw cannot be adopted and are never held, so a
 * desk that works offline from the start sends as usual.
 */
import type { Operation, OperationWait } from '../../../shared/domain/operations';
import { stationError } from '../../../shared/errors';
import type { StationDatabase } from '../store/database';
import { FactLog } from './fact-log';
import { SiteState, type SiteIdentity } from './site-state';
import { roomKeyOfSubjects, SiteView, type SiteOperation } from './site-view';

/** How long a desk must be silent before its operations can be adopted. */
export const DEFAULT_ADOPT_AFTER_MS = 10 * 60_000;

export interface SendGateOptions {
  adoptAfterMs?: number;
  /** Whether the desk is configured for a site now (default: it is once it has joined one). */
  inSite?: () => boolean;
  now?: () => number;
  /** Every ordering line of an operation (the outbox's `subjectsOf`); without it, room order across desks is not looked at. */
  linesOf?: (operationId: string) => readonly string[];
}

/** Why the site holds an operation back, or undefined when it may be sent. */
export type SiteHold = (op: Operation) => OperationWait | undefined;

const STUCK = new Set(['failed', 'uncertain']);

/** `a` (another desk's, accepted at `aAt`) was accepted before this desk's operation accepted at `opAt`: one order for every desk. */
function before(a: SiteOperation, aAt: string | undefined, opAt: string, me: string): boolean {
  if (!aAt) return false;
  return aAt < opAt || (aAt === opAt && a.stationId < me);
}

export function siteHold(db: StationDatabase, options: SendGateOptions = {}): SiteHold {
  const adoptAfterMs = options.adoptAfterMs ?? DEFAULT_ADOPT_AFTER_MS;
  const now = options.now ?? Date.now;
  const state = new SiteState(db);
  const view = new SiteView(db);
  const facts = FactLog.of(db);
  let identity: SiteIdentity | undefined;

  // An operation taken over from a gone desk keeps the place the gone desk accepted it at.
  const adoptedFrom = db.prepare('SELECT operation_id AS id FROM site_adoptions WHERE local_operation_id = ?');
  const acceptedAt = (op: Operation): string => {
    const row = adoptedFrom.get(op.id) as { id: string } | undefined;
    return (row && view.operation(row.id)?.createdAt) || op.createdAt;
  };
  const placeOf = (other: SiteOperation): string | undefined => view.adoptedAs(other.id)?.createdAt ?? other.createdAt;

  /** The other desks' earlier open work on the op's rooms: the first stuck one, else the earliest. */
  const roomOrder = (op: Operation, me: string): OperationWait | undefined => {
    const keys = new Set((options.linesOf?.(op.id) ?? []).map((line) => roomKeyOfSubjects([line])).filter((k): k is string => Boolean(k)));
    if (!keys.size) return undefined;
    const at = acceptedAt(op);
    let first: { op: SiteOperation; at: string } | undefined;
    for (const key of keys) {
      for (const other of view.openRoomOperations(key)) {
        const otherAt = placeOf(other);
        if (other.stationId === me || !otherAt || !before(other, otherAt, at, me)) continue;
        const stuck = STUCK.has(other.state);
        const held = first && STUCK.has(first.op.state);
        if (!first || (stuck && !held) || (stuck === held && otherAt < first.at)) first = { op: other, at: otherAt };
      }
    }
    if (!first) return undefined;
    const { op: earlier } = first;
    const stuck = STUCK.has(earlier.state);
    const params = { station: earlier.stationId, room: earlier.roomKey ?? [...keys][0] };
    return {
      operationId: earlier.id,
      kind: (earlier.kind ?? op.kind) as Operation['kind'],
      state: earlier.state as Operation['state'],
      needsDecision: stuck,
      reason: stationError(stuck ? 'site.blocked-at-desk' : 'site.waiting-for-desk', params),
    };
  };

  /** Another desk may have adopted it while this one was away: held until the site answers. */
  const mayBeAdopted = (op: Operation): boolean => {
    const contact = state.contactAt();
    if (contact !== undefined && now() - contact < adoptAfterMs / 2) return false;
    const seq = facts.acceptedSeqOf(op.id);
    return seq !== undefined && seq <= state.pushingSeq();
  };

  return (op) => {
    if (options.inSite && !options.inSite()) return undefined;
    identity ??= state.identity();
    if (!identity) return undefined;
    const waiting = roomOrder(op, identity.stationId);
    if (waiting) return waiting;
    if (mayBeAdopted(op))
      return { operationId: op.id, kind: op.kind, state: op.state, needsDecision: false, reason: stationError('site.waiting-for-site') };
    return undefined;
  };
}

/** The outbox's send gate: an operation may be sent when the site does not hold it. */
export function siteSendGate(db: StationDatabase, options: SendGateOptions = {}): (op: Operation) => boolean {
  const hold = siteHold(db, options);
  return (op) => hold(op) === undefined;
}
