/**
 * Demo mode's accounts (shared/staff.ts DEMO_ACCOUNTS): kept in memory only, never in the database,
 * so they cannot exist in live mode. Their hashes are made on first use; wrong tries count and lock
 * like any account's, until the station restarts.
 */
import { DEMO_ACCOUNTS, nameKey, secretKindOf } from '../../../shared/staff';
import type { AccountBook } from './authenticator';
import type { OperatorChange, OperatorRecord } from './operator-store';

export class DemoAccountBook implements AccountBook {
  private readonly records = new Map<string, OperatorRecord>();
  private readonly hashes = new Map<string, Promise<string>>();

  constructor(
    private readonly hash: (secret: string) => Promise<string>,
    private readonly createdAt: string,
  ) {}

  static isDemoKey(key: string): boolean {
    return DEMO_ACCOUNTS.some((a) => nameKey(a.name) === key);
  }

  async find(key: string): Promise<OperatorRecord | undefined> {
    const account = DEMO_ACCOUNTS.find((a) => nameKey(a.name) === key);
    if (!account) return undefined;
    let secretHash = this.hashes.get(key);
    if (!secretHash) this.hashes.set(key, (secretHash = this.hash(account.secret)));
    const hash = await secretHash;
    return { ...(this.records.get(key) ?? this.blank(key)), secretHash: hash };
  }

  change(key: string, change: OperatorChange, at: string): OperatorRecord {
    const current = this.records.get(key) ?? this.blank(key);
    const next: OperatorRecord = { ...current, updatedAt: at };
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) continue;
      (next as unknown as Record<string, unknown>)[k] = v === null ? undefined : v;
    }
    this.records.set(key, next);
    return next;
  }

  /** Every demo account as it stands now (for the Operators screen in demo mode). */
  list(): OperatorRecord[] {
    return DEMO_ACCOUNTS.map((a) => this.records.get(nameKey(a.name)) ?? this.blank(nameKey(a.name)));
  }

  private blank(key: string): OperatorRecord {
    const account = DEMO_ACCOUNTS.find((a) => nameKey(a.name) === key)!;
    return {
      name: account.name,
      key,
      role: account.role,
      secretHash: '',
      secretKind: secretKindOf(account.secret),
      failedAttempts: 0,
      createdAt: this.createdAt,
      createdBy: 'demo mode',
      updatedAt: this.createdAt,
    };
  }
}
