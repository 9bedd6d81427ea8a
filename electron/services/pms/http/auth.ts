/**
 * The bearer token check of the key API. Both sides are hashed first, so the comparison always
 * runs over two equal-length digests: its time says nothing about the token's length or prefix.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The token from `Authorization: Bearer TOKEN`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m ? m[1] : undefined;
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  // A missing token is compared too, so it takes as long as a wrong one.
  return timingSafeEqual(digest(given ?? ''), digest(expected)) && given !== undefined;
}
