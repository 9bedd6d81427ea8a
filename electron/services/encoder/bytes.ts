/** Bytes as the hex text cards, frames and logs show them (upper case, no separators). */

export function toHex(bytes: Uint8Array | readonly number[]): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s.toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:-]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
