/**
 * The permission table, as main enforces it: every role (and nobody, and a locked window) against
 * every IPC channel, generated from shared/permissions.ts so a new channel is covered the day it is
 * added; the CLI's table against the CLI's commands; forged calls as a clerk refused, over the real
 * browser-harness WebSocket too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMANDS } from '../../electron/cli/commands';
import { startHarness, type Harness } from '../../electron/services/harness';
import { createDispatcher, type Dispatch, type HandlerContext } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import type { Station } from '../../electron/services/station';
import { CHANNELS, EVENTS, type Channel } from '../../shared/ipc/contract';
import type { LoopbackServerMessage } from '../../shared/ipc/loopback';
import { allows, CHANNEL_ACCESS, CLI_ACCESS, EVENT_ACCESS, NO_SIGN_IN, READ_ONLY, REQUEST_ACCESS } from '../../shared/permissions';
import { ROLES, type Role } from '../../shared/staff';
import { demoStation, tempDir } from '../helpers';
import { signedInContext, signedOutContext } from '../sign-in';
import { operationRequestSchema } from '../../shared/domain/operations';

/** Codes that mean "not you": anything else (a validation error, a device answer, data) got past the check. */
const REFUSALS = new Set(['station.forbidden', 'staff.sign-in-required', 'staff.session-locked']);

describe('the permission table covers everything', () => {
  it('has an entry for every IPC channel and every push event (and the compiler insists)', () => {
    expect(Object.keys(CHANNEL_ACCESS).sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(EVENT_ACCESS).sort()).toEqual([...EVENTS].sort());
  });

  it('has an entry for every CLI command (and help), and none for a command that does not exist', () => {
    const commands = ['help', ...COMMANDS.map((c) => c.name)].sort();
    expect(Object.keys(CLI_ACCESS).sort()).toEqual(commands);
  });

  it("every CLI command that changes the station takes --operator; the issue's read-only commands need none", () => {
    for (const command of COMMANDS) {
      const needsOperator = CLI_ACCESS[command.name] !== READ_ONLY;
      expect(
        command.flags.some((f) => f.name === 'operator'),
        command.name,
      ).toBe(needsOperator);
    }
    for (const name of ['help', 'ports', 'doctor', 'config check', 'queue list']) expect(CLI_ACCESS[name], name).toBe(READ_ONLY);
  });

  it("gives the issue's rights to each role", () => {
    const lowest = (c: Channel) => CHANNEL_ACCESS[c];
    for (const c of ['encoder:read', 'operations:submit', 'operations:retry', 'operations:list', 'cards:find'] as const)
      expect(lowest(c), c).toBe('clerk');
    for (const c of ['operations:discard', 'audit:exportCsv', 'operators:unlock'] as const) expect(lowest(c), c).toBe('supervisor');
    // Edit and resend: the channel lets a clerk through for the whole-room follow-up only (tested below).
    expect(REQUEST_ACCESS.editAndResend).toBe('supervisor');
    for (const c of [
      'settings:update',
      'operators:add',
      'operators:disable',
      'operators:enable',
      'operators:setRole',
      'operators:resetSecret',
    ] as const)
      expect(lowest(c), c).toBe('administrator');
    for (const c of ['session:signIn', 'session:state', 'station:status'] as const) expect(lowest(c), c).toBe(NO_SIGN_IN);
  });
});

describe('main enforces the table for every channel', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let dispatch: Dispatch;
  const contexts = new Map<Role | 'nobody' | 'locked', HandlerContext>();

  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    dispatch = createDispatcher(createHandlers(station), station.staff);
    for (const role of ROLES) contexts.set(role, await signedInContext(station, role));
    contexts.set('nobody', signedOutContext(station));
    const locked = await signedInContext(station, 'administrator');
    station.staff.lock(locked.connection);
    contexts.set('locked', locked);
  }, 60_000);
  afterAll(async () => cleanup());

  // A request each channel's schema refuses: the answer shows whether the permission check let it through.
  const probe = { 'definitely-not-a-field': true };

  for (const who of [...ROLES, 'nobody', 'locked'] as const) {
    it.each(CHANNELS.map((c) => [c]))(`${who} on %s: allowed exactly when the table says`, async (channel) => {
      const result = await dispatch(channel, probe, contexts.get(who)!);
      expect(result.ok, `${channel} accepted a malformed request`).toBe(false);
      if (result.ok) return;
      const role = who === 'nobody' || who === 'locked' ? undefined : who;
      const allowed = allows(CHANNEL_ACCESS[channel], role);
      if (allowed) {
        expect(result.error.code, `${who} was refused ${channel}`).toBe('station.validation');
      } else {
        expect(REFUSALS.has(result.error.code), `${who} reached ${channel}: ${result.error.code}`).toBe(true);
        if (who === 'nobody') expect(result.error.code).toBe('staff.sign-in-required');
        if (who === 'locked') expect(result.error.code).toBe('staff.session-locked');
        if (role) expect(result.error).toMatchObject({ code: 'station.forbidden', params: { role, needed: CHANNEL_ACCESS[channel] } });
      }
    });
  }

  it('a forged call as a clerk is refused and changes nothing: settings, discard, operators, activity export', async () => {
    const clerk = contexts.get('clerk')!;
    const before = await station.settings.get();
    const settings = await dispatch('settings:update', { mode: 'live', language: 'zh-CN' }, clerk);
    expect(settings).toMatchObject({
      ok: false,
      error: { code: 'station.forbidden', message: 'Your role, clerk, may not do this: it needs administrator or higher.' },
    });
    expect(await station.settings.get()).toEqual(before);

    const op = await station.outbox.submit(
      operationRequestSchema.parse({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'FORGED0001' } }),
      'demo',
    );
    const discard = await dispatch('operations:discard', { id: op.id }, clerk);
    expect(discard).toMatchObject({ ok: false, error: { code: 'station.forbidden', params: { needed: 'supervisor' } } });
    expect((await station.outbox.get(op.id)).state).not.toBe('discarded');

    const add = await dispatch('operators:add', { name: 'Mallory', role: 'administrator', secret: 'mallory-password' }, clerk);
    expect(add).toMatchObject({ ok: false, error: { code: 'station.forbidden' } });
    expect(station.staff.listOperators().map((o) => o.name)).not.toContain('Mallory');

    expect(await dispatch('audit:exportCsv', {}, clerk)).toMatchObject({ ok: false, error: { code: 'station.forbidden' } });
  });

  it('the rules that depend on the request: a clerk cannot cancel a card the station does not know, nor send an uncertain operation again', async () => {
    const clerk = contexts.get('clerk')!;
    const supervisor = contexts.get('supervisor')!;
    const unknown = { kind: 'uclbrt.qr.cancel', input: { cardNo: 'NOTOURCARD01' } };
    expect(await dispatch('operations:submit', unknown, clerk)).toMatchObject({
      ok: false,
      error: { code: 'station.forbidden', params: { needed: 'supervisor' } },
    });
    expect((await station.outbox.list({ limit: 100, offset: 0 })).items.some((o) => o.subject.includes('NOTOURCARD01'))).toBe(false);
    expect(await dispatch('operations:submit', unknown, supervisor)).toMatchObject({ ok: true });

    // Edit and resend is a supervisor's: a clerk cannot replace a failed operation with other input.
    const failed = await station.outbox.submit(
      operationRequestSchema.parse({ kind: 'uclbrt.qr.reportLost', input: { cardNo: 'NOSUCHLOST01' } }),
      'demo',
    );
    await expect.poll(async () => (await station.outbox.get(failed.id)).state, { timeout: 30_000 }).toBe('failed');
    const edited = { kind: 'uclbrt.qr.reportLost', input: { cardNo: 'OTHERCARD001', wholeRoom: false } };
    expect(await dispatch('operations:resend', { id: failed.id, request: edited }, clerk)).toMatchObject({
      ok: false,
      error: { code: 'station.forbidden', params: { needed: 'supervisor' } },
    });
    expect((await station.outbox.get(failed.id)).state).toBe('failed');
    // Nor report the whole room unless the lock refused the single card (this card is unknown to the cloud instead).
    expect(
      await dispatch(
        'operations:resend',
        { id: failed.id, request: { kind: 'uclbrt.qr.reportLost', input: { cardNo: 'NOSUCHLOST01', wholeRoom: true } } },
        clerk,
      ),
    ).toMatchObject({ ok: false, error: { code: 'station.forbidden' } });
    expect(await dispatch('operations:resend', { id: failed.id, request: edited }, supervisor)).toMatchObject({ ok: true });
  }, 60_000);
});

describe('the browser harness: the URL token opens the page, not a session', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let harness: Harness;
  const tmp = tempDir('cs-permissions-harness-');

  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    harness = await startHarness({ station, rendererDir: tmp.dir, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await harness.close();
    await cleanup();
    tmp.cleanup();
  });

  function socket(): Promise<{
    call: (channel: string, request: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
    events: string[];
    close: () => void;
  }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(harness.wsUrl, { headers: { Origin: harness.origin } });
      const waiting = new Map<number, (r: { ok: boolean; error?: { code: string } }) => void>();
      const events: string[] = [];
      let id = 0;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as LoopbackServerMessage;
        if (msg.t === 'result') waiting.get(msg.id)?.(msg.result as { ok: boolean; error?: { code: string } });
        else events.push(msg.event);
      });
      ws.on('error', reject);
      ws.on('open', () =>
        resolve({
          call: (channel, request) =>
            new Promise((done) => {
              const n = ++id;
              waiting.set(n, done);
              ws.send(JSON.stringify({ t: 'invoke', id: n, channel, request }));
            }),
          events,
          close: () => ws.close(),
        }),
      );
    });
  }

  it('a socket with the right token but no sign-in gets nothing but the sign-in screen; a clerk cannot change settings', async () => {
    const s = await socket();
    try {
      expect(await s.call('operations:list', {})).toMatchObject({ ok: false, error: { code: 'staff.sign-in-required' } });
      expect(await s.call('session:state', {})).toMatchObject({ ok: true });
      expect(await s.call('station:status', {})).toMatchObject({ ok: true });
      expect(await s.call('session:signIn', { name: 'demo', secret: '1234' })).toMatchObject({ ok: true });
      expect(await s.call('operations:list', {})).toMatchObject({ ok: true });
      expect(await s.call('settings:update', { mode: 'live' })).toMatchObject({ ok: false, error: { code: 'station.forbidden' } });
      expect(station.config.mode).toBe('demo');
      expect(s.events).toContain('session:changed');
    } finally {
      s.close();
    }
    // Another socket (a reload, another tab) starts signed out again.
    const again = await socket();
    try {
      expect(await again.call('operations:list', {})).toMatchObject({ ok: false, error: { code: 'staff.sign-in-required' } });
    } finally {
      again.close();
    }
  });
});
