import { createHash } from 'node:crypto';

/** UCLBRT wants the operator password as lower-case MD5 hex; the plain password is never kept. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
