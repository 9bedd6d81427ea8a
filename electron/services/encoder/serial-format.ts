/**
 * serialNum formats: lock platforms disagree on how a UID is written. Hex MSB-first (`04A22B1C`),
 * hex byte-reversed (`1C2BA204`), or the decimal value of the bytes in either order; a 4-byte value
 * is padded to 10 digits (how EM and MIFARE card numbers are printed).
 */
import type { SerialFormat } from '../../../shared/domain/encoder';
import { toHex } from './bytes';

function decimal(bytes: Uint8Array): string {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const digits = value.toString(10);
  // Width of the largest value with this many bytes, so numbers keep their length.
  const width = ((1n << BigInt(bytes.length * 8)) - 1n).toString(10).length;
  return digits.padStart(width, '0');
}

export function formatSerial(bytes: Uint8Array, format: SerialFormat): string {
  const reversed = Uint8Array.from(bytes).reverse();
  switch (format) {
    case 'hex':
      return toHex(bytes);
    case 'hex-reversed':
      return toHex(reversed);
    case 'dec':
      return decimal(bytes);
    case 'dec-reversed':
      return decimal(reversed);
  }
}

/** Normalises an issueMac to 12 upper-case hex digits, or undefined when it is not one. */
export function normaliseIssueMac(mac: string | undefined): string | undefined {
  if (!mac) return undefined;
  const clean = mac.replace(/[:-]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(clean) ? clean : undefined;
}
