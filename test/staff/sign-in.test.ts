/**
 * Sign-in as staff meet it: the slowdown after wrong tries and the lock after ten, an unknown name
 * treated like a known one, sessions that lock when idle and hand over on a shift change, demo
 * accounts only in demo mode, the first administrator of a live station.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { AuditLog } from '../../electron/services/audit/audit-log';
import { silentLogger } from '../../electron/services/logging/logger';
import { hashSecret, paramsOf, verifySecret, needsRehash, KDF_PARAMS } from '../../electron/services/staff/kdf';
import { OperatorStore } from '../../electron/services/staff/operator-store';
import { StaffService } from '../../electron/services/staff/service';
import { slowdownMs } from '../../electron/services/staff/authenticator';
import { openStationDatabase, type StationDatabase } from '../../electron/services/store/database';
import type { StationConfig } from '../../shared/config';
import type { SessionView } from '../../shared/staff';
import { MAX_WRONG_TRIES } from '../../shared/staff';
import type { StationError } from '../../shared/errors';

const opened: StationDatabase[] = [];
const services: StaffService[] = [];
afterEach(() => {
  services.splice(0).forEach((s) => s.close());
  opened.splice(0).forEach((db) => db.close());
});

/** A staff service on a fresh database with a clock the test moves. */
function rig(config: Partial<StationConfig> & { mode?: 'demo' | 'live' } = { mode: 'live' }, options: { idleLockMs?: number } = {}) {
  const db = openStationDatabase(':memory:');
  opened.push(db);
  let now = Date.parse('2030-01-01T09:00:00Z');
  let current = parseStationConfig(config);
  const audit = new AuditLog(db);
  const store = new OperatorStore(db);
  const staff = new StaffService({
    store,
    audit: (e) => audit.append(e),
    getConfig: () => current,
    log: silentLogger,
    now: () => now,
    idleLockMs: options.idleLockMs,
  });
  services.push(staff);
  return {
    db,
    staff,
    store,
    audit,
    advance: (ms: number) => (now += ms),
    setConfig: (patch: Record<string, unknown>) => {
      current = parseStationConfig({ ...current, ...patch });
      staff.configChanged();
    },
  };
}

async function refusal(work: Promise<unknown>): Promise<StationError> {
  try {
    await work;
  } catch (err) {
    return (err as { error: StationError }).error;
  }
  throw new Error('it was not refused');
}

async function withAdmin(r: ReturnType<typeof rig>) {
  await r.staff.createFirstAdministrator('Ada', 'ada-password-1');
  const ada = await r.staff.authenticate('Ada', 'ada-password-1');
  await r.staff.addOperator(ada, { name: 'Li', role: 'clerk', secret: '4821' });
  await r.staff.addOperator(ada, { name: 'Wang', role: 'supervisor', secret: 'wang-password' });
  return ada;
}

describe('hashing', () => {
  it('keeps salt and parameters with each hash, never the secret, and verifies only the right one', async () => {
    const a = await hashSecret('4821');
    const b = await hashSecret('4821');
    expect(a).not.toBe(b); // a new salt each time
    expect(a).not.toContain('4821');
    expect(paramsOf(a)).toEqual(KDF_PARAMS);
    expect(await verifySecret('4821', a)).toBe(true);
    expect(await verifySecret('4822', a)).toBe(false);
    expect(await verifySecret('4821', 'scrypt$1099511627776$8$1$AAAA$AAAA')).toBe(false); // absurd parameters refused
  });

  it('re-hashes an older hash with the current parameters at the next sign-in', async () => {
    const r = rig();
    await withAdmin(r);
    const weak = await hashSecret('4821', { N: 2 ** 10, r: 8, p: 1 });
    r.store.update('li', { secretHash: weak }, new Date().toISOString());
    expect(needsRehash(r.store.find('li')!.secretHash)).toBe(true);
    await r.staff.authenticate('Li', '4821');
    expect(paramsOf(r.store.find('li')!.secretHash)).toEqual(KDF_PARAMS);
    await r.staff.authenticate('li', '4821'); // names are not case-sensitive
  });
});

describe('wrong tries', () => {
  it('slow the next try down exponentially, then lock the account after ten until a supervisor unlocks it', async () => {
    const r = rig();
    const ada = await withAdmin(r);
    expect([1, 2, 3, 4, 9].map(slowdownMs)).toEqual([1000, 2000, 4000, 8000, 256_000]);

    expect(await refusal(r.staff.authenticate('Li', '0000'))).toMatchObject({ code: 'staff.sign-in-failed', params: { left: 9 } });
    // Straight away, even with the right PIN: wait a second.
    expect(await refusal(r.staff.authenticate('Li', '4821'))).toMatchObject({ code: 'staff.sign-in-wait', params: { seconds: 1 } });
    r.advance(1000);
    expect(await refusal(r.staff.authenticate('Li', '0001'))).toMatchObject({ code: 'staff.sign-in-failed', params: { left: 8 } });
    r.advance(1000);
    expect(await refusal(r.staff.authenticate('Li', '0002'))).toMatchObject({ code: 'staff.sign-in-wait', params: { seconds: 1 } });
    r.advance(1000);
    // The right PIN after the wait signs in and clears the count.
    await expect(r.staff.authenticate('Li', '4821')).resolves.toMatchObject({ name: 'Li', role: 'clerk' });
    expect(r.store.find('li')!.failedAttempts).toBe(0);

    for (let i = 1; i < MAX_WRONG_TRIES; i++) {
      expect(await refusal(r.staff.authenticate('Li', '9999'))).toMatchObject({
        code: 'staff.sign-in-failed',
        params: { left: MAX_WRONG_TRIES - i },
      });
      r.advance(slowdownMs(i));
    }
    expect(await refusal(r.staff.authenticate('Li', '9999'))).toMatchObject({ code: 'staff.account-locked' });
    r.advance(24 * 3600_000);
    expect(await refusal(r.staff.authenticate('Li', '4821'))).toMatchObject({ code: 'staff.account-locked' });
    expect(r.staff.listOperators().find((o) => o.name === 'Li')).toMatchObject({ locked: true, failedAttempts: MAX_WRONG_TRIES });
    expect(r.audit.list({ action: 'staff.account-locked' }).items).toMatchObject([{ operator: 'Li' }]);

    const wang = await r.staff.authenticate('Wang', 'wang-password');
    r.staff.unlock(wang, { name: 'Li' });
    await expect(r.staff.authenticate('Li', '4821')).resolves.toMatchObject({ name: 'Li' });
    expect(r.audit.list({ action: 'staff.account-unlocked' }).items).toMatchObject([{ operator: 'Wang', detail: 'Li' }]);
    void ada;
  }, 60_000);

  it('on one account do not hold up another, nor the event loop', async () => {
    const r = rig();
    await withAdmin(r);
    await refusal(r.staff.authenticate('Li', '0000'));
    expect(await refusal(r.staff.authenticate('Li', '4821'))).toMatchObject({ code: 'staff.sign-in-wait' });
    // Wang is not kept waiting by Li's slowdown.
    await expect(r.staff.authenticate('Wang', 'wang-password')).resolves.toMatchObject({ name: 'Wang' });

    // While scrypt works, timers keep firing: it runs off the event loop.
    const gaps: number[] = [];
    let last = performance.now();
    const tick = setInterval(() => {
      const t = performance.now();
      gaps.push(t - last);
      last = t;
    }, 5);
    const started = performance.now();
    await r.staff.authenticate('Wang', 'wang-password');
    const took = performance.now() - started;
    clearInterval(tick);
    expect(gaps.length).toBeGreaterThan(3);
    expect(Math.max(...gaps)).toBeLessThan(took / 2);
  });

  it('an unknown name gets the same answers and costs the same work as a known one', async () => {
    const r = rig();
    await withAdmin(r);
    expect(await refusal(r.staff.authenticate('Nobody', '0000'))).toMatchObject({ code: 'staff.sign-in-failed', params: { left: 9 } });
    expect(await refusal(r.staff.authenticate('Nobody', '0000'))).toMatchObject({ code: 'staff.sign-in-wait', params: { seconds: 1 } });

    // Alternate, so a busy machine slows both alike; without the dummy verification an unknown name would answer ~100x faster.
    const time = async (name: string) => {
      const t = performance.now();
      await refusal(r.staff.authenticate(name, '1357'));
      return performance.now() - t;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      r.advance(3600_000);
      known.push(await time('Wang'));
      unknown.push(await time(`Stranger${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // A refused try on a real account is in the activity log; a made-up name (maybe a mistyped password) is not.
    expect(r.audit.list({ action: 'staff.sign-in-refused' }).items.every((e) => e.operator === 'Wang')).toBe(true);
  }, 60_000);
});

describe('sessions', () => {
  it('lock after the idle time, refuse requests while locked, and the same person unlocks with their PIN', async () => {
    const r = rig({ mode: 'live' }, { idleLockMs: 60_000 });
    await withAdmin(r);
    const window = r.staff.connect('window');
    const seen: SessionView[] = [];
    window.onChange((v) => seen.push(v));
    const signedIn = await r.staff.signIn(window, 'Li', '4821');
    expect(signedIn).toMatchObject({ operator: { name: 'Li', role: 'clerk' }, locked: false });
    r.advance(59_000);
    expect(r.staff.authorize(window, 'clerk')).toMatchObject({ name: 'Li' });
    r.staff.activity(window); // input: the clock starts again
    r.advance(59_000);
    expect(r.staff.authorize(window, 'clerk')).toMatchObject({ name: 'Li' });
    r.advance(2_000);
    expect(() => r.staff.authorize(window, 'clerk')).toThrow('The station is locked.');
    expect(seen.at(-1)).toMatchObject({ locked: true, operator: { name: 'Li' } });
    expect(r.staff.mayReceive(window, 'clerk')).toBe(false);
    expect(r.staff.mayReceive(window, 'no-sign-in')).toBe(true);

    const epoch = seen.at(-1)!.epoch;
    const unlocked = await r.staff.signIn(window, 'li', '4821');
    expect(unlocked).toMatchObject({ locked: false, operator: { name: 'Li' }, epoch }); // same person: the work on screen stays
  });

  it('a shift change: another person signs in over the locked session in one step, and the activity log names both', async () => {
    const r = rig({ mode: 'live' }, { idleLockMs: 60_000 });
    await withAdmin(r);
    const window = r.staff.connect('window');
    const first = await r.staff.signIn(window, 'Li', '4821');
    r.staff.lock(window);
    const taken = await r.staff.signIn(window, 'Wang', 'wang-password');
    expect(taken).toMatchObject({ locked: false, operator: { name: 'Wang', role: 'supervisor' } });
    expect(taken.epoch).toBeGreaterThan(first.epoch); // the renderer discards Li's forms
    expect(r.audit.list({ action: 'staff.signed-in' }).items.map((e) => [e.operator, e.detail])).toEqual([
      ['Wang', 'at front-desk, taking over from Li'],
      ['Li', 'at front-desk'],
    ]);
  });

  it('the idle lock comes by itself, with no request from the window', async () => {
    const db = openStationDatabase(':memory:');
    opened.push(db);
    const staff = new StaffService({
      store: new OperatorStore(db),
      audit: () => {},
      getConfig: () => parseStationConfig({ mode: 'demo' }),
      log: silentLogger,
      idleLockMs: 150,
    });
    services.push(staff);
    const window = staff.connect('window');
    const locked = new Promise<SessionView>((resolve) => window.onChange((v) => v.locked && resolve(v)));
    await staff.signIn(window, 'demo', '1234');
    await expect(locked).resolves.toMatchObject({ locked: true, operator: { name: 'demo' } });
  });

  it('a disabled operator is signed out at the next request; a new role applies at once', async () => {
    const r = rig();
    const ada = await withAdmin(r);
    const window = r.staff.connect('window');
    await r.staff.signIn(window, 'Li', '4821');
    await r.staff.setRole(ada, { name: 'Li', role: 'supervisor', secret: 'li-new-password' });
    expect(r.staff.authorize(window, 'supervisor')).toMatchObject({ role: 'supervisor' });
    r.staff.disable(ada, { name: 'Li' });
    expect(() => r.staff.authorize(window, 'clerk')).toThrow();
    expect(r.staff.view(window).operator).toBeNull();
    expect(await refusal(r.staff.authenticate('Li', 'li-new-password'))).toMatchObject({ code: 'staff.account-disabled' });
  });
});

describe('first run and demo accounts', () => {
  it('a live station without operators asks for the first administrator, once; the PIN rules apply', async () => {
    const r = rig({ mode: 'live' });
    const window = r.staff.connect('window');
    expect(r.staff.view(window)).toMatchObject({ firstRun: true, demoAccounts: [], operator: null });
    expect(await refusal(r.staff.firstAdministrator(window, 'Ada', 'short'))).toMatchObject({
      code: 'staff.password-too-short',
      field: 'secret',
    });
    expect(await refusal(r.staff.firstAdministrator(window, 'Ada', '123456'))).toMatchObject({ code: 'staff.password-needed' });
    const view = await r.staff.firstAdministrator(window, 'Ada', 'ada-password-1');
    expect(view).toMatchObject({ firstRun: false, operator: { name: 'Ada', role: 'administrator' } });
    expect(await refusal(r.staff.firstAdministrator(r.staff.connect('other'), 'Eve', 'eve-password-1'))).toMatchObject({
      code: 'staff.first-run-done',
    });
    const ada = await r.staff.authenticate('Ada', 'ada-password-1');
    expect(await refusal(r.staff.addOperator(ada, { name: 'Li', role: 'clerk', secret: '123' }))).toMatchObject({
      code: 'staff.pin-too-short',
    });
    expect(await refusal(r.staff.addOperator(ada, { name: 'ada', role: 'clerk', secret: '1234' }))).toMatchObject({
      code: 'staff.operator-exists',
    });
    expect(await refusal(Promise.resolve().then(() => r.staff.disable(ada, { name: 'Ada' })))).toMatchObject({
      code: 'staff.last-administrator',
    });
  });

  it('demo accounts exist in demo mode only, and their sessions end when the station goes live', async () => {
    const r = rig({ mode: 'demo' });
    const window = r.staff.connect('window');
    expect(r.staff.view(window)).toMatchObject({
      firstRun: false,
      demoAccounts: [{ name: 'demo', role: 'clerk', secret: '1234' }, { role: 'supervisor' }, { role: 'administrator' }],
    });
    await r.staff.signIn(window, 'demo-admin', 'administer-demo');
    r.setConfig({ mode: 'live' });
    expect(r.staff.view(window)).toMatchObject({ operator: null, firstRun: true, demoAccounts: [] });
    expect(await refusal(r.staff.authenticate('demo', '1234'))).toMatchObject({ code: 'staff.sign-in-failed' });
    expect(r.db.prepare('SELECT COUNT(*) AS n FROM operators').get()).toEqual({ n: 0 });
    expect(await refusal(r.staff.firstAdministrator(window, 'demo-admin', 'administer-demo'))).toMatchObject({
      code: 'staff.reserved-name',
    });
  });
});

describe('disabled operators enabled again', () => {
  it('sign in again with the PIN they had, under the same name and history; the activity log names who disabled and re-enabled whom', async () => {
    const r = rig();
    const ada = await withAdmin(r);
    await r.staff.signIn(r.staff.connect('window'), 'Li', '4821');
    const before = r.store.find('li')!;
    r.staff.disable(ada, { name: 'Li' });
    expect(await refusal(r.staff.authenticate('Li', '4821'))).toMatchObject({ code: 'staff.account-disabled' });

    r.advance(60_000);
    expect(r.staff.enable(ada, { name: 'li' })).toMatchObject({
      name: 'Li',
      role: 'clerk',
      disabled: false,
      locked: false,
      createdAt: before.createdAt,
      createdBy: 'Ada',
    });
    await expect(r.staff.authenticate('Li', '4821')).resolves.toMatchObject({ name: 'Li', role: 'clerk' });
    const after = r.store.find('li')!;
    expect(after.secretHash).toBe(before.secretHash);
    expect(after.disabledAt).toBeUndefined();

    // One person, one history: the sign-in before the leave is still Li's, next to what Ada did.
    expect(r.audit.list({ operator: 'Li', action: 'staff.signed-in' }).items).toHaveLength(1);
    expect(r.audit.list({ action: 'staff.operator-disabled' }).items).toMatchObject([{ operator: 'Ada', detail: 'Li' }]);
    expect(r.audit.list({ action: 'staff.operator-enabled' }).items).toMatchObject([{ operator: 'Ada', detail: 'Li' }]);
    expect(r.staff.listOperators().map((o) => o.name)).toEqual(['Ada', 'Li', 'Wang']);
  });

  it('enabling an active operator changes nothing and records nothing; an unknown name or a demo account is refused', async () => {
    const r = rig();
    const ada = await withAdmin(r);
    const before = r.store.find('li')!;
    expect(r.staff.enable(ada, { name: 'Li' })).toMatchObject({ name: 'Li', disabled: false });
    expect(r.store.find('li')!.updatedAt).toBe(before.updatedAt);
    expect(r.audit.list({ action: 'staff.operator-enabled' }).total).toBe(0);
    expect(await refusal(Promise.resolve().then(() => r.staff.enable(ada, { name: 'Nobody' })))).toMatchObject({
      code: 'staff.operator-unknown',
      field: 'name',
      params: { name: 'Nobody' },
    });

    const demo = rig({ mode: 'demo' });
    const admin = await demo.staff.authenticate('demo-admin', 'administer-demo');
    expect(await refusal(Promise.resolve().then(() => demo.staff.enable(admin, { name: 'demo' })))).toMatchObject({
      code: 'staff.demo-account',
    });
  });

  it('keeps a lock after wrong tries: enabling is not unlocking, a supervisor lifts the lock separately', async () => {
    const r = rig();
    const ada = await withAdmin(r);
    for (let i = 1; i <= MAX_WRONG_TRIES; i++) {
      await refusal(r.staff.authenticate('Li', '9999'));
      r.advance(slowdownMs(i));
    }
    expect(await refusal(r.staff.authenticate('Li', '4821'))).toMatchObject({ code: 'staff.account-locked' });
    r.staff.disable(ada, { name: 'Li' });
    expect(r.staff.enable(ada, { name: 'Li' })).toMatchObject({ disabled: false, locked: true, failedAttempts: MAX_WRONG_TRIES });
    expect(await refusal(r.staff.authenticate('Li', '4821'))).toMatchObject({ code: 'staff.account-locked' });
    r.staff.unlock(await r.staff.authenticate('Wang', 'wang-password'), { name: 'Li' });
    await expect(r.staff.authenticate('Li', '4821')).resolves.toMatchObject({ name: 'Li' });
  }, 60_000);
});
