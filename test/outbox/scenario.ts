import type { OperationRequest } from '../../shared/domain/operations';
import { req } from './helpers';

export interface ScenarioCards {
  /** 15 QR card numbers. */
  qrCards: string[];
  /** 15 proximity serial numbers (issued, cancelled, issued again, cancelled during the outage). */
  serials: string[];
  /** 20 Tuya lock cards. */
  tuyaCards: { deviceId: string; lockCardId: string }[];
  /** Where the proximity cards are issued. */
  proxRoom: { buildNo?: string; floorNo?: string; roomNo: string };
}

export const FAKE_CARDS: ScenarioCards = {
  qrCards: Array.from({ length: 15 }, (_, i) => `OUTQR${String(i).padStart(4, '0')}`),
  serials: Array.from({ length: 15 }, (_, i) => (0xa0000000 + i).toString(16).toUpperCase()),
  tuyaCards: Array.from({ length: 20 }, (_, i) => ({ deviceId: 'lock-outage', lockCardId: `LC${i}` })),
  proxRoom: { roomNo: '300' },
};

/** What each kind looks like on the wire (see sandbox-rig.ts `cardActionOf`). */
export const WIRE_ACTION: Record<string, string> = {
  'uclbrt.qr.reportLost': 'qr.reportLost',
  'uclbrt.qr.cancel': 'qr.cancelCard',
  'uclbrt.prox.issue': 'prox.makeRoomCard',
  'uclbrt.prox.cancel': 'prox.cancelCard',
  'tuya.freeze': 'tuya.freeze',
  'tuya.unfreeze': 'tuya.unfreeze',
  'tuya.modify': 'tuya.modify',
};

/** 200 operations over 50 cards, interleaved at random: what a busy desk does during an outage. */
export function mixedOperations(cards: ScenarioCards = FAKE_CARDS, seed = 7): { request: OperationRequest; card: string }[] {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines: { request: OperationRequest; card: string }[][] = [];
  for (const cardNo of cards.qrCards) {
    lines.push(
      [
        req({ kind: 'uclbrt.qr.reportLost', input: { cardNo } }),
        req({ kind: 'uclbrt.qr.reportLost', input: { cardNo } }),
        req({ kind: 'uclbrt.qr.cancel', input: { cardNo } }),
      ].map((request) => ({ request, card: cardNo })),
    );
  }
  for (const serialNum of cards.serials) {
    const issue = req({
      kind: 'uclbrt.prox.issue',
      input: { serialNum, ...cards.proxRoom, end: '2030-06-01T12:00', lockType: 'RFLOCK-V9' },
    });
    const cancel = req({ kind: 'uclbrt.prox.cancel', input: { serialNum, lockType: 'RFLOCK-V9' } });
    lines.push([issue, cancel, issue, cancel].map((request) => ({ request, card: serialNum })));
  }
  const tuyaKinds = ['tuya.freeze', 'tuya.unfreeze', 'tuya.modify'] as const;
  for (const [i, ref] of cards.tuyaCards.entries()) {
    const count = i < 15 ? 5 : 4; // 15*5 + 5*4 = 95
    lines.push(
      Array.from({ length: count }, (_, k) => {
        const kind = tuyaKinds[k % 3];
        const request =
          kind === 'tuya.modify'
            ? req({ kind, input: { ...ref, start: '2030-01-01T12:00', end: `2030-0${2 + k}-01T12:00` } })
            : req({ kind, input: ref });
        return { request, card: `${ref.deviceId}/${ref.lockCardId}` };
      }),
    );
  }
  const out: { request: OperationRequest; card: string }[] = [];
  while (lines.some((l) => l.length)) {
    const open = lines.filter((l) => l.length);
    out.push(open[Math.floor(rand() * open.length)].shift()!);
  }
  return out;
}
