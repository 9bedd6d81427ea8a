// First, before anything loads node-hid: its native binding fails in this test process as it does
// on a machine without libusb-1.0-0 (vitest runs each test file in its own process).
import '../fixtures/without-libusb.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortInfo } from '../../shared/domain/encoder';
import type { IpcResult } from '../../shared/ipc/contract';
import { createDispatcher, type Dispatch, type HandlerContext } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import { signedInContext } from '../sign-in';
import type { Station } from '../../electron/services/station';
import { demoStation } from '../helpers';

describe('station:ports over IPC without libusb', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let dispatch: Dispatch;
  /** The port list and the encoder test belong to Settings: the administrator's. */
  let admin: HandlerContext;
  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    dispatch = createDispatcher(createHandlers(station), station.staff);
    admin = await signedInContext(station, 'administrator');
  });
  afterAll(async () => cleanup());

  it('answers with an entry saying HID readers cannot be listed and why, not just fewer ports', async () => {
    const r = (await dispatch('station:ports', {}, admin)) as IpcResult<PortInfo[]>;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.at(-1)).toEqual({
      kind: 'hid',
      path: '',
      unavailable: expect.objectContaining({
        code: 'encoder.hid-listing-unavailable',
        params: { detail: 'the system library libusb-1.0.so.0 is missing (Debian/Ubuntu package libusb-1.0-0)' },
      }),
    });
  });

  it('a HID reader that cannot be opened says why (the library), not "no such device"', async () => {
    const r = (await dispatch('encoder:test', { driver: 'hid', port: 'ffff:0035' }, admin)) as IpcResult<{
      error?: { code: string; message: string };
    }>;
    expect(r).toMatchObject({
      ok: true,
      data: { state: 'error', error: { code: 'encoder.hid-unavailable', message: expect.stringContaining('libusb-1.0.so.0 is missing') } },
    });
  });
});
