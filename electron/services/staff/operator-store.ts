/**
 * Operators in the station database (migration 5). Only the hash of a PIN or password is stored;
 * rows are never deleted (a trigger refuses it), so the activity log's names always mean someone.
 *
 * In a site, operators are the hotel's: adding one, a new role, a new PIN or password, disabling
 * and enabling again are site facts (`operator.changed`, with the hash, never the secret, and
 * `disabled` either way), and what the site knows of
 * an operator (site view, fed by every desk's facts, this one's included) is what sign-in and the
 * role checks use. Wrong tries and the lock after them stay with the desk where they happened.
 */
import type { OperatorSnapshot } from '../../../shared/site/facts';
import { nameKey, ROLES, type OperatorView, type Role, type SecretKind } from '../../../shared/staff';
import { StationFailure } from '../failure';
import type { FactRecorder } from '../site/fact-log';
import type { WritableDB } from '../store/database';

export interface OperatorRecord {
  name: string;
  /** nameKey(name): what sign-in looks up. */
  key: string;
  role: Role;
  secretHash: string;
  secretKind: SecretKind;
  disabledAt?: string;
  failedAttempts: number;
  /** Epoch ms of the last wrong try (the slowdown counts from it). */
  lastFailedAt?: number;
  lockedAt?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

interface Row {
  name: string;
  name_key: string;
  role: Role;
  secret_hash: string;
  secret_kind: SecretKind;
  disabled_at: string | null;
  failed_attempts: number;
  last_failed_at: number | null;
  locked_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

function fromRow(row: Row): OperatorRecord {
  return {
    name: row.name,
    key: row.name_key,
    role: row.role,
    secretHash: row.secret_hash,
    secretKind: row.secret_kind,
    ...(row.disabled_at ? { disabledAt: row.disabled_at } : {}),
    failedAttempts: row.failed_attempts,
    ...(row.last_failed_at !== null ? { lastFailedAt: row.last_failed_at } : {}),
    ...(row.locked_at ? { lockedAt: row.locked_at } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

/** What the renderer and the CLI may see of an operator: never the hash. */
export function operatorView(record: OperatorRecord, demo = false): OperatorView {
  return {
    name: record.name,
    role: record.role,
    secretKind: record.secretKind,
    disabled: Boolean(record.disabledAt),
    locked: Boolean(record.lockedAt),
    failedAttempts: record.failedAttempts,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    demo,
  };
}

export type NewOperator = Pick<OperatorRecord, 'name' | 'key' | 'role' | 'secretHash' | 'secretKind' | 'createdBy'> & { at: string };

export type OperatorChange = Partial<Pick<OperatorRecord, 'role' | 'secretHash' | 'secretKind' | 'failedAttempts'>> & {
  disabledAt?: string | null;
  lockedAt?: string | null;
  lastFailedAt?: number | null;
};

const COLUMNS: Record<keyof OperatorChange, string> = {
  role: 'role',
  secretHash: 'secret_hash',
  secretKind: 'secret_kind',
  failedAttempts: 'failed_attempts',
  disabledAt: 'disabled_at',
  lockedAt: 'locked_at',
  lastFailedAt: 'last_failed_at',
};

/** What the site knows of an operator: the shared fields (name, role, credential, disabled); wrong tries and locks stay per desk. */
type SharedOperator = Omit<OperatorRecord, 'failedAttempts' | 'lastFailedAt' | 'lockedAt'>;

/** The site's operators (site/site-view.ts), for a desk that belongs to a site. */
export interface SiteOperators {
  operators(): OperatorSnapshot[];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** An operator fact another desk wrote, as far as sign-in can use it (it carries a credential). */
function sharedOf(snapshot: OperatorSnapshot): SharedOperator | undefined {
  const secretHash = text(snapshot.secretHash);
  const secretKind = snapshot.secretKind === 'pin' || snapshot.secretKind === 'password' ? snapshot.secretKind : undefined;
  if (!secretHash || !secretKind || !(ROLES as readonly string[]).includes(snapshot.role)) return undefined;
  const updatedAt = text(snapshot.updatedAt) ?? '';
  return {
    name: snapshot.name,
    key: nameKey(snapshot.name),
    role: snapshot.role,
    secretHash,
    secretKind,
    ...(snapshot.disabled ? { disabledAt: text(snapshot.disabledAt) ?? updatedAt } : {}),
    createdAt: text(snapshot.createdAt) ?? updatedAt,
    createdBy: text(snapshot.createdBy) ?? 'site',
    updatedAt,
  };
}

/** The operator as the site sees it: what `operator.changed` carries. */
function snapshotOf(record: OperatorRecord): OperatorSnapshot {
  return {
    name: record.name,
    role: record.role,
    disabled: Boolean(record.disabledAt),
    ...(record.disabledAt ? { disabledAt: record.disabledAt } : {}),
    secretHash: record.secretHash,
    secretKind: record.secretKind,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
  };
}

/** The shared fields from the site over this desk's counters (wrong tries, lock). */
function overlay(local: OperatorRecord | undefined, shared: SharedOperator): OperatorRecord {
  return {
    name: shared.name,
    key: shared.key,
    role: shared.role,
    secretHash: shared.secretHash,
    secretKind: shared.secretKind,
    ...(shared.disabledAt ? { disabledAt: shared.disabledAt } : {}),
    failedAttempts: local?.failedAttempts ?? 0,
    ...(local?.lastFailedAt !== undefined ? { lastFailedAt: local.lastFailedAt } : {}),
    ...(local?.lockedAt ? { lockedAt: local.lockedAt } : {}),
    createdAt: shared.createdAt,
    createdBy: shared.createdBy,
    updatedAt: local && local.updatedAt > shared.updatedAt ? local.updatedAt : shared.updatedAt,
  };
}

const sharedFieldsDiffer = (a: OperatorRecord | undefined, b: OperatorRecord): boolean =>
  !a ||
  a.name !== b.name ||
  a.role !== b.role ||
  a.secretHash !== b.secretHash ||
  a.secretKind !== b.secretKind ||
  Boolean(a.disabledAt) !== Boolean(b.disabledAt);

export class OperatorStore {
  constructor(
    private readonly db: WritableDB,
    private readonly facts?: FactRecorder,
    private readonly site?: SiteOperators,
  ) {}

  /** Every operator the site knows with a credential, by key (the latest when two desks used the same name). */
  private shared(): Map<string, SharedOperator> {
    const out = new Map<string, SharedOperator>();
    for (const snapshot of this.site?.operators() ?? []) {
      const shared = sharedOf(snapshot);
      const held = shared && out.get(shared.key);
      if (shared && (!held || shared.updatedAt > held.updatedAt)) out.set(shared.key, shared);
    }
    return out;
  }

  private local(key: string): OperatorRecord | undefined {
    const row = this.db.prepare('SELECT * FROM operators WHERE name_key = ?').get(key) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  find(key: string): OperatorRecord | undefined {
    const local = this.local(key);
    const shared = this.site ? this.shared().get(key) : undefined;
    return shared ? overlay(local, shared) : local;
  }

  list(): OperatorRecord[] {
    const local = (this.db.prepare('SELECT * FROM operators ORDER BY name_key').all() as Row[]).map(fromRow);
    if (!this.site) return local;
    const shared = this.shared();
    const byKey = new Map(local.map((r) => [r.key, r]));
    for (const key of shared.keys()) if (!byKey.has(key)) byKey.set(key, undefined as unknown as OperatorRecord);
    return [...byKey.keys()].sort().map((key) => {
      const s = shared.get(key);
      return s ? overlay(byKey.get(key), s) : byKey.get(key)!;
    });
  }

  /** Every operator ever added (here or, in a site, at any desk), disabled ones included. */
  count(): number {
    if (this.site) return this.list().length;
    return (this.db.prepare('SELECT COUNT(*) AS n FROM operators').get() as { n: number }).n;
  }

  activeAdministrators(): number {
    if (this.site) return this.list().filter((r) => r.role === 'administrator' && !r.disabledAt).length;
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM operators WHERE role = 'administrator' AND disabled_at IS NULL").get() as { n: number }
    ).n;
  }

  /** Adds an operator; a name already taken (in any case or Unicode form, here or at another desk of the site) is `staff.operator-exists`. */
  insert(op: NewOperator): OperatorRecord {
    const changes = this.shared().has(op.key) ? 0 : this.insertWhere(op, '');
    if (!changes) throw StationFailure.of('staff.operator-exists', { name: op.name });
    return this.added(op.key);
  }

  /**
   * Adds the station's first operator, only while it has none, here or in its site (one statement,
   * so two first runs at once cannot both succeed). Undefined when someone was first already.
   */
  insertFirst(op: NewOperator): OperatorRecord | undefined {
    if (this.shared().size) return undefined;
    return this.insertWhere(op, 'AND NOT EXISTS (SELECT 1 FROM operators)') ? this.added(op.key) : undefined;
  }

  private added(key: string): OperatorRecord {
    const record = this.local(key)!;
    this.facts?.record(() => ({ type: 'operator.changed', at: record.updatedAt, operator: snapshotOf(record) }));
    return record;
  }

  /** Every operator as a site snapshot (what a desk joining a site tells it it has). */
  snapshots(): OperatorSnapshot[] {
    return (this.db.prepare('SELECT * FROM operators ORDER BY name_key').all() as Row[]).map((row) => snapshotOf(fromRow(row)));
  }

  private insertWhere(op: NewOperator, condition: string): number {
    return this.db
      .prepare(
        `INSERT INTO operators (name, name_key, role, secret_hash, secret_kind, created_at, created_by, updated_at)
         SELECT @name, @key, @role, @secretHash, @secretKind, @at, @createdBy, @at
         WHERE NOT EXISTS (SELECT 1 FROM operators WHERE name_key = @key) ${condition}`,
      )
      .run({
        name: op.name,
        key: op.key,
        role: op.role,
        secretHash: op.secretHash,
        secretKind: op.secretKind,
        at: op.at,
        createdBy: op.createdBy,
      }).changes;
  }

  /**
   * Changes an operator. One the site knows but this desk never had gets its row here first; a
   * change of role, credential or disabled is a site fact, wrong tries and locks are not.
   */
  update(key: string, change: OperatorChange, at: string): OperatorRecord {
    const before = this.find(key);
    if (before && !this.local(key)) this.insertCopy(before);
    const entries = Object.entries(change).filter(([, v]) => v !== undefined) as Array<[keyof OperatorChange, unknown]>;
    const sets = entries.map(([k]) => `${COLUMNS[k]} = @${k}`);
    this.db
      .prepare(`UPDATE operators SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE name_key = @key`)
      .run({ ...Object.fromEntries(entries), at, key });
    const local = this.local(key);
    if (!local || !before) throw StationFailure.of('staff.operator-unknown', { name: key });
    const after: OperatorRecord = {
      ...before,
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.secretHash !== undefined ? { secretHash: change.secretHash } : {}),
      ...(change.secretKind !== undefined ? { secretKind: change.secretKind } : {}),
      failedAttempts: local.failedAttempts,
      updatedAt: at,
    };
    if (change.disabledAt !== undefined) {
      if (change.disabledAt) after.disabledAt = change.disabledAt;
      else delete after.disabledAt;
    }
    for (const k of ['lastFailedAt', 'lockedAt'] as const) {
      if (local[k] === undefined) delete after[k];
      else (after as unknown as Record<string, unknown>)[k] = local[k];
    }
    if (sharedFieldsDiffer(before, after)) this.facts?.record(() => ({ type: 'operator.changed', at, operator: snapshotOf(after) }));
    return this.find(key)!;
  }

  /** A row here for an operator added at another desk (its wrong tries are counted here). */
  private insertCopy(record: OperatorRecord): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO operators (name, name_key, role, secret_hash, secret_kind, disabled_at, created_at, created_by, updated_at)
         VALUES (@name, @key, @role, @secretHash, @secretKind, @disabledAt, @createdAt, @createdBy, @updatedAt)`,
      )
      .run({
        name: record.name,
        key: record.key,
        role: record.role,
        secretHash: record.secretHash,
        secretKind: record.secretKind,
        disabledAt: record.disabledAt ?? null,
        createdAt: record.createdAt,
        createdBy: record.createdBy,
        updatedAt: record.updatedAt,
      });
  }
}
