/**
 * `KeyRequests` carried out by the room actions (rooms/actions.ts), as operator `pms:<workstation>`:
 *
 * - new (FIAS `KR` `KT` N, HTTP `New`): the `new-stay` action. The room's earlier keys stop first,
 *   in the room's order, then the new keys are issued. The PMS checking a guest in replaces the
 *   previous guest, so the station confirms the listed revokes on its behalf (and says so in the
 *   activity log).
 * - duplicate (`KT` D, `Duplicate`): the `duplicate` action: the stay's own validity, whatever the
 *   request says.
 * - remove (`KD`, `Remove`): the `check-out` action: every card of the room, of every cloud.
 * - modify stay (`KM`, `ModifyStay`): the `extend` action (no key stops before its replacement works).
 * - read (`Read`): the card on the encoder, as `cards:identify` tells it.
 *
 * A request for proximity or Tuya keys asks for one card per key on the encoder, holding the
 * encoder's lease ("PMS: 2 keys for room 1203 — place card 1 of 2") and taking only cards placed
 * after it asked; all of a request's keys go into one action, committed at once when the last
 * card is read. Then it waits on the action's own settle API and tells the truth: done, queued
 * (saying the key does not work yet, and why), or the error.
 */
import { randomUUID } from 'node:crypto';
import type { StationConfig } from '../../../shared/config';
import type { CloudStatus, ProviderId } from '../../../shared/domain/cloud';
import type { CardRead } from '../../../shared/domain/encoder';
import type { CardRecord } from '../../../shared/domain/registry';
import type {
  CardIdentity,
  CardKind,
  RoomActionPlan,
  RoomActionRequestInput,
  RoomActionStep,
  RoomActionView,
  RoomEntry,
} from '../../../shared/domain/rooms';
import type { PmsInterface } from '../../../shared/domain/pms';
import { stationError } from '../../../shared/errors';
import { systemActor } from '../../../shared/staff';
import type { NewAuditEntry } from '../audit/audit-log';
import type { EncoderOwner } from '../encoder/lease';
import type { EncoderLease } from '../encoder/service';
import { StationFailure, toStationError } from '../failure';
import type { MoreCard } from '../rooms/plan';
import type { RoomsActOptions } from '../rooms/service';
import { roomCardKind } from './card-kind';
import type { KeyJob, KeyRequest, KeyRequests, KeyResult } from './key-requests';
import { failed, failedWith, queued, succeeded } from './outcomes';

/** What the PMS needs of the rooms service (rooms/service.ts `Rooms`). */
export interface PmsRooms {
  room(name: string): Promise<RoomEntry>;
  preview(request: RoomActionRequestInput, options?: { moreCards?: readonly MoreCard[] }): Promise<RoomActionPlan>;
  act(request: RoomActionRequestInput, operator: string, options?: RoomsActOptions): Promise<RoomActionView>;
  waitAction(id: string, timeoutMs: number): Promise<RoomActionView>;
  identify(request: { serialNum: string; live: boolean }): Promise<CardIdentity>;
}

export interface RoomKeyDeps {
  config(): StationConfig;
  rooms: PmsRooms;
  encoder: { lease(owner: EncoderOwner): EncoderLease };
  cards: { bySerialNum(provider: ProviderId, serialNum: string): CardRecord | undefined };
  cloudStatus(): CloudStatus[];
  /** The encoder id the PMS uses for this station's encoder, per interface. */
  ownEncoderId(via: PmsInterface): string;
  audit(entry: NewAuditEntry): void;
  /** How long to wait for the cloud's answer before telling the PMS the work is queued (default 15 s). */
  cloudWaitMs?: number;
  /** How long a read asks the cloud about the card before answering from the station's records (default 5 s). */
  liveReadMs?: number;
}

const ROOM_NOT_FOUND = new Set(['rooms.unknown', 'rooms.unknown-near', 'rooms.ambiguous', 'rooms.directory-empty']);
/** A serial that stands in for the cards not read yet, so a request is checked before anyone places a card. */
const CARD_TO_COME = '00000000';
const STATUS_ZH: Record<string, string> = {
  active: '有效',
  frozen: '已冻结',
  pending: '待生效',
  lost: '已挂失',
  cancelled: '已注销',
  failed: '失败',
  unknown: '未知',
};

/** Text fields refuse control, direction and invisible characters: a guest name from a PMS must not fail a key. */
function cleanName(name: string | undefined): string | undefined {
  const clean = name
    ?.replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 32);
  return clean || undefined;
}

const providerOf = (step: Pick<RoomActionStep, 'operationKind'>): ProviderId =>
  step.operationKind.startsWith('tuya.') ? 'tuya' : 'uclbrt';
const isResult = <T>(v: T | KeyResult): v is KeyResult => typeof v === 'object' && v !== null && 'outcome' in v && 'operationIds' in v;
const operationIds = (view: RoomActionView) => [...new Set(view.steps.map((s) => s.operationId))];
const issued = (view: RoomActionView) => view.steps.filter((s) => s.role === 'issue').length;
const revoked = (view: RoomActionView) => view.steps.filter((s) => s.role === 'revoke' || s.role === 'withdraw').length;
const needsCard = (kind: CardKind) => kind !== 'qr';

/** What the answer says once the action's steps are done, or while the cloud cannot be reached. */
interface ActionTexts {
  done(view: RoomActionView): KeyResult;
  offline(view: RoomActionView, pending: number): KeyResult;
}

export function createRoomKeyRequests(deps: RoomKeyDeps): KeyRequests {
  const cloudWaitMs = deps.cloudWaitMs ?? 15_000;
  const operator = (r: KeyRequest) => systemActor('pms', r.workstation);
  const keyWaitMs = () => (deps.config().pms?.keyWaitSeconds ?? 60) * 1000;

  /** The room the PMS names (display name or building-floor-room); a room the directory does not have is `unknown-room`. */
  async function roomOf(r: KeyRequest): Promise<RoomEntry | KeyResult> {
    try {
      return await deps.rooms.room(r.roomId);
    } catch (err) {
      const error = toStationError(err);
      return failed(err, [], ROOM_NOT_FOUND.has(error.code) ? 'unknown-room' : undefined);
    }
  }

  /** The kind of key this room gets, when its locks take it. */
  function kindFor(room: RoomEntry): CardKind | KeyResult {
    const kind = roomCardKind(room, deps.config());
    if (room.cardKinds.includes(kind)) return kind;
    return failedWith('pms.card-kind-unsupported', { room: room.displayName, kind, kinds: room.cardKinds.join(', ') || '-' });
  }

  /** The encoder the PMS named must be this station's. */
  function checkEncoder(r: KeyRequest): KeyResult | undefined {
    const own = deps.ownEncoderId(r.via);
    if (r.encoderId !== own) return failedWith('pms.encoder-not-here', { encoder: r.encoderId, own });
    return undefined;
  }

  /**
   * A card still opening another room would stop doing so: refused as foreign. For a duplicate, a
   * card that already is a key of this room would make no extra key: refused too.
   */
  function foreignCard(card: CardRead, room: RoomEntry, kind: CardKind, duplicate: boolean): KeyResult | undefined {
    const known = deps.cards.bySerialNum(kind === 'tuya' ? 'tuya' : 'uclbrt', card.serialNum);
    if (!known || !['active', 'frozen', 'pending'].includes(known.status)) return undefined;
    const knownKey = known.roomNo ? `${known.buildNo ?? ''}-${known.floorNo ?? ''}-${known.roomNo}` : undefined;
    const sameRoom = kind === 'tuya' ? known.deviceId === room.tuya?.deviceId : knownKey === room.key;
    if (sameRoom && duplicate)
      return failedWith('pms.bad-card', { detail: `card ${card.serialNum} already is a key of this room; a duplicate needs another card` });
    if (sameRoom) return undefined;
    const where = known.roomNo ?? known.deviceId ?? '?';
    return failedWith('pms.bad-card', {
      detail: `card ${card.serialNum} is still a key for room ${where}; check that room out first, or use another card`,
    });
  }

  /**
   * One card per key on the encoder, under the lease: only cards placed after the request asked,
   * each one new to this request. Calls `commit` with the cards while the lease is still held.
   */
  async function withCards(
    r: KeyRequest,
    room: RoomEntry,
    kind: CardKind,
    job: KeyJob,
    commit: (serials: string[], encoderJob: string) => Promise<RoomActionView>,
  ): Promise<RoomActionView | KeyResult> {
    const wrongEncoder = checkEncoder(r);
    if (wrongEncoder) return wrongEncoder;
    const label = room.displayName;
    const owner: EncoderOwner = {
      id: `pms:${randomUUID()}`,
      label: `PMS: ${r.count} key(s) for room ${label}`,
      labelZh: `PMS：房间 ${label} 的 ${r.count} 张房卡`,
    };
    const lease = deps.encoder.lease(owner);
    try {
      const used = new Set<string>();
      const serials: string[] = [];
      for (let n = 1; n <= r.count; n++) {
        job.progress({ phase: 'place-card', room: label, n, total: r.count });
        let card: CardRead;
        try {
          card = await lease.read(keyWaitMs(), { except: used, signal: job.signal, placedAfterLease: true });
        } catch (err) {
          if (err instanceof StationFailure && err.error.code === 'encoder.timeout') {
            return failedWith('pms.card-timeout', {
              seconds: err.error.params?.seconds ?? Math.round(keyWaitMs() / 1000),
              n,
              total: r.count,
              room: label,
            });
          }
          throw err;
        }
        used.add(card.uid);
        const foreign = foreignCard(card, room, kind, r.action === 'duplicate');
        if (foreign) return foreign;
        serials.push(card.serialNum);
      }
      return await commit(serials, owner.id);
    } finally {
      lease.release();
    }
  }

  /**
   * Commits a new stay or a duplicate: for cards on the encoder once every card is read, for QR keys
   * at once. A new stay confirms the cards it stops on the PMS's behalf (the PMS has checked the
   * guest in), recording that it did.
   */
  async function issue(
    r: KeyRequest,
    room: RoomEntry,
    kind: CardKind,
    request: RoomActionRequestInput & { action: 'new-stay' | 'duplicate' },
    job: KeyJob,
  ): Promise<KeyResult> {
    const label = room.displayName;
    const more = (serials: (string | undefined)[]): MoreCard[] => serials.slice(1).map((serialNum) => (serialNum ? { serialNum } : {}));
    const cardsFor = (serials: (string | undefined)[]) => ({
      request: { ...request, ...(serials[0] ? { serialNum: serials[0] } : {}) },
      moreCards: more(serials),
    });

    const commit = async (serials: (string | undefined)[], encoderJob?: string): Promise<RoomActionView> => {
      const { request: first, moreCards } = cardsFor(serials);
      for (let attempt = 1; ; attempt++) {
        const confirm = request.action === 'new-stay' ? (await deps.rooms.preview(first, { moreCards })).revoke : [];
        try {
          const confirmed: RoomActionRequestInput =
            first.action === 'new-stay' ? { ...first, confirmRevoke: confirm.map((c) => c.id) } : first;
          const view = await deps.rooms.act(confirmed, operator(r), { moreCards, encoderJob });
          if (confirm.length) {
            deps.audit({
              at: new Date().toISOString(),
              operator: operator(r),
              action: 'pms.confirmed-revoke',
              subject: `room:${room.key}`,
              detail: `the PMS checked a new guest into room ${label}: the previous ${confirm.length} card(s) (${confirm.map((c) => c.label || c.kind).join(', ')}) confirmed to stop on its behalf (action ${view.id})`,
            });
          }
          return view;
        } catch (err) {
          // The room's cards changed between the look and the commit (a clerk, another desk): look again once.
          if (attempt < 2 && err instanceof StationFailure && err.error.code === 'rooms.confirm-stale') continue;
          throw err;
        }
      }
    };

    try {
      // Checked before anyone is asked for a card: the room's state, the validity, the guest.
      const placeholders = Array.from({ length: r.count }, () => (needsCard(kind) ? CARD_TO_COME : undefined));
      const dryRun = cardsFor(placeholders);
      await deps.rooms.preview(dryRun.request, { moreCards: dryRun.moreCards });

      let view: RoomActionView | KeyResult;
      if (needsCard(kind)) view = await withCards(r, room, kind, job, (serials, encoderJob) => commit(serials, encoderJob));
      else view = await commit(placeholders);
      if (isResult(view)) return view;
      const replaced = revoked(view);
      return await settle(view, label, job, {
        done: (v) =>
          replaced
            ? succeeded('pms.done.keys-replaced', { room: label, count: issued(v), revoked: replaced }, operationIds(v))
            : succeeded('pms.done.keys', { room: label, count: issued(v) }, operationIds(v)),
        offline: (v, pending) =>
          replaced && v.steps.some((s) => s.role !== 'issue' && s.progress !== 'done')
            ? queued('pms.queued.offline-replace', { room: label, count: issued(v), revoked: replaced }, operationIds(v))
            : queued('pms.queued.offline', { room: label, count: Math.min(pending, issued(v)) }, operationIds(v)),
      });
    } catch (err) {
      return failed(err);
    }
  }

  /**
   * Waits on the action's own settle API and tells the truth: done; the first failure; uncertain;
   * or queued — at once when the cloud is offline, an attempt was deferred or the work is held
   * behind an operation a person must settle; else when the wait (or the job's time) runs out.
   */
  async function settle(action: RoomActionView, label: string, job: KeyJob, texts: ActionTexts): Promise<KeyResult> {
    const started = Date.now();
    job.progress({ phase: 'sending', room: label, n: Math.max(1, issued(action)), total: Math.max(1, issued(action)) });
    let view = action;
    for (;;) {
      const ids = operationIds(view);
      if (view.steps.every((s) => s.progress === 'done')) return texts.done(view);
      const broken = view.steps.find((s) => s.state === 'failed' || (s.state === 'discarded' && s.role !== 'withdraw'));
      if (broken) {
        const error = broken.lastError ?? stationError('pms.general', { detail: `operation ${broken.operationId} was ${broken.state}` });
        return failed(new StationFailure(error), ids);
      }
      if (view.steps.some((s) => s.state === 'uncertain')) return failedWith('pms.uncertain', { room: label }, ids, 'general');
      const pending = view.steps.filter((s) => s.progress !== 'done');
      // Behind work a person must settle first: it will not move by itself, so say so now.
      if (pending.some((s) => s.waitingFor?.needsDecision)) return queued('pms.queued.blocked', { room: label }, ids);
      const offline = new Set(
        deps
          .cloudStatus()
          .filter((c) => c.state === 'offline')
          .map((c) => c.provider),
      );
      if (pending.some((s) => offline.has(providerOf(s)) || (s.state === 'queued' && s.lastError)))
        return texts.offline(view, pending.length);
      const left = cloudWaitMs - (Date.now() - started);
      if (left <= 0 || job.signal.aborted) {
        if (pending.some((s) => s.waitingFor)) return queued('pms.queued.waiting', { room: label }, ids);
        return queued('pms.queued.in-progress', { room: label, seconds: Math.round((Date.now() - started) / 1000) }, ids);
      }
      // Short slices: the job's deadline (HTTP) is checked between them.
      view = await deps.rooms.waitAction(view.id, Math.min(left, 250));
    }
  }

  return {
    async newKeys(r, job) {
      const room = await roomOf(r);
      if (isResult(room)) return room;
      const kind = kindFor(room);
      if (isResult(kind)) return kind;
      if (!r.validTo) return failedWith('pms.invalid-request', { detail: 'a new key needs the departure (FIAS GD, HTTP keyValidityEnd)' });
      if (kind === 'qr' && !r.mobile) return failedWith('pms.mobile-required', { room: room.displayName });
      return issue(
        r,
        room,
        kind,
        {
          action: 'new-stay',
          room: room.key,
          ...(r.validFrom ? { start: r.validFrom } : {}),
          end: r.validTo,
          cardKind: kind,
          ...(r.mobile
            ? { mobile: r.mobile.number, areaCode: r.mobile.areaCode ?? deps.config().uclbrt?.operator.creatorAreaCode ?? '86' }
            : {}),
          // The guest gets a QR key by SMS: the PMS has no screen to show it on.
          sendSms: kind === 'qr',
          ...(kind === 'proximity' && cleanName(r.guest?.name) ? { owner: cleanName(r.guest?.name) } : {}),
        },
        job,
      );
    },

    async duplicate(r, job) {
      const room = await roomOf(r);
      if (isResult(room)) return room;
      const kind = kindFor(room);
      if (isResult(kind)) return kind;
      // The stay's own validity (rooms/plan.ts), whatever dates the request carries.
      return issue(
        r,
        room,
        kind,
        {
          action: 'duplicate',
          room: room.key,
          cardKind: kind,
          ...(r.mobile
            ? { mobile: r.mobile.number, areaCode: r.mobile.areaCode ?? deps.config().uclbrt?.operator.creatorAreaCode ?? '86' }
            : {}),
          sendSms: kind === 'qr',
          ...(kind === 'proximity' && cleanName(r.guest?.name) ? { owner: cleanName(r.guest?.name) } : {}),
        },
        job,
      );
    },

    async remove(r, job) {
      const room = await roomOf(r);
      if (isResult(room)) return room;
      const label = room.displayName;
      try {
        let view: RoomActionView | undefined;
        for (let attempt = 1; !view; attempt++) {
          let plan: RoomActionPlan;
          try {
            plan = await deps.rooms.preview({ action: 'check-out', room: room.key });
          } catch (err) {
            if (err instanceof StationFailure && err.error.code === 'rooms.vacant')
              return succeeded('pms.done.checkout-none', { room: label }, []);
            throw err;
          }
          try {
            view = await deps.rooms.act({ action: 'check-out', room: room.key, confirmRevoke: plan.revoke.map((c) => c.id) }, operator(r));
          } catch (err) {
            if (attempt < 2 && err instanceof StationFailure && err.error.code === 'rooms.confirm-stale') continue;
            throw err;
          }
        }
        return await settle(view, label, job, {
          done: (v) => succeeded('pms.done.checkout', { room: label, count: revoked(v) }, operationIds(v)),
          offline: (v, pending) => queued('pms.queued.offline-checkout', { room: label, count: pending }, operationIds(v)),
        });
      } catch (err) {
        return failed(err);
      }
    },

    async modifyStay(r, job) {
      const room = await roomOf(r);
      if (isResult(room)) return room;
      const label = room.displayName;
      if (!r.validTo)
        return failedWith('pms.invalid-request', { detail: 'a stay change needs the new departure (FIAS GD, HTTP keyValidityEnd)' });
      const end = r.validTo;
      const request = { action: 'extend' as const, room: room.key, end, sendSms: true };
      try {
        try {
          await deps.rooms.preview(request);
        } catch (err) {
          if (!(err instanceof StationFailure)) throw err;
          if (err.error.code === 'rooms.vacant') return failedWith('pms.no-stay', { room: label, what: 'change', whatZh: '修改' });
          // The PMS sends a stay change for anything about the stay (a name, a note): the same end changes nothing.
          if (err.error.code === 'rooms.extend-not-later' && err.error.params?.current === end)
            return succeeded('pms.done.extend-same', { room: label, end: end.replace('T', ' ') }, []);
          throw err;
        }
        const view = await deps.rooms.act(request, operator(r));
        const changed = view.steps.filter((s) => s.role === 'extend' || s.role === 'issue').length;
        const result = await settle(view, label, job, {
          done: (v) => succeeded('pms.done.extend', { room: label, end: end.replace('T', ' '), count: changed }, operationIds(v)),
          offline: (v) => queued('pms.queued.offline-extend', { room: label, end: end.replace('T', ' ') }, operationIds(v)),
        });
        return view.notes.length && !result.error ? { ...result, notes: view.notes } : result;
      } catch (err) {
        return failed(err);
      }
    },

    async read(r, job) {
      const wrongEncoder = checkEncoder(r);
      if (wrongEncoder) return wrongEncoder;
      let lease: EncoderLease;
      try {
        lease = deps.encoder.lease({ id: `pms:${randomUUID()}`, label: 'PMS: reading a card', labelZh: 'PMS：正在读卡' });
      } catch (err) {
        return failed(err);
      }
      let card: CardRead;
      try {
        job.progress({ phase: 'place-card', room: r.roomId || '-', n: 1, total: 1 });
        // The card the PMS asks about is the one lying on the encoder.
        card = await lease.read(keyWaitMs(), { signal: job.signal });
      } catch (err) {
        if (err instanceof StationFailure && err.error.code === 'encoder.timeout') return failedWith('pms.no-card', {});
        return failed(err);
      } finally {
        lease.release();
      }
      try {
        const identity = await identify(card.serialNum);
        if (identity.blank) return succeeded('pms.done.read-unknown', { serial: card.serialNum }, []);
        const room = identity.room?.displayName ?? identity.card?.roomNo ?? identity.card?.deviceId ?? '-';
        const status = identity.status;
        return succeeded(
          'pms.done.read',
          { serial: card.serialNum, room, end: identity.validTo?.replace('T', ' ') ?? '-', status, statusZh: STATUS_ZH[status] ?? status },
          [],
        );
      } catch (err) {
        return failed(err);
      }
    },
  };

  /** What the card is: asked of the cloud live, or, when the cloud is slow, from the station's records. */
  async function identify(serialNum: string): Promise<CardIdentity> {
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), deps.liveReadMs ?? 5000)));
    const live = deps.rooms.identify({ serialNum, live: true });
    live.catch(() => undefined);
    try {
      return (await Promise.race([live, slow])) ?? (await deps.rooms.identify({ serialNum, live: false }));
    } finally {
      clearTimeout(timer);
    }
  }
}
