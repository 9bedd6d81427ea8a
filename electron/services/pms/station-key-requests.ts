/**
 * `KeyRequests` with what the station can do today: the outbox's operation kinds and the encoder
 * lease. Every change goes through the outbox (operator `pms:<workstation>`), so it is durable,
 * ordered and in the activity log like the desk's own work.
 *
 * - New / duplicate: QR keys are issued to the guest's mobile (no card); proximity and Tuya keys
 *   wait for a card on the encoder, one card per key, each card's issue queued as soon as it is read.
 * - Remove (check-out): every usable card the registry has for the room is cancelled / deleted.
 * - Modify stay: Tuya cards get the new end; UCLBRT keys cannot be changed in place (see TODO).
 * - Read: the card on the encoder, as the registry knows it.
 *
 * TODO(rooms) — the lead wires these to the room actions (electron/services/rooms/actions.ts):
 * - newKeys: the `new-stay` action (revokes the room's active keys, then issues, ordered in the
 *   room's line). Here it only issues: earlier keys of the room keep working.
 * - duplicate: the `duplicate` action (copies the stay's validity exactly). Here: the validity the
 *   PMS sends, else the latest end among the room's usable cards.
 * - remove: the `check-out` action (also settles pending issues, per-card progress). Here: cancels
 *   of the cards the registry knows as active or frozen.
 * - modifyStay: the `extend` action (UCLBRT: issue with the new end, revoke the old card only after
 *   the new one is confirmed, as an outbox dependency). Here: Tuya only; UCLBRT is refused.
 * - room resolution and per-room card kind: rooms.ts.
 * TODO(staff): the operator is `pms:<workstation>`; [staff] may map it to a PMS operator account.
 */
import { randomUUID } from 'node:crypto';
import type { StationConfig } from '../../../shared/config';
import type { CloudStatus, ProviderId } from '../../../shared/domain/cloud';
import type { CardRead } from '../../../shared/domain/encoder';
import { operationRequestSchema, type Operation, type OperationRequestInput } from '../../../shared/domain/operations';
import type { PmsInterface } from '../../../shared/domain/pms';
import type { CardRecord } from '../../../shared/domain/registry';
import type { EncoderLease } from '../encoder/service';
import type { EncoderOwner } from '../encoder/lease';
import type { StationEvents } from '../events';
import { parseOrRefuse, StationFailure } from '../failure';
import type { OutboxService } from '../services';
import type { KeyJob, KeyRequest, KeyRequests, KeyResult } from './key-requests';
import { failed, failedWith, queued, succeeded } from './outcomes';
import { interimRoomResolver, type PmsRoom, type PmsRoomResolver } from './rooms';

export interface StationKeyDeps {
  config(): StationConfig;
  encoder: { lease(owner: EncoderOwner): EncoderLease };
  outbox: Pick<OutboxService, 'submit' | 'get'>;
  events: StationEvents;
  cards: {
    usableInRoom(room: { buildNo?: string; floorNo?: string; roomNo: string }): CardRecord[];
    usableOnLock(deviceId: string): CardRecord[];
    bySerialNum(provider: ProviderId, serialNum: string, deviceId?: string): CardRecord | undefined;
  };
  cloudStatus(): CloudStatus[];
  /** The encoder id the PMS uses for this station's encoder, per interface. */
  ownEncoderId(via: PmsInterface): string;
  resolveRoom?: PmsRoomResolver;
  /** How long to wait for the cloud's answer before telling the PMS the work is queued (default 15 s). */
  cloudWaitMs?: number;
}

const SETTLED = new Set(['done', 'failed', 'uncertain', 'discarded']);

/** Text fields refuse control, direction and invisible characters: a guest name from a PMS must not fail a key. */
function cleanName(name: string | undefined): string | undefined {
  const clean = name?.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, 32);
  return clean || undefined;
}

function localNow(): string {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The room's parts as operation inputs have them (all three keys present). */
function roomFields(target: PmsRoom): { buildNo: string | undefined; floorNo: string | undefined; roomNo: string } {
  return { buildNo: target.ref?.buildNo, floorNo: target.ref?.floorNo, roomNo: target.ref?.roomNo ?? target.roomId };
}

const STATUS_ZH: Record<string, string> = { active: '有效', frozen: '已冻结', pending: '待生效', lost: '已挂失', cancelled: '已注销', failed: '失败' };

export function createStationKeyRequests(deps: StationKeyDeps): KeyRequests {
  const resolveRoom = deps.resolveRoom ?? interimRoomResolver;
  const cloudWaitMs = deps.cloudWaitMs ?? 15_000;
  const operator = (r: KeyRequest) => `pms:${r.workstation}`;
  const keyWaitMs = () => (deps.config().pms?.keyWaitSeconds ?? 60) * 1000;

  function room(request: KeyRequest): PmsRoom | KeyResult {
    const resolved = resolveRoom(request.roomId, deps.config());
    return 'code' in resolved ? failed(new StationFailure(resolved)) : resolved;
  }
  const isResult = (r: PmsRoom | KeyResult): r is KeyResult => 'outcome' in r;

  /** The PMS is a boundary: what it asked for is checked here, as the IPC layer checks a clerk's request. */
  function submit(request: OperationRequestInput, r: KeyRequest): Promise<Operation> {
    return deps.outbox.submit(parseOrRefuse(operationRequestSchema, request), operator(r));
  }

  /** Resolves when any of these operations changes, after `ms`, or on abort. */
  function nextUpdate(ids: readonly string[], ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      const off = deps.events.on('operation:updated', (op) => {
        if (ids.includes(op.id)) done();
      });
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Waits for the operations' outcomes and tells the truth: done, failed (the first failure),
   * uncertain, or queued — at once when the cloud is offline, an attempt was deferred or the work
   * is held behind an operation a person must settle; else when the wait (or the job's time) runs out.
   */
  async function settle(ids: string[], r: KeyRequest, label: string, job: KeyJob, done: () => KeyResult): Promise<KeyResult> {
    const started = Date.now();
    for (;;) {
      const ops = await Promise.all(ids.map((id) => deps.outbox.get(id)));
      const failure = ops.find((op) => op.state === 'failed' || op.state === 'discarded');
      if (failure) return failed(failure.lastError ? new StationFailure(failure.lastError) : StationFailure.of('pms.general', { detail: `operation ${failure.id} was ${failure.state}` }), ids);
      if (ops.some((op) => op.state === 'uncertain')) return failedWith('pms.uncertain', { room: label }, ids, 'general');
      if (ops.every((op) => SETTLED.has(op.state))) return done();
      const pending = ops.filter((op) => !SETTLED.has(op.state));
      const offline = new Set(deps.cloudStatus().filter((c) => c.state === 'offline').map((c) => c.provider));
      if (pending.some((op) => offline.has(op.provider) || (op.state === 'queued' && op.attempts > 0 && op.lastError))) {
        return queued('pms.queued.offline', { room: label, count: pending.length }, ids);
      }
      // Behind work a person must settle first: it will not move by itself, so say so now.
      if (pending.some((op) => op.waitingFor?.needsDecision)) return queued('pms.queued.blocked', { room: label }, ids);
      const left = cloudWaitMs - (Date.now() - started);
      if (left <= 0 || job.signal.aborted) {
        if (pending.some((op) => op.waitingFor)) return queued('pms.queued.waiting', { room: label }, ids);
        return queued('pms.queued.in-progress', { room: label, seconds: Math.round((Date.now() - started) / 1000) }, ids);
      }
      await nextUpdate(ids, Math.min(left, 1000), job.signal);
    }
  }

  function ownerFor(r: KeyRequest, label: string): EncoderOwner {
    return { id: `pms:${randomUUID()}`, label: `PMS: ${r.count} key(s) for room ${label}`, labelZh: `PMS：房间 ${label} 的 ${r.count} 张房卡` };
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
  function foreignCard(card: CardRead, target: PmsRoom, action: KeyRequest['action']): KeyResult | undefined {
    const provider: ProviderId = target.kind === 'tuya' ? 'tuya' : 'uclbrt';
    const known = deps.cards.bySerialNum(provider, card.serialNum);
    if (!known || !['active', 'frozen', 'pending'].includes(known.status)) return undefined;
    const sameRoom =
      target.kind === 'tuya'
        ? known.deviceId === target.deviceId
        : known.roomNo === target.ref?.roomNo && (known.buildNo ?? '') === (target.ref?.buildNo ?? '') && (known.floorNo ?? '') === (target.ref?.floorNo ?? '');
    if (sameRoom && action === 'duplicate') {
      return failedWith('pms.bad-card', { detail: `card ${card.serialNum} already is a key of this room; a duplicate needs another card` });
    }
    if (sameRoom) return undefined;
    const where = known.roomNo ?? known.deviceId ?? '?';
    return failedWith('pms.bad-card', { detail: `card ${card.serialNum} is still a key for room ${where}; check that room out first, or use another card` });
  }

  async function issueKeys(r: KeyRequest, target: PmsRoom, validity: { from?: string; to?: string }, job: KeyJob): Promise<KeyResult> {
    const ids: string[] = [];
    const doneText = () => succeeded('pms.done.keys', { room: target.label, count: r.count }, ids);
    try {
      if (target.kind === 'qr') {
        if (!r.mobile) return failedWith('pms.mobile-required', { room: target.label });
        for (let n = 1; n <= r.count; n++) {
          const op = await submit(
            {
              kind: 'uclbrt.qr.issue',
              input: {
                ...roomFields(target),
                mobile: r.mobile.number,
                areaCode: r.mobile.areaCode ?? deps.config().uclbrt?.operator.creatorAreaCode ?? '86',
                start: validity.from,
                end: validity.to,
                cardType: 'room',
                opentype: 'single',
                // The guest gets the QR by SMS: the PMS has no screen to show it on.
                sendSms: true,
                isLost: false,
                cipherType: 'none',
              },
            },
            r,
          );
          ids.push(op.id);
        }
        job.progress({ phase: 'sending', room: target.label, n: r.count, total: r.count });
        return await settle(ids, r, target.label, job, doneText);
      }
      if (!validity.to && target.kind === 'proximity') {
        return failedWith('pms.invalid-request', { detail: 'a proximity key needs the departure (FIAS GD, HTTP keyValidityEnd)' });
      }
      const wrongEncoder = checkEncoder(r);
      if (wrongEncoder) return wrongEncoder;
      const lease = deps.encoder.lease(ownerFor(r, target.label));
      try {
        const used = new Set<string>();
        for (let n = 1; n <= r.count; n++) {
          job.progress({ phase: 'place-card', room: target.label, n, total: r.count });
          let card: CardRead;
          try {
            card = await lease.read(keyWaitMs(), { except: used, signal: job.signal });
          } catch (err) {
            if (err instanceof StationFailure && err.error.code === 'encoder.timeout') {
              return failedWith('pms.card-timeout', { seconds: err.error.params?.seconds ?? Math.round(keyWaitMs() / 1000), n, total: r.count, room: target.label }, ids);
            }
            throw err;
          }
          used.add(card.uid);
          const foreign = foreignCard(card, target, r.action);
          if (foreign) return { ...foreign, operationIds: ids };
          const op =
            target.kind === 'tuya'
              ? await submit({ kind: 'tuya.issue', input: { deviceId: target.deviceId!, cardId: card.serialNum, start: validity.from, end: validity.to } }, r)
              : await submit(
                  {
                    kind: 'uclbrt.prox.issue',
                    input: {
                      serialNum: card.serialNum,
                      ...roomFields(target),
                      end: validity.to!,
                      lockType: target.lockType ?? deps.config().encoder.lockType,
                      owner: cleanName(r.guest?.name),
                      ownerMobile: r.mobile?.number,
                      ownerAreaCode: r.mobile?.areaCode ?? '86',
                      opentype: 'single',
                      isLost: false,
                    },
                  },
                  r,
                );
          ids.push(op.id);
        }
      } finally {
        lease.release();
      }
      job.progress({ phase: 'sending', room: target.label, n: r.count, total: r.count });
      return await settle(ids, r, target.label, job, doneText);
    } catch (err) {
      return failed(err, ids);
    }
  }

  function usableCards(target: PmsRoom): CardRecord[] {
    return target.kind === 'tuya' ? deps.cards.usableOnLock(target.deviceId!) : deps.cards.usableInRoom(target.ref!);
  }

  function latestEnd(cards: CardRecord[]): string | undefined {
    return cards.map((c) => c.validTo).filter((v): v is string => Boolean(v)).sort().at(-1);
  }

  return {
    async newKeys(r, job) {
      const target = room(r);
      if (isResult(target)) return target;
      return issueKeys(r, target, { from: r.validFrom, to: r.validTo }, job);
    },

    async duplicate(r, job) {
      const target = room(r);
      if (isResult(target)) return target;
      const cards = usableCards(target);
      if (!cards.length) return failedWith('pms.no-stay', { room: target.label, what: 'duplicate', whatZh: '复制房卡的' });
      return issueKeys(r, target, { from: r.validFrom, to: r.validTo ?? latestEnd(cards) }, job);
    },

    async remove(r, job) {
      const target = room(r);
      if (isResult(target)) return target;
      const cards = usableCards(target);
      if (!cards.length) return succeeded('pms.done.checkout-none', { room: target.label }, []);
      const ids: string[] = [];
      try {
        for (const card of cards) {
          let request: OperationRequestInput | undefined;
          if (card.provider === 'tuya' && card.deviceId && card.lockCardId) request = { kind: 'tuya.delete', input: { deviceId: card.deviceId, lockCardId: card.lockCardId } };
          else if (card.provider === 'uclbrt' && card.cardNo) request = { kind: 'uclbrt.qr.cancel', input: { cardNo: card.cardNo } };
          else if (card.provider === 'uclbrt' && card.serialNum) {
            request = { kind: 'uclbrt.prox.cancel', input: { serialNum: card.serialNum, lockType: target.lockType ?? deps.config().encoder.lockType } };
          }
          if (request) ids.push((await submit(request, r)).id);
        }
      } catch (err) {
        return failed(err, ids);
      }
      job.progress({ phase: 'sending', room: target.label, n: ids.length, total: ids.length });
      return settle(ids, r, target.label, job, () => succeeded('pms.done.checkout', { room: target.label, count: ids.length }, ids));
    },

    async modifyStay(r, job) {
      const target = room(r);
      if (isResult(target)) return target;
      if (!r.validTo) return failedWith('pms.invalid-request', { detail: 'a stay change needs the new departure (FIAS GD, HTTP keyValidityEnd)' });
      const cards = usableCards(target);
      if (!cards.length) return failedWith('pms.no-stay', { room: target.label, what: 'change', whatZh: '修改' });
      if (cards.some((c) => c.provider === 'uclbrt')) {
        return failedWith('pms.not-supported', { what: 'Changing the stay', whatZh: '修改入住', kind: 'UCLBRT' });
      }
      const ids: string[] = [];
      try {
        for (const card of cards) {
          const start = card.validFrom && card.validFrom < r.validTo ? card.validFrom : localNow();
          ids.push((await submit({ kind: 'tuya.modify', input: { deviceId: card.deviceId!, lockCardId: card.lockCardId!, start, end: r.validTo } }, r)).id);
        }
      } catch (err) {
        return failed(err, ids);
      }
      job.progress({ phase: 'sending', room: target.label, n: ids.length, total: ids.length });
      return settle(ids, r, target.label, job, () => succeeded('pms.done.extend', { room: target.label, end: r.validTo!.replace('T', ' '), count: ids.length }, ids));
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
      try {
        job.progress({ phase: 'place-card', room: r.roomId || '-', n: 1, total: 1 });
        const card = await lease.read(keyWaitMs(), { signal: job.signal });
        const kind = deps.config().pms?.cardKind === 'tuya' ? 'tuya' : 'uclbrt';
        const known = deps.cards.bySerialNum(kind, card.serialNum);
        if (!known) return succeeded('pms.done.read-unknown', { serial: card.serialNum }, []);
        return succeeded(
          'pms.done.read',
          { serial: card.serialNum, room: known.roomNo ?? known.deviceId ?? '-', end: known.validTo?.replace('T', ' ') ?? '-', status: known.status, statusZh: STATUS_ZH[known.status] ?? known.status },
          [],
        );
      } catch (err) {
        if (err instanceof StationFailure && err.error.code === 'encoder.timeout') return failedWith('pms.no-card', {});
        return failed(err);
      } finally {
        lease.release();
      }
    },
  };
}
