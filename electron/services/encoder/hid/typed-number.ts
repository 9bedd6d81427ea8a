/**
 * Turns the number a keyboard reader typed back into card bytes, so the configured serialNum
 * format applies as for other readers: decimal up to 10 digits is the 4-byte card number;
 * 8, 14 or 20 hex digits are a UID; longer decimals keep their value.
 */
import { fromHex } from '../bytes';

export function typedNumberToBytes(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (/^\d{1,10}$/.test(t) && Number(t) <= 0xffffffff) {
    const v = Number(t);
    return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  if (/^([0-9a-fA-F]{8}|[0-9a-fA-F]{14}|[0-9a-fA-F]{20})$/.test(t)) return fromHex(t);
  if (/^\d{11,40}$/.test(t)) {
    let hex = BigInt(t).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    return fromHex(hex);
  }
  if (/^[0-9a-fA-F]{2,40}$/.test(t)) return fromHex(t.length % 2 ? `0${t}` : t);
  return undefined;
}
