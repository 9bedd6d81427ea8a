/**
 * A desk window's hold on the encoder (`encoder:hold` / `encoder:release`): it keeps a PMS request
 * (and other windows) off the encoder, naming the clerk's job, and it ends when the screen gives it
 * back, when the window's session locks or ends, when the window goes, and after the idle time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { DeskHolds, type HoldingWindow } from '../../electron/services/encoder/desk-holds';
import { EncoderLeases } from '../../electron/services/encoder/lease';
import type { EncoderServiceHandle } from '../../electron/services/encoder/service';
import { StationFailure } from '../../electron/services/failure';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import { describeError, type StationError } from '../../shared/errors';
import type { EncoderHolder } from '../../shared/domain/encoder';
import { tempDir } from '../helpers';
import { signedInInvoke, type Invoke } from '../sign-in';

const PMS = { id: 'pms:1', label: 'PMS: 2 key(s) for room 9200', labelZh: 'PMS：房间 9200 的 2 张房卡' };

function refusal(take: () => unknown): StationError | undefined {
  try {
    take();
  } catch (err) {
    if (err instanceof StationFailure) return err.error;
    throw err;
  }
  return undefined;
}

/** A window whose input and end the test controls. */
function fakeWindow(id: number) {
  let lastInput: number | undefined;
  const ends = new Set<() => void>();
  const window: HoldingWindow = {
    id,
    lastInputAt: () => lastInput,
    onEnd(listener) {
      ends.add(listener);
      return () => ends.delete(listener);
    },
  };
  return {
    window,
    input: () => (lastInput = Date.now()),
    end: () => [...ends].forEach((l) => l()),
    listeners: () => ends.size,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DeskHolds (pure: leases, fake windows)', () => {
  it('a hold keeps the PMS off the encoder, naming the clerk and the job in both languages and whom to ask; released, the PMS gets it', () => {
    const leases = new EncoderLeases();
    const holds = new DeskHolds({ acquire: (o) => leases.acquire(o), idleMs: 60_000, log: silentLogger });
    const w = fakeWindow(1);
    const hold = holds.hold(w.window, { job: 'new-stay', room: '1203' }, 'Li Na');
    expect(hold.holder).toEqual({
      id: 'desk:1',
      label: 'Desk (Li Na): new key for room 1203',
      labelZh: '前台（Li Na）：房间 1203 的新钥匙',
    });
    const error = refusal(() => leases.acquire(PMS))!;
    expect(error.code).toBe('encoder.busy');
    expect(describeError(error, 'en')).toMatchObject({
      text: 'The encoder is in use: Desk (Li Na): new key for room 1203.',
      action: 'Wait until that work is finished (or ask the clerk at the desk to finish or leave that screen), then try again.',
    });
    expect(describeError(error, 'zh-CN').text).toBe('发卡器正在使用中：前台（Li Na）：房间 1203 的新钥匙。');
    expect(holds.release(w.window, hold.holdId)).toBe(true);
    expect(holds.release(w.window, hold.holdId)).toBe(false);
    expect(leases.current()).toBeUndefined();
    expect(w.listeners()).toBe(0);
    leases.acquire(PMS)();
  });

  it('while the PMS has the encoder the desk is refused, naming the PMS request and saying to ask the PMS user', () => {
    const leases = new EncoderLeases();
    const holds = new DeskHolds({ acquire: (o) => leases.acquire(o), idleMs: 60_000, log: silentLogger });
    const releasePms = leases.acquire(PMS);
    const error = refusal(() => holds.hold(fakeWindow(1).window, { job: 'new-stay', room: '1203' }, 'Li Na'))!;
    expect(describeError(error, 'en')).toMatchObject({
      text: 'The encoder is in use: PMS: 2 key(s) for room 9200.',
      action: 'Wait until that work is finished (or ask the PMS user about that request), then try again.',
    });
    expect(describeError(error, 'zh-CN')).toMatchObject({
      text: '发卡器正在使用中：PMS：房间 9200 的 2 张房卡。',
      action: '请等待该工作完成（或向 PMS 用户询问该请求），然后重试。',
    });
    expect(holds.count({ id: 1 })).toBe(0);
    releasePms();
  });

  it("one window's holds share the encoder (a screen replacing another); another window is refused; the encoder is free when the last hold goes", () => {
    const leases = new EncoderLeases();
    const holds = new DeskHolds({ acquire: (o) => leases.acquire(o), idleMs: 60_000, log: silentLogger });
    const a = fakeWindow(1);
    const first = holds.hold(a.window, { job: 'read' }, 'Li Na');
    const second = holds.hold(a.window, { job: 'duplicate', room: '203' }, 'Li Na');
    expect(
      describeError(
        refusal(() => holds.hold(fakeWindow(2).window, { job: 'read' }, 'Wang Wei'))!,
        'en',
      ).text,
    ).toBe('The encoder is in use: Desk (Li Na): waiting for a card to read.');
    holds.release(a.window, first.holdId);
    expect(leases.current()?.id).toBe('desk:1');
    holds.release(a.window, second.holdId);
    expect(leases.current()).toBeUndefined();
  });

  it('ends every hold of the window when its session locks or ends or it goes (onEnd), once', () => {
    const leases = new EncoderLeases();
    const holds = new DeskHolds({ acquire: (o) => leases.acquire(o), idleMs: 60_000, log: silentLogger });
    const w = fakeWindow(1);
    const hold = holds.hold(w.window, { job: 'issue-proximity' }, 'Li Na');
    holds.hold(w.window, { job: 'read' }, 'Li Na');
    w.end();
    w.end();
    expect(leases.current()).toBeUndefined();
    expect(holds.count(w.window)).toBe(0);
    expect(holds.release(w.window, hold.holdId)).toBe(false);
    expect(w.listeners()).toBe(0);
  });

  it('ends after the idle time without input at the window; input keeps it', async () => {
    const leases = new EncoderLeases();
    const holds = new DeskHolds({ acquire: (o) => leases.acquire(o), idleMs: 300, log: silentLogger });
    const w = fakeWindow(1);
    holds.hold(w.window, { job: 'new-stay', room: '1203' }, 'Li Na');
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      w.input();
    }
    expect(leases.current()?.id).toBe('desk:1');
    await sleep(500);
    expect(leases.current()).toBeUndefined();
    expect(holds.count(w.window)).toBe(0);
  });
});

describe('encoder:hold / encoder:release through the dispatcher (a demo station, real sessions)', () => {
  let station: Station | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await station?.close();
    cleanup?.();
    station = undefined;
  });

  async function start(deskHoldIdleMs = 60_000): Promise<{
    station: Station;
    clerk: Invoke & { ctx: { connection: import('../../electron/services/staff/connection').StaffConnection } };
    holders: Array<EncoderHolder | null>;
  }> {
    const tmp = tempDir('cs-desk-hold-');
    cleanup = tmp.cleanup;
    station = await createStation(parseStationConfig({ staff: { idleLockMinutes: 60 } }), {
      secrets: new MemorySecretStore(),
      log: silentLogger,
      dataDir: tmp.dir,
      deskHoldIdleMs,
    });
    const holders: Array<EncoderHolder | null> = [];
    station.events.on('encoder:holder', (e) => holders.push(e.holder));
    return { station, clerk: await signedInInvoke(station, 'clerk'), holders };
  }

  const ok = <T>(r: { ok: true; data: T } | { ok: false; error: StationError }): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.data;
  };

  it('the hold names the signed-in clerk; every window hears who has the encoder; release gives it back', async () => {
    const { station, clerk, holders } = await start();
    const hold = ok(await clerk('encoder:hold', { job: 'new-stay', room: '203' }));
    expect(hold).toMatchObject({
      holder: { id: `desk:${clerk.ctx.connection.id}`, label: 'Desk (demo): new key for room 203' },
      idleMs: 60_000,
    });
    expect(station.encoder.leaseHolder()?.label).toBe('Desk (demo): new key for room 203');
    expect(ok(await clerk('encoder:release', { holdId: hold.holdId }))).toEqual({ released: true });
    expect(ok(await clerk('encoder:release', { holdId: hold.holdId }))).toEqual({ released: false });
    expect(holders).toEqual([hold.holder, null]);
  });

  it("another window's hold is refused naming the first; the window's own read shares its hold", async () => {
    const { station, clerk } = await start();
    ok(await clerk('encoder:hold', { job: 'new-stay', room: '203' }));
    const other = await signedInInvoke(station, 'clerk');
    const refused = await other('encoder:hold', { job: 'read' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'encoder.busy', message: 'The encoder is in use: Desk (demo): new key for room 203.' },
    });
    expect(await other('encoder:read', { timeoutMs: 200 })).toMatchObject({ ok: false, error: { code: 'encoder.busy' } });
    await station.encoder.simulate({ action: 'place', uid: '04A1A2A3' });
    expect(ok(await clerk('encoder:read', { timeoutMs: 2000 })).uid).toBe('04A1A2A3');
    expect(station.encoder.leaseHolder()?.label).toBe('Desk (demo): new key for room 203');
  });

  it('locking the window ends its hold (and a locked window cannot take one)', async () => {
    const { station, clerk } = await start();
    ok(await clerk('encoder:hold', { job: 'duplicate', room: '203' }));
    station.staff.lock(clerk.ctx.connection);
    expect(station.encoder.leaseHolder()).toBeUndefined();
    expect(await clerk('encoder:hold', { job: 'read' })).toMatchObject({ ok: false, error: { code: 'staff.session-locked' } });
  });

  it('signing out ends the hold', async () => {
    const { station, clerk } = await start();
    ok(await clerk('encoder:hold', { job: 'cancel-proximity' }));
    station.staff.signOut(clerk.ctx.connection);
    expect(station.encoder.leaseHolder()).toBeUndefined();
  });

  it('the window going (the harness socket dropped, the Electron window closed) ends the hold', async () => {
    const { station, clerk } = await start();
    ok(await clerk('encoder:hold', { job: 'issue-tuya' }));
    clerk.ctx.connection.close();
    expect(station.encoder.leaseHolder()).toBeUndefined();
    expect((station.encoder as EncoderServiceHandle).deskHolds.count(clerk.ctx.connection)).toBe(0);
  });

  it('a forgotten screen: the hold ends by itself after the idle time, and every window hears the encoder is free', async () => {
    const { station, clerk, holders } = await start(400);
    ok(await clerk('encoder:hold', { job: 'read' }));
    await new Promise((r) => setTimeout(r, 900));
    expect(station.encoder.leaseHolder()).toBeUndefined();
    expect(holders.at(-1)).toBeNull();
  });

  it('a room action from the window that holds the encoder is not refused by its own hold; one from elsewhere is', async () => {
    const { station, clerk } = await start();
    ok(await clerk('encoder:hold', { job: 'new-stay', room: '203' }));
    const other = await signedInInvoke(station, 'clerk');
    const request = { action: 'duplicate' as const, room: '203', cardKind: 'proximity' as const, serialNum: '04D0D0D0' };
    const refused = await other('rooms:action', request);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'encoder.busy', message: 'The encoder is in use: Desk (demo): new key for room 203.' },
    });
    // The holding window gets past the encoder check (the room's own rules answer it: no stay to copy).
    const own = await clerk('rooms:action', request);
    expect(own.ok ? 'accepted' : own.error.code).not.toBe('encoder.busy');
  });
});
