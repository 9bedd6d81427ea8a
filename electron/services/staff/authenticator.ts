/**
 * Checks a name and a PIN or password, the same way for the window, the browser harness and the
 * CLI. Per account: wrong tries slow the next one down exponentially (answered at once with how
 * long to wait, so nothing sleeps and other accounts are not held up); 10 in a row lock the account
 * until a supervisor unlocks it. An unknown name costs the same scrypt work and gets the same answers
 * (tracked in memory), so neither timing nor wording reveals whether a name exists.
 */
import { randomBytes } from 'node:crypto';
import { MAX_WRONG_TRIES, nameKey } from '../../../shared/staff';
import { hashSecret, KDF_PARAMS, needsRehash, paramsOf, verifySecret, type KdfParams } from './kdf';
import type { OperatorChange, OperatorRecord } from './operator-store';

/** Where accounts come from: the database, or demo mode's accounts in memory. */
export interface AccountBook {
  find(key: string): Promise<OperatorRecord | undefined>;
  change(key: string, change: OperatorChange, at: string): OperatorRecord;
}

/** How long the next try waits after `failures` wrong ones in a row: 1 s, 2 s, 4 s ... (at most 5 min). */
export function slowdownMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(1000 * 2 ** (failures - 1), 5 * 60_000);
}

export type SignInOutcome =
  | { outcome: 'ok'; record: OperatorRecord }
  /** A wrong secret (or an unknown name): `record` only when the account exists, for the activity log. */
  | { outcome: 'wrong'; left: number; record?: OperatorRecord }
  | { outcome: 'wait'; seconds: number }
  | { outcome: 'locked'; justLocked: boolean; record?: OperatorRecord }
  | { outcome: 'disabled'; record: OperatorRecord };

interface Tries {
  failures: number;
  lastFailedAt?: number;
}

/**
 * What an unknown name is checked against: the hash of a random secret nobody knows, made with
 * KDF_PARAMS (verifying it costs what a real verification costs from the very first try).
 */
const UNKNOWN_NAME_HASH = 'scrypt$65536$8$1$NI6h46VvwxO6dOnDPmP9bA==$LGkNKUNmlxOVHWO015ZGBpXShy01mkUKAChIA3AZGJQ=';

/** At most this many unknown names are remembered; the oldest is forgotten first. */
const UNKNOWN_NAMES_KEPT = 1000;

/** Verifications running at once (each takes 64 MiB for a moment). */
class Gate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

export interface AuthenticatorOptions {
  now?: () => number;
  kdf?: KdfParams;
  maxConcurrent?: number;
}

export class Authenticator {
  private readonly now: () => number;
  readonly kdf: KdfParams;
  private readonly gate: Gate;
  private readonly unknown = new Map<string, Tries>();
  /** Accounts with a try in progress: a second one at the same moment waits its turn like a slow try. */
  private readonly inFlight = new Set<string>();
  private dummyHash: Promise<string> | undefined;

  constructor(options: AuthenticatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.kdf = options.kdf ?? KDF_PARAMS;
    this.gate = new Gate(options.maxConcurrent ?? 2);
  }

  /** A hash with the current parameters (adding an operator, resetting a PIN). */
  hash(secret: string): Promise<string> {
    return this.gate.run(() => hashSecret(secret, this.kdf));
  }

  async signIn(book: AccountBook, name: string, secret: string): Promise<SignInOutcome> {
    const key = nameKey(name);
    if (this.inFlight.has(key)) return { outcome: 'wait', seconds: 1 };
    this.inFlight.add(key);
    try {
      return await this.attempt(book, key, secret);
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async attempt(book: AccountBook, key: string, secret: string): Promise<SignInOutcome> {
    const record = await book.find(key);
    const tries: Tries = record
      ? { failures: record.failedAttempts, lastFailedAt: record.lastFailedAt }
      : (this.unknown.get(key) ?? { failures: 0 });
    if ((record && record.lockedAt) || tries.failures >= MAX_WRONG_TRIES)
      return { outcome: 'locked', justLocked: false, ...(record ? { record } : {}) };
    const waitMs = (tries.lastFailedAt ?? 0) + slowdownMs(tries.failures) - this.now();
    if (waitMs > 0) return { outcome: 'wait', seconds: Math.ceil(waitMs / 1000) };

    const matches = await this.gate.run(async () =>
      record ? verifySecret(secret, record.secretHash) : verifySecret(secret, await this.dummy()),
    );
    const at = this.now();
    const iso = new Date(at).toISOString();
    if (matches && record) {
      if (record.disabledAt) return { outcome: 'disabled', record };
      const rehash = needsRehash(record.secretHash, this.kdf) ? await this.hash(secret) : undefined;
      // Written only when something changes: a sign-in alone leaves the database as it was.
      if (!rehash && record.failedAttempts === 0 && record.lastFailedAt === undefined) return { outcome: 'ok', record };
      const updated = book.change(key, { failedAttempts: 0, lastFailedAt: null, ...(rehash ? { secretHash: rehash } : {}) }, iso);
      return { outcome: 'ok', record: updated };
    }

    const failures = tries.failures + 1;
    const locks = failures >= MAX_WRONG_TRIES;
    if (record) {
      const updated = book.change(key, { failedAttempts: failures, lastFailedAt: at, ...(locks ? { lockedAt: iso } : {}) }, iso);
      return locks
        ? { outcome: 'locked', justLocked: true, record: updated }
        : { outcome: 'wrong', left: MAX_WRONG_TRIES - failures, record: updated };
    }
    this.rememberUnknown(key, { failures, lastFailedAt: at });
    return locks ? { outcome: 'locked', justLocked: true } : { outcome: 'wrong', left: MAX_WRONG_TRIES - failures };
  }

  private rememberUnknown(key: string, tries: Tries): void {
    this.unknown.delete(key);
    this.unknown.set(key, tries);
    if (this.unknown.size > UNKNOWN_NAMES_KEPT) this.unknown.delete(this.unknown.keys().next().value!);
  }

  /** A hash with the current parameters, so an unknown name costs what a known one does. */
  private dummy(): Promise<string> {
    const p = paramsOf(UNKNOWN_NAME_HASH);
    if (p && p.N === this.kdf.N && p.r === this.kdf.r && p.p === this.kdf.p) return Promise.resolve(UNKNOWN_NAME_HASH);
    this.dummyHash ??= hashSecret(randomBytes(24).toString('base64'), this.kdf);
    return this.dummyHash;
  }
}
