/**
 * FIAS record text: `TYPE|FIELDvalue|FIELDvalue|`, a two-character record type and fields named by
 * two-character ids (`RN206`, `K#1`, `KO` with an empty value). Pure.
 */
import { frameBytes } from './framer';

/** Link records and the key records this station takes part in. */
export const RECORD_TYPES = ['LS', 'LD', 'LR', 'LA', 'LE', 'KR', 'KD', 'KM', 'KA'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface FiasRecord {
  type: string;
  /** In the order received; a field id may repeat (the first one counts). */
  fields: ReadonlyArray<readonly [id: string, value: string]>;
}

export type ParsedRecord = { ok: true; record: FiasRecord } | { ok: false; reason: string };

const TYPE = /^[A-Z0-9]{2}$/;
const FIELD_ID = /^[A-Z0-9#]{2}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}

/** Reads one record's text (what was between STX and ETX). A trailing `|` is expected but not required. */
export function parseRecord(text: string): ParsedRecord {
  if (text.length === 0) return { ok: false, reason: 'empty record' };
  const control = CONTROL.exec(text);
  if (control)
    return {
      ok: false,
      reason: `control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in the record`,
    };
  const parts = text.split('|');
  const type = parts[0];
  if (!TYPE.test(type)) return { ok: false, reason: `record type "${type.slice(0, 8)}" is not two letters or digits` };
  const fields: Array<readonly [string, string]> = [];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const id = part.slice(0, 2);
    if (part.length < 2 || !FIELD_ID.test(id))
      return { ok: false, reason: `field "${part.slice(0, 8)}" does not start with a two-character field id` };
    fields.push([id, part.slice(2)] as const);
  }
  return { ok: true, record: { type, fields } };
}

/** The first value of a field, or undefined when the record does not have it. */
export function fieldOf(record: FiasRecord, id: string): string | undefined {
  return record.fields.find(([f]) => f === id)?.[1];
}

/** A value safe inside a record: no separator, no frame or other control characters. */
export function cleanValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\|/g, '/').replace(/[\u0000-\u001f\u007f]/g, ' ');
}

export function formatRecord(type: string, fields: ReadonlyArray<readonly [string, string]>): string {
  if (!TYPE.test(type)) throw new RangeError(`FIAS record type must be two characters: ${type}`);
  let out = `${type}|`;
  for (const [id, value] of fields) {
    if (!FIELD_ID.test(id)) throw new RangeError(`FIAS field id must be two characters: ${id}`);
    out += `${id}${cleanValue(value)}|`;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Frame bytes as text: UTF-8 when they are UTF-8, else Latin-1 (older PMS code pages). */
export function decodeFrameText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

export function encodeRecord(record: FiasRecord): Uint8Array {
  return frameBytes(Buffer.from(formatRecord(record.type, record.fields), 'utf8'));
}

/** yymmdd and hhmmss, as FIAS dates and times are written. */
export function fiasDateTime(ms: number): { date: string; time: string } {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${two(d.getFullYear() % 100)}${two(d.getMonth() + 1)}${two(d.getDate())}`,
    time: `${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`,
  };
}
