/**
 * Operators in the station database (migration 5). Only the hash of a PIN or password is stored;
 * rows are never deleted (a trigger refuses it), so the activity log's names always mean someone.
 */
import type { OperatorView, Role, SecretKind } from '../../../shared/staff';
import { StationFailure } from '../failure';
import type { StationDatabase } from '../store/database';

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

export class OperatorStore {
  constructor(private readonly db: StationDatabase) {}

  find(key: string): OperatorRecord | undefined {
    const row = this.db.prepare('SELECT * FROM operators WHERE name_key = ?').get(key) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): OperatorRecord[] {
    return (this.db.prepare('SELECT * FROM operators ORDER BY name_key').all() as Row[]).map(fromRow);
  }

  /** Every operator ever added, disabled ones included. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM operators').get() as { n: number }).n;
  }

  activeAdministrators(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM operators WHERE role = 'administrator' AND disabled_at IS NULL").get() as { n: number }).n;
  }

  /** Adds an operator; a name already taken (in any case or Unicode form) is `staff.operator-exists`. */
  insert(op: NewOperator): OperatorRecord {
    const changes = this.insertWhere(op, '');
    if (!changes) throw StationFailure.of('staff.operator-exists', { name: op.name });
    return this.find(op.key)!;
  }

  /**
   * Adds the station's first operator, only while it has none (one statement, so two first runs at
   * once cannot both succeed). Undefined when someone was first already.
   */
  insertFirst(op: NewOperator): OperatorRecord | undefined {
    return this.insertWhere(op, 'AND NOT EXISTS (SELECT 1 FROM operators)') ? this.find(op.key) : undefined;
  }

  private insertWhere(op: NewOperator, condition: string): number {
    return this.db
      .prepare(
        `INSERT INTO operators (name, name_key, role, secret_hash, secret_kind, created_at, created_by, updated_at)
         SELECT @name, @key, @role, @secretHash, @secretKind, @at, @createdBy, @at
         WHERE NOT EXISTS (SELECT 1 FROM operators WHERE name_key = @key) ${condition}`,
      )
      .run({ name: op.name, key: op.key, role: op.role, secretHash: op.secretHash, secretKind: op.secretKind, at: op.at, createdBy: op.createdBy }).changes;
  }

  update(key: string, change: OperatorChange, at: string): OperatorRecord {
    const entries = Object.entries(change).filter(([, v]) => v !== undefined) as Array<[keyof OperatorChange, unknown]>;
    const sets = entries.map(([k]) => `${COLUMNS[k]} = @${k}`);
    this.db.prepare(`UPDATE operators SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE name_key = @key`).run({ ...Object.fromEntries(entries), at, key });
    const record = this.find(key);
    if (!record) throw StationFailure.of('staff.operator-unknown', { name: key });
    return record;
  }
}
