/** The planner alone (pure): which operations an action becomes, in which order, and what it refuses. */
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../shared/domain/operations';
import { roomActionRequestSchema, type RoomActionRequestInput, type RoomCard, type RoomEntry } from '../../shared/domain/rooms';
import { StationFailure } from '../../electron/services/failure';
import { planAction, stayOf, type PlanContext } from '../../electron/services/rooms/plan';

const NOW = '2026-05-01T12:00';
const room = (patch: Partial<RoomEntry> = {}): RoomEntry => ({
  key: '1-1-103',
  buildNo: '1',
  floorNo: '1',
  roomNo: '103',
  displayName: '103',
  lockType: 'QRBLOCK',
  tuya: { deviceId: 'lock-3' },
  cardKinds: ['qr', 'proximity', 'tuya'],
  sources: ['uclbrt', 'import'],
  updatedAt: NOW,
  ...patch,
});

let seq = 0;
function card(patch: Partial<RoomCard>): RoomCard {
  seq++;
  return {
    id: `card-${seq}`,
    provider: 'uclbrt',
    status: 'active',
    createdAt: `2026-05-01T0${seq % 10}:00:00.000Z`,
    updatedAt: NOW,
    buildNo: '1',
    floorNo: '1',
    roomNo: '103',
    validTo: '2026-05-03T12:00',
    kind: 'qr',
    label: patch.cardNo ?? `QRCARD${seq}`,
    pending: [],
    ...patch,
  } as RoomCard;
}

function ctx(cards: RoomCard[], patch: Partial<PlanContext> = {}): PlanContext {
  return { room: room(), cards, stay: stayOf(cards), issueOf: () => undefined, now: NOW, defaultLockType: 'QRALOCK', ...patch };
}

const plan = (c: PlanContext, r: RoomActionRequestInput, confirm = false) => planAction(c, roomActionRequestSchema.parse(r), { confirm });
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof StationFailure) return err.error;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('check-out plan', () => {
  it('on a lock without single-card stop: one whole-room report for the QR cards, even when one of them is already being cancelled', () => {
    const cancelling = card({
      cardNo: 'QRA0000001',
      label: 'QRA0000001',
      pending: [{ operationId: 'op-cancel', kind: 'uclbrt.qr.cancel', state: 'queued', stillOpens: true }],
    });
    const b = card({ cardNo: 'QRB0000002', label: 'QRB0000002' });
    const c = card({ cardNo: 'QRC0000003', label: 'QRC0000003' });
    const p = plan(ctx([cancelling, b, c]), { action: 'check-out', room: '103' });
    expect(
      p.steps.map((s) => [
        s.cardLabel,
        s.request?.kind ?? (s.existingOperationId ? `existing ${s.existingOperationId}` : `covered by ${s.coveredByStep}`),
      ]),
    ).toEqual([
      ['QRA0000001', 'existing op-cancel'],
      ['QRB0000002', 'uclbrt.qr.reportLost'],
      ['QRC0000003', 'covered by 1'],
    ]);
    expect(p.steps[1].request?.input).toMatchObject({ cardNo: 'QRB0000002', wholeRoom: true, roomNo: '103' });
    // Already on its way: not asked again.
    expect(p.revoke.map((r) => r.label)).toEqual(['QRB0000002', 'QRC0000003']);
  });

  it('cancels QR cards one by one when none has begun (a loss report needs an obtained card), and never skips a card it cannot name', () => {
    const future = card({ cardNo: 'QRF0000001', validFrom: '2026-05-02T12:00' });
    expect(plan(ctx([future]), { action: 'check-out', room: '103' }).steps.map((s) => s.request?.kind)).toEqual(['uclbrt.qr.cancel']);
    const nameless = card({ provider: 'tuya', kind: 'tuya', deviceId: 'lock-3', label: 'AABB' });
    expect(refusal(() => plan(ctx([nameless]), { action: 'check-out', room: '103' }))).toMatchObject({ code: 'rooms.cannot-revoke' });
  });

  it('withdraws a queued issue that never reached the cloud; one being sent or uncertain needs a decision first', () => {
    const pending = card({ status: 'pending', label: '' });
    const issue = (state: Operation['state'], mayHaveReachedCloud = false) => ({ id: 'op-issue', state, mayHaveReachedCloud }) as Operation;
    expect(plan(ctx([pending], { issueOf: () => issue('queued') }), { action: 'check-out', room: '103' }).steps).toEqual([
      expect.objectContaining({ role: 'withdraw', existingOperationId: 'op-issue' }),
    ]);
    expect(refusal(() => plan(ctx([pending], { issueOf: () => issue('sending') }), { action: 'check-out', room: '103' }))).toMatchObject({
      code: 'rooms.issue-in-progress',
    });
    expect(
      refusal(() => plan(ctx([pending], { issueOf: () => issue('uncertain', true) }), { action: 'check-out', room: '103' })),
    ).toMatchObject({ code: 'rooms.needs-decision' });
    expect(
      refusal(() => plan(ctx([pending], { issueOf: () => issue('queued', true) }), { action: 'check-out', room: '103' })),
    ).toMatchObject({ code: 'rooms.needs-decision' });
  });
});

describe('new stay and duplicate plans', () => {
  it('a new stay stops every card first, then issues; confirmation is by card id', () => {
    const qr = card({ cardNo: 'QR00000001' });
    const tuya = card({ provider: 'tuya', kind: 'tuya', deviceId: 'lock-3', lockCardId: 'L9', label: 'L9' });
    const request = { action: 'new-stay' as const, room: '103', cardKind: 'tuya' as const, serialNum: 'aabbccdd', end: '2026-05-04T12:00' };
    expect(refusal(() => plan(ctx([qr, tuya]), request, true))).toMatchObject({
      code: 'rooms.confirm-required',
      params: { count: 2, cards: 'QR00000001, L9' },
    });
    const p = plan(ctx([qr, tuya]), { ...request, confirmRevoke: [qr.id, tuya.id] }, true);
    expect(p.steps.map((s) => s.request?.kind)).toEqual(['uclbrt.qr.reportLost', 'tuya.delete', 'tuya.issue']);
    expect(p.steps[2].request?.input).toMatchObject({ deviceId: 'lock-3', cardId: 'AABBCCDD', end: '2026-05-04T12:00' });
  });

  it("refuses what the room's lock cannot do before anything is queued", () => {
    const request = { action: 'new-stay' as const, room: '103', cardKind: 'qr' as const, mobile: '13800000001', end: '2026-05-04T12:00' };
    expect(refusal(() => plan(ctx([]), { ...request, times: 3 }))).toMatchObject({ code: 'station.validation', field: 'times' });
    expect(refusal(() => plan(ctx([]), { ...request, cipherType: 'period' }))).toMatchObject({
      code: 'station.validation',
      field: 'cipherType',
    });
    expect(refusal(() => plan(ctx([]), { ...request, end: '2026-05-01T11:00' }))).toMatchObject({ code: 'rooms.end-past' });
    expect(
      refusal(() =>
        plan(ctx([], { room: room({ cardKinds: ['qr'], tuya: undefined }) }), { ...request, cardKind: 'tuya', serialNum: 'AABB' }),
      ),
    ).toMatchObject({ code: 'rooms.card-kind-unsupported.tuya' });
    expect(refusal(() => plan(ctx([]), { ...request, cardKind: 'proximity' }))).toMatchObject({
      code: 'rooms.serial-required',
      field: 'serialNum',
    });
    expect(refusal(() => plan(ctx([]), { ...request, mobile: undefined }))).toMatchObject({
      code: 'rooms.mobile-required',
      field: 'mobile',
    });
  });

  it("a duplicate copies the stay's end and guest; without a stay it is refused", () => {
    const qr = card({ cardNo: 'QR00000001', holderMobile: '91234567', holderAreaCode: '852', validTo: '2026-05-05T11:00' });
    const p = plan(ctx([qr]), { action: 'duplicate', room: '103', cardKind: 'qr' });
    expect(p.steps[0].request?.input).toMatchObject({ mobile: '91234567', areaCode: '852', end: '2026-05-05T11:00', lockType: 'QRBLOCK' });
    expect(refusal(() => plan(ctx([]), { action: 'duplicate', room: '103', cardKind: 'qr', mobile: '13800000001' }))).toMatchObject({
      code: 'rooms.no-stay',
    });
  });
});

describe('extend plan', () => {
  it('Tuya in place, proximity rewritten, QR: a new card then the old one only after it (QRA), or left to run out (QRB)', () => {
    const tuya = card({ provider: 'tuya', kind: 'tuya', deviceId: 'lock-3', lockCardId: 'L9', label: 'L9', validFrom: '2026-05-01T10:00' });
    const prox = card({ kind: 'proximity', serialNum: 'C0FFEE01', label: 'C0FFEE01', holderMobile: '13800000001' });
    const qr = card({ cardNo: 'QR00000001', holderMobile: '13800000001' });
    const qrb = plan(ctx([tuya, prox, qr]), { action: 'extend', room: '103', end: '2026-05-09T12:00' });
    expect(qrb.steps.map((s) => [s.role, s.request?.kind, s.dependsOnStep])).toEqual([
      ['extend', 'tuya.modify', undefined],
      ['extend', 'uclbrt.prox.issue', undefined],
      ['issue', 'uclbrt.qr.issue', undefined],
    ]);
    expect(qrb.steps[0].request?.input).toMatchObject({ start: '2026-05-01T10:00', end: '2026-05-09T12:00' });
    expect(qrb.notes.map((n) => n.code)).toEqual(['rooms.extend-rewrite', 'rooms.extend-keeps-old']);
    const qra = plan(ctx([qr], { room: room({ lockType: 'QRALOCK' }) }), { action: 'extend', room: '103', end: '2026-05-09T12:00' });
    expect(qra.steps.map((s) => [s.role, s.request?.kind, s.dependsOnStep])).toEqual([
      ['issue', 'uclbrt.qr.issue', undefined],
      ['revoke-replaced', 'uclbrt.qr.cancel', 0],
    ]);
    expect(refusal(() => plan(ctx([qr]), { action: 'extend', room: '103', end: '2026-05-02T12:00' }))).toMatchObject({
      code: 'rooms.extend-not-later',
    });
  });

  it('a card whose stored guest details no longer pass the checks (an old record) is refused by field, not as an internal error', () => {
    const old = card({ cardNo: 'QR00000009', holderMobile: '12' });
    const refused = refusal(() => plan(ctx([old]), { action: 'extend', room: '103', end: '2026-05-09T12:00' }));
    expect(refused).toMatchObject({ code: 'station.validation' });
    expect(refused.message).toContain('mobile');
  });
});
