/**
 * Room actions (new stay, duplicate, check-out, extend): the one service the desk (IPC), the CLI
 * and later the PMS (as operator `pms:<workstation>`) call. Input: the room as named, the action's
 * details and the operator; output: the action with its operations. The action and all its
 * operations are committed in ONE durable transaction (plan.ts decides them inside it, so nothing
 * accepted meanwhile can slip between); the outbox stays the only way anything reaches a cloud.
 */
import { randomUUID } from 'node:crypto';
import type { LockType } from '../../../shared/domain/cloud';
import {
  roomActionRequestSchema,
  type RoomActionPlan,
  type RoomActionRequest,
  type RoomActionRequestInput,
  type RoomActionView,
  type RoomCard,
  type RoomEntry,
} from '../../../shared/domain/rooms';
import type { CardRecord } from '../../../shared/domain/registry';
import { stationError } from '../../../shared/errors';
import { instantToZonedWallTime } from '../cloud/uclbrt/time';
import { parseOrRefuse, StationFailure } from '../failure';
import type { Outbox } from '../outbox';
import { directoryRoomSubject } from '../outbox/subject';
import type { StationData } from '../store/station-data';
import type { RoomActionStore } from './action-store';
import type { RoomDirectory } from './directory-store';
import { planAction, stayOf, type MoreCard, type Plan, type PlanContext } from './plan';
import { resolveRoom } from './resolve';
import type { RoomQueries } from './room-query';

/** A request as a caller (CLI, PMS) gives it, checked as the IPC layer would; problems name the field. */
export function parseActionRequest(input: RoomActionRequestInput | RoomActionRequest): RoomActionRequest {
  return parseOrRefuse(roomActionRequestSchema, input);
}

/** In-process extras (not on the IPC contract): what the PMS needs beyond a desk request. */
export interface ActOptions {
  /** New stay, duplicate: more cards like the request's one, issued in the same action (a PMS asking for 2 keys). */
  moreCards?: readonly MoreCard[];
}

/** Room order across the desks of a site (rooms/service.ts builds it from the site view). */
export interface SiteRoomOrder {
  /** The desk that keeps this row of a card, when it is another desk. */
  keptElsewhere(card: CardRecord): string | undefined;
  /** The desk that accepted an operation this desk does not have. */
  deskOf(operationId: string): string | undefined;
  /** Other desks' work on the room still on its way to the cloud: the first desk, and how many operations. */
  busyElsewhere(roomKey: string): { station: string; count: number } | undefined;
}

export interface RoomActionsDeps {
  /** Queues the action's operations (one durable commit). */
  outbox: Outbox;
  data: Pick<StationData, 'operations' | 'cards' | 'audit'>;
  directory: RoomDirectory;
  queries: RoomQueries;
  actions: RoomActionStore;
  now?: () => number;
  /** The zone validity times are read in (the UCLBRT community's). */
  wallClockZone: () => string;
  /** Lock type for proximity cards of a room whose directory entry has none. */
  defaultLockType: () => LockType;
  /** In a site: the other desks' cards and work on the room. */
  site?: SiteRoomOrder;
}

export class RoomActions {
  private readonly now: () => number;

  constructor(private readonly deps: RoomActionsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Wall-clock now, `YYYY-MM-DDTHH:mm`, where validity times are read. */
  wallNow(): string {
    return instantToZonedWallTime(this.now(), this.deps.wallClockZone());
  }

  /** The room's stay cards (active, frozen, pending) with what is pending on each, in the order they were given out. */
  stayCards(room: RoomEntry): RoomCard[] {
    return this.deps.queries
      .stayCards(room)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((card) => this.deps.queries.roomCard(card));
  }

  private context(room: RoomEntry): PlanContext {
    const cards = this.stayCards(room);
    return {
      room,
      cards,
      stay: stayOf(cards),
      issueOf: (card) => {
        const origin = this.deps.data.cards.originOf(card.id);
        return origin ? this.deps.data.operations.find(origin) : undefined;
      },
      now: this.wallNow(),
      defaultLockType: this.deps.defaultLockType(),
      ...(this.deps.site ? { elsewhere: (card: RoomCard) => this.deps.site!.keptElsewhere(card) } : {}),
    };
  }

  /** The note that another desk's work on the room goes first (its operations wait for it: site/send-gate.ts). */
  private siteNotes(room: RoomEntry): ReturnType<typeof stationError>[] {
    const busy = this.deps.site?.busyElsewhere(room.key);
    return busy ? [stationError('site.room-busy-elsewhere', { station: busy.station, count: busy.count, room: room.displayName })] : [];
  }

  /** What the action would do: the cards that stop working (to confirm), the steps, the notes. Changes nothing. */
  preview(input: RoomActionRequestInput | RoomActionRequest, options: ActOptions = {}): RoomActionPlan {
    const request = parseActionRequest(input);
    const room = resolveRoom(this.deps.directory, request.room);
    const plan = planAction(this.context(room), request, { confirm: false, moreCards: options.moreCards });
    return {
      action: plan.action,
      room: this.deps.queries.summary(room.key, this.wallNow())!,
      revoke: plan.revoke,
      ...(plan.validity ? { validity: plan.validity } : {}),
      steps: plan.steps.map((s) => ({
        role: s.role,
        cardKind: s.cardKind,
        cardLabel: s.cardLabel,
        ...(s.cardId ? { cardId: s.cardId } : {}),
        operationKind: s.request?.kind ?? (s.role === 'withdraw' ? this.withdrawnKind(s.existingOperationId) : 'uclbrt.qr.reportLost'),
        ...(s.dependsOnStep !== undefined ? { dependsOnStep: s.dependsOnStep } : {}),
      })),
      notes: [...plan.notes, ...this.siteNotes(room)],
    };
  }

  /** Plans and commits the action with all its operations in one transaction; answers at once. */
  act(input: RoomActionRequestInput | RoomActionRequest, operator: string, options: ActOptions = {}): RoomActionView {
    const request = parseActionRequest(input);
    const { value: id } = this.deps.outbox.commitGroup((tx) => {
      const room = resolveRoom(this.deps.directory, request.room);
      const plan = planAction(this.context(room), request, { confirm: true, moreCards: options.moreCards });
      const line = directoryRoomSubject(room.key);
      const operationIds: (string | undefined)[] = [];
      // Another desk's revoke already on its way (seen through the site) is that desk's to send.
      const elsewhere = new Set<string>();
      for (const step of plan.steps) {
        let operationId: string | undefined;
        if (step.role === 'withdraw') {
          if (step.existingOperationId) tx.withdraw(step.existingOperationId, operator, `${plan.action} of room ${room.displayName}`);
          operationId = step.existingOperationId;
        } else if (step.coveredByStep !== undefined) {
          operationId = operationIds[step.coveredByStep];
        } else if (step.existingOperationId && !this.deps.data.operations.find(step.existingOperationId)) {
          const desk = this.deps.site?.deskOf(step.existingOperationId);
          if (desk) elsewhere.add(desk);
        } else if (step.existingOperationId) {
          operationId = step.existingOperationId;
        } else if (step.request) {
          const dependsOn = step.dependsOnStep !== undefined ? operationIds[step.dependsOnStep] : undefined;
          operationId = tx.insert(step.request, operator, { orderedWithin: [line], ...(dependsOn ? { dependsOn } : {}) }).id;
        }
        operationIds.push(operationId);
      }
      if (elsewhere.size && !operationIds.some(Boolean))
        throw StationFailure.of('site.room-done-elsewhere', { station: [...elsewhere][0], room: room.displayName });
      const id = randomUUID();
      const at = new Date(this.now()).toISOString();
      this.deps.actions.insert({
        id,
        kind: plan.action,
        roomKey: room.key,
        roomName: room.displayName,
        operator,
        at,
        request,
        notes: [...plan.notes, ...this.siteNotes(room)],
        steps: plan.steps.flatMap((s, i) => {
          const operationId = operationIds[i];
          return operationId
            ? [{ operationId, role: s.role, cardKind: s.cardKind, cardLabel: s.cardLabel, ...(s.cardId ? { cardId: s.cardId } : {}) }]
            : [];
        }),
      });
      this.deps.data.audit.append({
        at,
        operator,
        action: `room.${plan.action}`,
        subject: line,
        detail: describePlan(plan, id),
      });
      return id;
    });
    return this.get(id);
  }

  get(id: string): RoomActionView {
    const view = this.deps.actions.view(id);
    if (!view) throw StationFailure.of('rooms.action-not-found', { id });
    return view;
  }

  /**
   * Resolves once every step is done or needs a person (failed, uncertain, or held behind one
   * that is), or when `timeoutMs` passes: what the PMS waits on (it must answer within 20 s).
   */
  async waitSettled(id: string, timeoutMs: number): Promise<RoomActionView> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const view = this.get(id);
      if (view.steps.every((s) => s.progress !== 'queued') || this.now() >= deadline) return view;
      await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - this.now()))));
    }
  }

  forRoom(roomKey: string, limit = 10): RoomActionView[] {
    return this.deps.actions.forRoom(roomKey, limit);
  }

  private withdrawnKind(operationId: string | undefined): RoomActionPlan['steps'][number]['operationKind'] {
    return (operationId ? this.deps.data.operations.find(operationId)?.kind : undefined) ?? 'uclbrt.qr.issue';
  }
}

function describePlan(plan: Plan, id: string): string {
  const counts = new Map<string, number>();
  for (const s of plan.steps) counts.set(s.role, (counts.get(s.role) ?? 0) + 1);
  return `action ${id}: ${[...counts].map(([role, n]) => `${n} ${role}`).join(', ')}`;
}
