/**
 * Keeps secrets out of logs two ways: by key name (anything that looks like a credential is
 * replaced whatever its value) and by value (every secret the station knows is masked wherever it
 * appears, e.g. inside a URL or an error message).
 */
import type { StationError } from '../../../shared/errors/types';

export const REDACTED = '[redacted]';

/** Keys whose values are always secret: authToken, secret, password, passwordMd5, pin, access_token, sign, sig, Authorization... */
const SECRET_KEY_PATTERN =
  /^(auth_?token|access_?token|refresh_?token|token|secret|client_?secret|tuya_?secret|(creator_?)?password|password_?md5|passwd|pwd|pin|secret_?hash|sign|sig|signature|authorization|cookie|set-cookie|api_?key|x-api-key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}

/**
 * `sign=...`, `access_token=...`, `"authToken":"..."`, `creatorPassword=...` and
 * `Authorization: Bearer ...` inside free text (a vendor error that echoes the request).
 */
const INLINE_PATTERNS: readonly RegExp[] = [
  /\b(auth_?token|access_?token|refresh_?token|token|secret|client_?secret|[a-z_]*password|password_?md5|sign|sig|signature|api_?key)=([^&\s"',;]+)/gi,
  /("(?:auth_?token|access_?token|refresh_?token|token|secret|client_?secret|[a-z_]*password|password_?md5|sign|sig|signature|authorization|api_?key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
  /\b(authorization)(\s*[:=]\s*)(?:(?:bearer|basic|token)\s+)?[^\s,;"']+/gi,
];

const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a value that must never appear in a log (a token, a password and its MD5, ...). */
  addSecret(value: string | undefined | null): void {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (v.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(v);
    // A hex secret (the password MD5) may come back from a server in the other case.
    if (/^[0-9a-f]+$/i.test(v)) {
      this.secrets.add(v.toLowerCase());
      this.secrets.add(v.toUpperCase());
    }
  }

  text(input: string): string {
    let out = input;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(REDACTED);
    }
    out = out.replace(INLINE_PATTERNS[0], (_m, key: string) => `${key}=${REDACTED}`);
    out = out.replace(INLINE_PATTERNS[1], (_m, prefix: string) => `${prefix}"${REDACTED}"`);
    out = out.replace(INLINE_PATTERNS[2], (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
    return out;
  }

  /**
   * The same masking for an error that will be stored, answered over IPC or exported (a vendor
   * message that echoes the request must not carry the password MD5 into the activity log).
   */
  error(error: StationError): StationError {
    const out: StationError = { ...error, message: this.text(error.message) };
    if (error.serverText !== undefined) out.serverText = this.text(error.serverText);
    if (error.params)
      out.params = Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, typeof v === 'string' ? this.text(v) : v]));
    return out;
  }

  /** A deep copy of `value` safe to serialise: secret keys masked, strings scrubbed, errors flattened. */
  value(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? value.toString() : value;
    }
    if (seen.has(value)) return '[circular]';
    if (depth > 8) return '[too deep]';
    seen.add(value);
    if (value instanceof Error) {
      const plain: Record<string, unknown> = { name: value.name, message: value.message, stack: value.stack };
      for (const [k, v] of Object.entries(value)) plain[k] = v;
      return this.value(plain, depth + 1, seen);
    }
    if (value instanceof Date) return value.toISOString();
    if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
    if (Array.isArray(value)) return value.map((v) => this.value(v, depth + 1, seen));
    if (value instanceof Map) return this.value(Object.fromEntries(value), depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== '' ? REDACTED : this.value(v, depth + 1, seen);
    }
    return out;
  }
}
