import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { createDispatcher, type Dispatch, type HandlerContext, type Handlers } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import { StationFailure } from '../../electron/services/failure';
import type { Station } from '../../electron/services/station';
import { demoStation } from '../helpers';
import { signedInContext } from '../sign-in';

/** Payloads no channel of the contract accepts (every request is a strict object). */
const WRONG_PAYLOADS: unknown[] = [42, 'station', [1, 2], true, { definitelyNotAField: 1 }];

describe('the IPC contract', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let dispatch: Dispatch;
  /** An administrator may use every channel, so what is tested here is the contract, not the roles. */
  let trusted: HandlerContext;

  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    dispatch = createDispatcher(createHandlers(station), station.staff);
    trusted = await signedInContext(station, 'administrator');
  });
  afterAll(async () => cleanup());

  it('has a handler for every channel and nothing else', () => {
    const handlers = createHandlers(station);
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(typeof handlers[c]).toBe('function');
  });

  it.each(CHANNELS)('answers a malformed request on %s with the typed validation error', async (channel) => {
    for (const payload of WRONG_PAYLOADS) {
      const result = await dispatch(channel, payload, trusted);
      expect(result.ok, `${channel} accepted ${JSON.stringify(payload)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('station.validation');
        expect(result.error.message).toMatch(/not valid/);
      }
    }
  });

  it('refuses an operation at the boundary, naming the field, so the outbox only ever gets parsed requests', async () => {
    const before = (await station.outbox.list({ limit: 1, offset: 0 })).total;
    const result = await dispatch('operations:submit', { kind: 'uclbrt.qr.cancel', input: { cardNo: 'x!' } }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'input.cardNo' } });
    expect((await station.outbox.list({ limit: 1, offset: 0 })).total).toBe(before);
  });

  it('refuses every channel from an untrusted sender before looking at the request', async () => {
    for (const channel of CHANNELS) {
      const result = await dispatch(channel, {}, { ...trusted, senderTrusted: false });
      expect(result).toMatchObject({ ok: false, error: { code: 'station.forbidden-sender' } });
    }
  });

  it('answers an unknown channel with a validation error', async () => {
    const result = await dispatch('shell:exec', { cmd: 'rm -rf /' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'station.validation' } });
  });

  it('wraps a valid request as {ok:true, data}', async () => {
    const result = await dispatch('station:status', {}, trusted);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data).toMatchObject({ mode: 'demo', version: expect.any(String) });
  });

  it('turns handler failures into errors, never a throw', async () => {
    const handlers = createHandlers(station);
    const exploding: Handlers = {
      ...handlers,
      'station:status': () => {
        throw new Error('boom');
      },
      'station:ports': async () => {
        throw StationFailure.of('station.timeout');
      },
    };
    const d = createDispatcher(exploding, station.staff);
    await expect(d('station:status', {}, trusted)).resolves.toMatchObject({ ok: false, error: { code: 'station.internal' } });
    await expect(d('station:ports', {}, trusted)).resolves.toMatchObject({ ok: false, error: { code: 'station.timeout' } });
  });

  it('never throws, whatever arrives on whatever channel', async () => {
    // Handlers that answer at once: this is about the dispatcher, not about (slow) devices.
    const quick = Object.fromEntries(
      CHANNELS.map((c, i) => [c, i % 2 ? () => ({}) : () => Promise.reject(new Error('x'))]),
    ) as unknown as Handlers;
    const dispatch = createDispatcher(quick, station.staff);
    const names = fc.oneof(fc.constantFrom<string>(...CHANNELS), fc.string());
    await fc.assert(
      fc.asyncProperty(names, fc.anything(), fc.boolean(), async (name, payload, senderTrusted) => {
        const result = await dispatch(name as Channel, payload, { ...trusted, senderTrusted });
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.error.code).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
