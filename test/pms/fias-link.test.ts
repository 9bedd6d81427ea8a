/** The FIAS link state machine, driven by bytes and a hand-advanced clock. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ETX, STX } from '../../electron/services/pms/fias/framer';
import { FiasLink, type FiasLinkEvent } from '../../electron/services/pms/fias/link';
import type { FiasRecord } from '../../electron/services/pms/fias/record';
import { ManualClock } from './manual-clock';

const frame = (text: string) => Uint8Array.from([STX, ...Buffer.from(text, 'utf8'), ETX]);

function rig(options: { startOnOpen?: boolean } = {}) {
  const clock = new ManualClock();
  const sent: string[] = [];
  const requests: FiasRecord[] = [];
  const closed: string[] = [];
  const events: FiasLinkEvent[] = [];
  const description: FiasRecord[] = [
    {
      type: 'LD',
      fields: [
        ['V#', '1.0'],
        ['IF', 'DL'],
      ],
    },
    {
      type: 'LR',
      fields: [
        ['RI', 'KR'],
        ['FL', 'K#KCRN'],
      ],
    },
  ];
  const link = new FiasLink(
    {
      send: (b) => sent.push(Buffer.from(b.subarray(1, -1)).toString('utf8')),
      request: (r) => requests.push(r),
      close: (reason) => closed.push(reason),
      event: (e) => events.push(e),
    },
    {
      description: () => description,
      clock,
      startRetryMs: 1000,
      aliveIntervalMs: 5000,
      silenceTimeoutMs: 20_000,
      startOnOpen: options.startOnOpen,
    },
  );
  const types = () => sent.map((s) => s.slice(0, 2));
  return { clock, sent, types, requests, closed, events, link };
}

describe('FIAS link (station side)', () => {
  it('starts: LS on open; the PMS LS is answered with LD, LR and LA; the PMS LA brings the link up', () => {
    const r = rig();
    r.link.open();
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]).toMatch(/^LS\|DA\d{6}\|TI\d{6}\|$/);
    r.link.receive(frame('LS|DA261123|TI100000|'));
    expect(r.types()).toEqual(['LS', 'LD', 'LR', 'LA']);
    expect(r.link.state).toBe('awaiting-alive');
    r.link.receive(frame('LA|DA261123|TI100001|'));
    expect(r.link.state).toBe('up');
    expect(r.events.filter((e) => e.kind === 'state').map((e) => (e as { state: string }).state)).toEqual(['awaiting-alive', 'up']);
  });

  it('sends LS again until the PMS starts the link', () => {
    const r = rig();
    r.link.open();
    r.clock.advance(3000);
    expect(r.types()).toEqual(['LS', 'LS', 'LS', 'LS']);
    r.link.receive(frame('LS|'));
    r.clock.advance(3000);
    expect(r.types().slice(4)).toEqual(['LD', 'LR', 'LA']);
  });

  it('keeps the link alive with LA when idle, and closes it when the PMS falls silent', () => {
    const r = rig();
    r.link.open();
    r.link.receive(frame('LS|'));
    r.link.receive(frame('LA|'));
    r.sent.length = 0;
    r.clock.advance(5000);
    expect(r.types()).toEqual(['LA']);
    r.clock.advance(5000);
    expect(r.types()).toEqual(['LA', 'LA']);
    r.link.receive(frame('LA|'));
    r.clock.advance(19_999);
    expect(r.closed).toEqual([]);
    r.clock.advance(1);
    expect(r.closed).toEqual(['nothing arrived from the PMS for 20 s']);
    expect(r.link.state).toBe('ended');
    expect(r.clock.pending).toBe(0);
  });

  it('answers LA from the PMS with nothing once up (no ping-pong)', () => {
    const r = rig();
    r.link.open();
    r.link.receive(frame('LS|'));
    r.link.receive(frame('LA|'));
    r.sent.length = 0;
    for (let i = 0; i < 5; i++) r.link.receive(frame('LA|'));
    expect(r.sent).toEqual([]);
  });

  it('a PMS that starts the link twice gets the description twice and the link stays usable', () => {
    const r = rig();
    r.link.open();
    r.link.receive(frame('LS|'));
    r.link.receive(frame('LA|'));
    r.link.receive(frame('LS|'));
    expect(r.link.state).toBe('awaiting-alive');
    r.link.receive(frame('LA|'));
    expect(r.types()).toEqual(['LS', 'LD', 'LR', 'LA', 'LD', 'LR', 'LA']);
    r.link.receive(frame('KR|RN101|'));
    expect(r.requests.map((q) => q.type)).toEqual(['KR']);
  });

  it('LE from the PMS ends the link and closes the connection', () => {
    const r = rig();
    r.link.open();
    r.link.receive(frame('LS|'));
    r.link.receive(frame('LE|'));
    expect(r.closed).toEqual(['the PMS ended the link (LE)']);
    expect(r.link.state).toBe('ended');
    r.link.sendRecord({ type: 'KA', fields: [['AS', 'OK']] });
    expect(r.types()).not.toContain('KA');
  });

  it('end() says LE and closes', () => {
    const r = rig();
    r.link.open();
    r.link.end();
    expect(r.types()).toEqual(['LS', 'LE']);
    expect(r.closed).toEqual(['the station is stopping']);
    expect(r.clock.pending).toBe(0);
  });

  it('a bad record, garbage or a record of another type is reported and skipped; the next record is served', () => {
    const r = rig();
    r.link.open();
    r.link.receive(frame('LS|'));
    r.link.receive(frame('LA|'));
    r.link.receive(Uint8Array.from([...Buffer.from('junk'), ...frame('K|x|'), ...frame('XX|AB1|'), ...frame('KR|RN1203|K#2|')]));
    expect(r.requests.map((q) => q.fields)).toEqual([
      [
        ['RN', '1203'],
        ['K#', '2'],
      ],
    ]);
    expect(r.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['discarded', 'bad-record', 'unexpected']));
    expect(r.link.state).toBe('up');
    expect(r.closed).toEqual([]);
  });

  it('a handler that throws on a record does not break the link', () => {
    const clock = new ManualClock();
    let calls = 0;
    const link = new FiasLink(
      {
        send: () => undefined,
        request: () => {
          calls++;
          throw new Error('boom');
        },
        close: () => undefined,
      },
      { description: () => [], clock },
    );
    link.open();
    link.receive(frame('KR|RN1|'));
    link.receive(frame('KR|RN2|'));
    expect(calls).toBe(2);
    link.dispose();
  });

  it('serves key records that arrive before the start (a PMS that skips it)', () => {
    const r = rig({ startOnOpen: false });
    r.link.open();
    r.link.receive(frame('KD|RN101|'));
    expect(r.requests.map((q) => q.type)).toEqual(['KD']);
    expect(r.sent).toEqual([]);
  });

  it('fuzz: any bytes, framed records or not, in any chunks: the link never throws and hands on only key records', () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc
        .constantFrom('LS|', 'LA|', 'LD|V#1|', 'LR|RIKR|', 'KR|RN1|', 'KD|RN2|', 'KM|RN3|GD261130|', 'KA|ASOK|', 'XX|', 'K|', '')
        .map(frame),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const r = rig();
        r.link.open();
        for (const p of pieces) r.link.receive(p);
        expect(r.requests.every((q) => ['KR', 'KD', 'KM'].includes(q.type))).toBe(true);
        r.clock.advance(60_000);
        r.link.dispose();
        expect(r.clock.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
