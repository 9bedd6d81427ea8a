import type { OperationRequest } from '../../shared/domain/operations';
import { req } from './helpers';

/** 200 operations over 50 cards, interleaved at random: what a busy desk does during an outage. */
export function mixedOperations(seed = 7): { request: OperationRequest; card: string }[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines: { request: OperationRequest; card: string }[][] = [];
  for (let i = 0; i < 15; i++) {
    const cardNo = `OUTQR${String(i).padStart(4, '0')}`;
    lines.push(
      [req({ kind: 'uclbrt.qr.reportLost', input: { cardNo } }), req({ kind: 'uclbrt.qr.reportLost', input: { cardNo } }), req({ kind: 'uclbrt.qr.cancel', input: { cardNo } })].map(
        (request) => ({ request, card: cardNo }),
      ),
    );
  }
  for (let i = 0; i < 15; i++) {
    const serialNum = (0xa0000000 + i).toString(16).toUpperCase();
    const issue = req({ kind: 'uclbrt.prox.issue', input: { serialNum, roomNo: String(300 + i), end: '2030-06-01T12:00', lockType: 'RFLOCK-V9' } });
    const cancel = req({ kind: 'uclbrt.prox.cancel', input: { serialNum, lockType: 'RFLOCK-V9' } });
    lines.push([issue, cancel, issue, cancel].map((request) => ({ request, card: serialNum })));
  }
  const tuyaKinds = ['tuya.freeze', 'tuya.unfreeze', 'tuya.modify'] as const;
  for (let i = 0; i < 20; i++) {
    const ref = { deviceId: 'lock-outage', lockCardId: `LC${i}` };
    const count = i < 15 ? 5 : 4; // 15*5 + 5*4 = 95
    lines.push(
      Array.from({ length: count }, (_, k) => {
        const kind = tuyaKinds[k % 3];
        const request = kind === 'tuya.modify' ? req({ kind, input: { ...ref, start: '2030-01-01T12:00', end: `2030-0${2 + k}-01T12:00` } }) : req({ kind, input: ref });
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
