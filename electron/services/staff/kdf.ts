/**
 * PIN and password hashing with scrypt from node:crypto (memory-hard, no native addon to rebuild
 * for Electron). Each hash carries its own salt and parameters, `scrypt$N$r$p$salt$hash`, so the
 * parameters can be raised later: a sign-in with older ones re-hashes with the current ones.
 * Hashing runs on libuv's thread pool, so a sign-in never blocks the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface KdfParams {
  /** CPU/memory cost, a power of two. Memory used is 128 × N × r bytes. */
  N: number;
  r: number;
  p: number;
}

/**
 * 64 MiB per verification; about 180 ms on this project's 2-core test machine under load
 * (bench/staff.bench.ts prints it). OWASP's scrypt floor for 64 MiB is N=2^16, r=8.
 */
export const KDF_PARAMS: Readonly<KdfParams> = { N: 2 ** 16, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';
/** Refuse absurd parameters from a tampered database instead of allocating gigabytes. */
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16 };

/** Enough for the largest allowed N·r, with room for node's bookkeeping. */
function maxmemFor(params: KdfParams): number {
  return 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
}

function derive(secret: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

interface ParsedHash {
  params: KdfParams;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const isPowerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (
    !isPowerOfTwo ||
    N > LIMITS.maxN ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > LIMITS.maxR ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > LIMITS.maxP
  )
    return undefined;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length !== KEY_BYTES) return undefined;
  return { params: { N, r, p }, salt, key };
}

/** A fresh salted hash of `secret` with `params`. */
export async function hashSecret(secret: string, params: KdfParams = KDF_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `secret` matches `stored`; constant-time compare, false for anything malformed. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(secret, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with other parameters than `current` (re-hash it at the next sign-in). */
export function needsRehash(stored: string, current: KdfParams = KDF_PARAMS): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.params.N !== current.N || parsed.params.r !== current.r || parsed.params.p !== current.p;
}

/** The parameters a stored hash was made with (for the benchmark and tests). */
export function paramsOf(stored: string): KdfParams | undefined {
  return parse(stored)?.params;
}
