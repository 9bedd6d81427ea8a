/**
 * Staff: who may sign in at the station, with what, and what the renderer is told about a session.
 * The rules for names and secrets live here so the Operators screen, main and the CLI apply the
 * same ones. Hashing and sessions are main's business (electron/services/staff).
 */
import { z } from 'zod';
import type { StationMode } from './domain/status';
import { plainText } from './text/plain-text';

/** Lowest to highest; each role may do everything the roles before it may. */
export const ROLES = ['clerk', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Wrong tries in a row that lock an account until a supervisor unlocks it. */
export const MAX_WRONG_TRIES = 10;

/**
 * A person's name at the station. `:` is kept for the station's own actors (`pms:<workstation>`),
 * so no person can pass for one in the activity log.
 */
export const staffNameSchema = plainText({ trim: true })
  .min(1, 'is required')
  .max(64, 'is at most 64 characters')
  .refine((name) => !name.includes(':'), 'must not contain ":" (names with it belong to the station’s own actors, such as pms:1)');

/** A PIN or password as typed: never trimmed (a space may be part of it), hidden characters refused. */
export const secretSchema = plainText().min(1, 'is required').max(128, 'is at most 128 characters');

export const MIN_PIN_DIGITS = 4;
export const MIN_PASSWORD_LENGTH = 10;

export type SecretKind = 'pin' | 'password';

/** A PIN is digits only; anything else is a password. */
export function secretKindOf(secret: string): SecretKind {
  return /^\d+$/.test(secret) ? 'pin' : 'password';
}

/**
 * Why `secret` is not good enough for `role`, or undefined: clerks sign in with a PIN of at least
 * 4 digits (or a password); supervisors and administrators with a password of at least 10 characters.
 */
export function secretProblem(role: Role, secret: string): 'pin-too-short' | 'password-too-short' | 'password-needed' | undefined {
  const length = [...secret].length;
  if (role === 'clerk') {
    if (secretKindOf(secret) === 'pin') return length < MIN_PIN_DIGITS ? 'pin-too-short' : undefined;
    return length < MIN_PASSWORD_LENGTH ? 'password-too-short' : undefined;
  }
  if (secretKindOf(secret) === 'pin' && length < MIN_PASSWORD_LENGTH) return 'password-needed';
  return length < MIN_PASSWORD_LENGTH ? 'password-too-short' : undefined;
}

/** The catalogue code that explains a secretProblem. */
export const SECRET_PROBLEM_CODES = {
  'pin-too-short': 'staff.pin-too-short',
  'password-too-short': 'staff.password-too-short',
  'password-needed': 'staff.password-needed',
} as const;

/** The station's own actors (not people): what the activity log names them. */
export function systemActor(kind: 'pms', id: string): string {
  return `${kind}:${id}`;
}

/** Demo mode's accounts: shown on the sign-in screen, never present in live mode. */
export interface DemoAccount {
  name: string;
  role: Role;
  secret: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { name: 'demo', role: 'clerk', secret: '1234' },
  { name: 'demo-supervisor', role: 'supervisor', secret: 'supervise-demo' },
  { name: 'demo-admin', role: 'administrator', secret: 'administer-demo' },
];

/** Names compare without regard to case or Unicode form: `Li`, `li` and `Ｌｉ` are one person. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

export function isDemoAccountName(name: string): boolean {
  return DEMO_ACCOUNTS.some((a) => nameKey(a.name) === nameKey(name));
}

export interface SignedInOperator {
  name: string;
  role: Role;
  /** A demo-mode account (see DEMO_ACCOUNTS). */
  demo: boolean;
}

/** What the renderer knows about its connection's session (never a hash, never a secret). */
export interface SessionView {
  /** Who is signed in on this window, also while it is locked. */
  operator: SignedInOperator | null;
  /** Locked by idle time or by hand: only sign-in works until the same or another person signs in. */
  locked: boolean;
  /** Bumps on every change of person (sign-in over a locked session, sign-out): forms are discarded. */
  epoch: number;
  /** Live mode and no operator yet: the window asks for the first administrator. */
  firstRun: boolean;
  mode: StationMode;
  /** Demo mode only: the accounts the sign-in screen shows. */
  demoAccounts: DemoAccount[];
  /** After this long without input the session locks (`staff.idleLockMinutes`). */
  idleLockMs: number;
  language: 'en' | 'zh-CN';
}

export interface OperatorView {
  name: string;
  role: Role;
  secretKind: SecretKind;
  disabled: boolean;
  /** Locked after too many wrong tries. */
  locked: boolean;
  failedAttempts: number;
  createdAt: string;
  createdBy: string;
  demo: boolean;
}
