/**
 * Staff sign-in, sessions, the idle lock and operator management, shared by the Electron window,
 * the browser harness (one session per connection) and the CLI (one sign-in per command). The
 * dispatcher asks `authorize` before every request; the handlers take the operator's name from the
 * answer for the outbox and the activity log.
 */
import type { StationConfig } from '../../../shared/config';
import { NO_SIGN_IN, type ChannelAccess } from '../../../shared/permissions';
import {
  DEMO_ACCOUNTS,
  isDemoAccountName,
  MAX_WRONG_TRIES,
  nameKey,
  roleAtLeast,
  SECRET_PROBLEM_CODES,
  secretKindOf,
  secretProblem,
  type OperatorView,
  type Role,
  type SessionView,
  type SignedInOperator,
} from '../../../shared/staff';
import type { NewAuditEntry } from '../audit/audit-log';
import { StationFailure } from '../failure';
import type { Logger } from '../logging/logger';
import { Authenticator, type AccountBook } from './authenticator';
import { StaffConnection } from './connection';
import { DemoAccountBook } from './demo-accounts';
import type { KdfParams } from './kdf';
import { operatorView, type OperatorChange, type OperatorRecord, type OperatorStore } from './operator-store';

export interface StaffDeps {
  store: OperatorStore;
  /** Appends to the activity log. */
  audit: (entry: NewAuditEntry) => void;
  getConfig: () => StationConfig;
  log: Logger;
  now?: () => number;
  /** Overrides `staff.idleLockMinutes` (tests lock after seconds, not minutes); read at each sign-in. */
  idleLockMs?: number | (() => number);
  kdf?: KdfParams;
}

const ROLE_ZH: Record<Role, string> = { clerk: '前台', supervisor: '主管', administrator: '管理员' };

/** `station.forbidden`: what the person's role is and which one the request needs, in both languages. */
export function forbidden(role: Role, needed: Role): StationFailure {
  return StationFailure.of('station.forbidden', { role, needed, roleZh: ROLE_ZH[role], neededZh: ROLE_ZH[needed] });
}

/** Refuses `secret` for `role` with the catalogue's reason, on the `secret` field. */
function checkSecret(role: Role, secret: string): void {
  const problem = secretProblem(role, secret);
  if (problem) throw StationFailure.of(SECRET_PROBLEM_CODES[problem], undefined, { field: 'secret' });
}

export interface NewOperatorRequest {
  name: string;
  role: Role;
  secret: string;
}

export class StaffService {
  readonly authenticator: Authenticator;
  private readonly connections = new Set<StaffConnection>();
  private readonly demo: DemoAccountBook;
  private readonly now: () => number;
  private nextConnectionId = 1;
  private readonly database: AccountBook = {
    find: async (key) => this.deps.store.find(key),
    change: (key, change, at) => this.deps.store.update(key, change, at),
  };

  constructor(private readonly deps: StaffDeps) {
    this.now = deps.now ?? Date.now;
    this.authenticator = new Authenticator({ now: this.now, kdf: deps.kdf });
    this.demo = new DemoAccountBook((secret) => this.authenticator.hash(secret), this.iso());
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private get demoMode(): boolean {
    return this.deps.getConfig().mode === 'demo';
  }

  idleLockMs(): number {
    const override = this.deps.idleLockMs;
    if (override !== undefined) return typeof override === 'function' ? override() : override;
    return this.deps.getConfig().staff.idleLockMinutes * 60_000;
  }

  /** Demo mode's accounts (their names are reserved there), else the database. */
  private bookFor(key: string): AccountBook {
    return this.demoMode && DemoAccountBook.isDemoKey(key) ? this.demo : this.database;
  }

  /** Live mode and nobody to sign in as yet. */
  firstRun(): boolean {
    return !this.demoMode && this.deps.store.count() === 0;
  }

  private record(entry: Omit<NewAuditEntry, 'at'>): void {
    try {
      this.deps.audit({ at: this.iso(), ...entry });
    } catch (err) {
      this.deps.log.error('could not record a staff event in the activity log', { err, action: entry.action });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Connections and sessions

  connect(label: string): StaffConnection {
    const connection = new StaffConnection(this.nextConnectionId++, label, (c) => this.connections.delete(c));
    this.connections.add(connection);
    return connection;
  }

  view(connection: StaffConnection): SessionView {
    this.checkIdle(connection);
    const config = this.deps.getConfig();
    return {
      operator: connection.session ? { ...connection.session.operator } : null,
      locked: connection.session?.locked ?? false,
      epoch: connection.epoch,
      firstRun: this.firstRun(),
      mode: config.mode,
      demoAccounts: this.demoMode ? DEMO_ACCOUNTS.map((a) => ({ ...a })) : [],
      idleLockMs: this.idleLockMs(),
      language: config.language,
    };
  }

  private changed(connection: StaffConnection): void {
    if (!connection.closed) connection.notify(this.view(connection));
  }

  /** Checks a name and secret (the slowdown and lockout apply) and answers who it is, or throws why not. */
  async authenticate(name: string, secret: string): Promise<SignedInOperator> {
    const key = nameKey(name);
    const book = this.bookFor(key);
    const result = await this.authenticator.signIn(book, name, secret);
    switch (result.outcome) {
      case 'ok':
        return { name: result.record.name, role: result.record.role, demo: book === this.demo };
      case 'wrong':
        if (result.record)
          this.record({
            operator: result.record.name,
            action: 'staff.sign-in-refused',
            detail: `wrong PIN or password, ${result.left} tries left`,
          });
        throw StationFailure.of('staff.sign-in-failed', { left: result.left });
      case 'wait':
        throw StationFailure.of('staff.sign-in-wait', { seconds: result.seconds, max: MAX_WRONG_TRIES });
      case 'locked':
        if (result.justLocked && result.record) {
          this.record({ operator: result.record.name, action: 'staff.account-locked', detail: `${MAX_WRONG_TRIES} wrong tries in a row` });
          this.deps.log.warn('account locked after wrong tries', { operator: result.record.name });
        }
        throw StationFailure.of('staff.account-locked', { max: MAX_WRONG_TRIES });
      case 'disabled':
        throw StationFailure.of('staff.account-disabled');
    }
  }

  /**
   * Signs in on `connection`. Over a locked session the same person unlocks it (their work on
   * screen stays); another person takes over in one step (a shift change: the epoch bumps).
   */
  async signIn(connection: StaffConnection, name: string, secret: string): Promise<SessionView> {
    const operator = await this.authenticate(name, secret);
    this.startSession(connection, operator);
    return this.view(connection);
  }

  private startSession(connection: StaffConnection, operator: SignedInOperator): void {
    const previous = connection.session?.operator;
    const samePerson = previous !== undefined && nameKey(previous.name) === nameKey(operator.name);
    if (!samePerson) {
      connection.epoch++;
      const desk = this.deps.getConfig().operatorName;
      this.record({
        operator: operator.name,
        action: 'staff.signed-in',
        detail: previous ? `at ${desk}, taking over from ${previous.name}` : `at ${desk}`,
      });
    }
    connection.session = { operator, locked: false, lastActivityAt: this.now() };
    this.armIdleLock(connection);
    this.changed(connection);
  }

  lock(connection: StaffConnection): SessionView {
    if (connection.session && !connection.session.locked) {
      connection.session.locked = true;
      clearTimeout(connection.idleTimer);
      this.changed(connection);
    }
    return this.view(connection);
  }

  signOut(connection: StaffConnection): SessionView {
    this.endSession(connection, 'signed out');
    return this.view(connection);
  }

  private endSession(connection: StaffConnection, why: string): void {
    const session = connection.session;
    if (!session) return;
    connection.session = null;
    connection.epoch++;
    clearTimeout(connection.idleTimer);
    this.record({ operator: session.operator.name, action: 'staff.signed-out', detail: why });
    this.changed(connection);
  }

  /** The renderer saw input: the idle lock counts from now. */
  activity(connection: StaffConnection): { locksAt: string | null } {
    this.checkIdle(connection);
    const session = connection.session;
    if (!session || session.locked) return { locksAt: null };
    session.lastActivityAt = this.now();
    return { locksAt: new Date(session.lastActivityAt + this.idleLockMs()).toISOString() };
  }

  private checkIdle(connection: StaffConnection): void {
    const session = connection.session;
    if (!session || session.locked || this.now() - session.lastActivityAt < this.idleLockMs()) return;
    session.locked = true;
    clearTimeout(connection.idleTimer);
    this.deps.log.info('window locked after idle time', { operator: session.operator.name, connection: connection.label });
    this.changed(connection);
  }

  /** Locks the session when its idle time is up, even if the window sends nothing meanwhile. */
  private armIdleLock(connection: StaffConnection): void {
    clearTimeout(connection.idleTimer);
    const session = connection.session;
    if (!session || session.locked || connection.closed) return;
    const due = session.lastActivityAt + this.idleLockMs() - this.now();
    connection.idleTimer = setTimeout(
      () => {
        this.checkIdle(connection);
        this.armIdleLock(connection);
      },
      Math.max(due, 0) + 10,
    );
    connection.idleTimer.unref?.();
  }

  // ---------------------------------------------------------------------------------------------
  // Authorization

  /**
   * Who may make a request with `access` on this connection, or throws: nobody signed in, a locked
   * session, a disabled account, or a role below the one needed (`station.forbidden`).
   */
  authorize(connection: StaffConnection, access: ChannelAccess): SignedInOperator | undefined {
    this.checkIdle(connection);
    if (access === NO_SIGN_IN) return connection.actor;
    const session = connection.session;
    if (!session) throw StationFailure.of('staff.sign-in-required');
    if (session.locked) throw StationFailure.of('staff.session-locked');
    const operator = this.current(connection);
    if (!roleAtLeast(operator.role, access)) throw forbidden(operator.role, access);
    return operator;
  }

  /** Throws `station.forbidden` unless `operator` has at least `needed` (rules that depend on the request). */
  require(operator: SignedInOperator, needed: Role): void {
    if (!roleAtLeast(operator.role, needed)) throw forbidden(operator.role, needed);
  }

  /** Whether a push event with `access` may go to this connection now. */
  mayReceive(connection: StaffConnection, access: ChannelAccess): boolean {
    if (access === NO_SIGN_IN) return true;
    this.checkIdle(connection);
    const actor = connection.actor;
    return actor !== undefined && roleAtLeast(actor.role, access);
  }

  /** The session's operator as the store has them now: a disabled account ends it, a new role applies at once. */
  private current(connection: StaffConnection): SignedInOperator {
    const operator = connection.session!.operator;
    if (operator.demo) {
      if (this.demoMode) return operator;
      this.endSession(connection, 'demo accounts end with demo mode');
      throw StationFailure.of('staff.sign-in-required');
    }
    const record = this.deps.store.find(nameKey(operator.name));
    if (!record || record.disabledAt) {
      this.endSession(connection, 'account disabled');
      throw StationFailure.of('staff.account-disabled');
    }
    if (record.role !== operator.role) {
      connection.session!.operator = { ...operator, role: record.role };
      this.changed(connection);
    }
    return connection.session!.operator;
  }

  /** Mode or idle time changed: demo sessions end with demo mode; every window gets its new view. */
  configChanged(): void {
    for (const connection of this.connections) {
      if (connection.session?.operator.demo && !this.demoMode) {
        this.endSession(connection, 'demo accounts end with demo mode');
        continue;
      }
      this.checkIdle(connection);
      this.armIdleLock(connection);
      this.changed(connection);
    }
  }

  private refreshSessionsOf(key: string): void {
    for (const connection of this.connections) {
      if (connection.session && nameKey(connection.session.operator.name) === key) {
        try {
          this.current(connection);
        } catch {
          // the session ended (disabled): current() told the window
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // First run and operators

  /** Live mode with no operator yet: the first administrator, added without anyone signed in. */
  async createFirstAdministrator(name: string, secret: string): Promise<OperatorView> {
    if (this.demoMode) throw StationFailure.of('staff.first-run-demo');
    if (this.deps.store.count() > 0) throw StationFailure.of('staff.first-run-done');
    this.checkNewName(name);
    checkSecret('administrator', secret);
    const secretHash = await this.authenticator.hash(secret);
    const record = this.deps.store.insertFirst({
      name,
      key: nameKey(name),
      role: 'administrator',
      secretHash,
      secretKind: secretKindOf(secret),
      createdBy: name,
      at: this.iso(),
    });
    if (!record) throw StationFailure.of('staff.first-run-done');
    this.record({ operator: name, action: 'staff.operator-added', detail: `${name} (administrator), the station's first operator` });
    this.deps.log.info('first administrator added', { operator: name });
    for (const connection of this.connections) this.changed(connection);
    return operatorView(record);
  }

  async firstAdministrator(connection: StaffConnection, name: string, secret: string): Promise<SessionView> {
    const added = await this.createFirstAdministrator(name, secret);
    this.startSession(connection, { name: added.name, role: added.role, demo: false });
    return this.view(connection);
  }

  private checkNewName(name: string): void {
    if (isDemoAccountName(name)) throw StationFailure.of('staff.reserved-name', { name }, { field: 'name' });
  }

  listOperators(): OperatorView[] {
    const stored = this.deps.store.list().map((r) => operatorView(r));
    return this.demoMode ? [...this.demo.list().map((r) => operatorView(r, true)), ...stored] : stored;
  }

  private target(name: string): { record: OperatorRecord; book: AccountBook; demo: boolean } {
    const key = nameKey(name);
    if (this.demoMode && DemoAccountBook.isDemoKey(key))
      return { record: this.demo.list().find((r) => r.key === key)!, book: this.demo, demo: true };
    const record = this.deps.store.find(key);
    if (!record) throw StationFailure.of('staff.operator-unknown', { name }, { field: 'name' });
    return { record, book: this.database, demo: false };
  }

  private editable(name: string): OperatorRecord {
    const { record, demo } = this.target(name);
    if (demo) throw StationFailure.of('staff.demo-account', { name: record.name });
    return record;
  }

  /** The station must keep an enabled administrator. */
  private keepAnAdministrator(record: OperatorRecord): void {
    if (record.role === 'administrator' && !record.disabledAt && this.deps.store.activeAdministrators() <= 1) {
      throw StationFailure.of('staff.last-administrator', { name: record.name });
    }
  }

  async addOperator(actor: SignedInOperator, request: NewOperatorRequest): Promise<OperatorView> {
    this.checkNewName(request.name);
    checkSecret(request.role, request.secret);
    const secretHash = await this.authenticator.hash(request.secret);
    const record = this.deps.store.insert({
      name: request.name,
      key: nameKey(request.name),
      role: request.role,
      secretHash,
      secretKind: secretKindOf(request.secret),
      createdBy: actor.name,
      at: this.iso(),
    });
    this.record({ operator: actor.name, action: 'staff.operator-added', detail: `${record.name} (${record.role})` });
    return operatorView(record);
  }

  async setRole(actor: SignedInOperator, request: { name: string; role: Role; secret?: string }): Promise<OperatorView> {
    const record = this.editable(request.name);
    if (record.role !== request.role && request.role !== 'administrator') this.keepAnAdministrator(record);
    let secret: OperatorChange | undefined;
    if (request.secret !== undefined) {
      checkSecret(request.role, request.secret);
      // A new secret starts afresh, like a reset: no wrong tries counted against it.
      secret = {
        secretHash: await this.authenticator.hash(request.secret),
        secretKind: secretKindOf(request.secret),
        failedAttempts: 0,
        lastFailedAt: null,
        lockedAt: null,
      };
    } else if (request.role !== 'clerk' && record.secretKind === 'pin') {
      throw StationFailure.of('staff.password-needed', undefined, { field: 'secret' });
    }
    const updated = this.deps.store.update(record.key, { role: request.role, ...secret }, this.iso());
    this.record({
      operator: actor.name,
      action: 'staff.role-changed',
      detail: `${updated.name}: ${record.role} → ${updated.role}${secret ? ', new password' : ''}`,
    });
    this.refreshSessionsOf(record.key);
    return operatorView(updated);
  }

  /** A new PIN or password; it also lifts a lock after wrong tries. */
  async resetSecret(actor: SignedInOperator, request: { name: string; secret: string }): Promise<OperatorView> {
    const record = this.editable(request.name);
    checkSecret(record.role, request.secret);
    const secretHash = await this.authenticator.hash(request.secret);
    const updated = this.deps.store.update(
      record.key,
      { secretHash, secretKind: secretKindOf(request.secret), failedAttempts: 0, lastFailedAt: null, lockedAt: null },
      this.iso(),
    );
    this.record({ operator: actor.name, action: 'staff.secret-reset', detail: updated.name });
    return operatorView(updated);
  }

  disable(actor: SignedInOperator, request: { name: string }): OperatorView {
    const record = this.editable(request.name);
    if (record.disabledAt) return operatorView(record);
    this.keepAnAdministrator(record);
    const updated = this.deps.store.update(record.key, { disabledAt: this.iso() }, this.iso());
    this.record({ operator: actor.name, action: 'staff.operator-disabled', detail: updated.name });
    this.refreshSessionsOf(record.key);
    return operatorView(updated);
  }

  /**
   * A disabled operator may sign in again under the same name, so their history stays one person's.
   * They keep their PIN or password (reset it separately if need be); a lock after wrong tries stays
   * too, since lifting it is a supervisor's own decision (`unlock`). Enabling an active operator
   * changes nothing and records nothing, like disabling a disabled one.
   */
  enable(actor: SignedInOperator, request: { name: string }): OperatorView {
    const record = this.editable(request.name);
    if (!record.disabledAt) return operatorView(record);
    const updated = this.deps.store.update(record.key, { disabledAt: null }, this.iso());
    this.record({ operator: actor.name, action: 'staff.operator-enabled', detail: updated.name });
    return operatorView(updated);
  }

  unlock(actor: SignedInOperator, request: { name: string }): OperatorView {
    const { record, book, demo } = this.target(request.name);
    const updated = book.change(record.key, { failedAttempts: 0, lastFailedAt: null, lockedAt: null }, this.iso());
    this.record({ operator: actor.name, action: 'staff.account-unlocked', detail: updated.name });
    return operatorView(updated, demo);
  }

  close(): void {
    for (const connection of [...this.connections]) connection.close();
  }
}
