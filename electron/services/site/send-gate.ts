/**
 * The rule that keeps an adopted operation from being sent twice.
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
import type { Operation } from '../../../shared/domain/operations';
import type { StationDatabase } from '../store/database';
import { FactLog } from './fact-log';
import { SiteState } from './site-state';

/** How long a desk must be silent before its operations can be adopted. */
export const DEFAULT_ADOPT_AFTER_MS = 10 * 60_000;

export interface SendGateOptions {
  adoptAfterMs?: number;
  /** Whether the desk is configured for a site now (default: it is once it has joined one). */
  inSite?: () => boolean;
  now?: () => number;
}

export function siteSendGate(db: StationDatabase, options: SendGateOptions = {}): (op: Operation) => boolean {
  const adoptAfterMs = options.adoptAfterMs ?? DEFAULT_ADOPT_AFTER_MS;
  const now = options.now ?? Date.now;
  const state = new SiteState(db);
  const facts = FactLog.of(db);
  return (op) => {
    if (options.inSite && !options.inSite()) return true;
    if (!state.identity()) return true;
    const contact = state.contactAt();
    if (contact !== undefined && now() - contact < adoptAfterMs / 2) return true;
    const seq = facts.acceptedSeqOf(op.id);
    return seq === undefined || seq > state.pushingSeq();
  };
}
