/**
 * A SCRAM-SHA-256 password verifier (RFC 5802/7677), the form PostgreSQL stores: `site init` sends
 * this to `CREATE ROLE ... PASSWORD`, so the password itself never appears in a statement the
 * server might log. The same computation `psql`'s `\password` does.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096;

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Printable ASCII only: clients that normalise non-ASCII passwords (SASLprep) and ones that do not would disagree. */
export function isPortablePassword(password: string): boolean {
  return /^[\x21-\x7e]{8,200}$/.test(password);
}
