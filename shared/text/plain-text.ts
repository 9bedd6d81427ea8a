/**
 * Text a person or a PMS gives the station (rooms, names, settings, search words) is shown to staff,
 * written to the activity log and exported. Characters that cannot be seen or that reorder what is
 * seen would let one text pass for another (`1-1-\u202E101\u200B` looks like a different room), so
 * every such field refuses them with the same check, naming what it found.
 */
import { z } from 'zod';

export type UnsafeCharacterKind = 'control' | 'direction' | 'invisible';

export interface UnsafeCharacter {
  kind: UnsafeCharacterKind;
  /** `U+202E` */
  codePoint: string;
  /** Index in the string (UTF-16 units). */
  index: number;
}

/** Bidi marks, embeddings, overrides and isolates: they reorder the text around them. */
const DIRECTION = /^[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]$/u;
/** C0/C1 controls (NUL, line breaks, ESC...), line/paragraph separators, unpaired surrogates. */
const CONTROL = /^[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]$/u;
/** Zero-width and other format characters (soft hyphen, word joiner, BOM...). */
const FORMAT = /^\p{Cf}$/u;
/** Characters outside Cf that still render as nothing: grapheme joiner, Hangul and Khmer fillers. */
const BLANK_LOOKING = new Set([0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x3164, 0xffa0]);

function kindOf(char: string): UnsafeCharacterKind | undefined {
  if (DIRECTION.test(char)) return 'direction';
  if (CONTROL.test(char)) return 'control';
  if (FORMAT.test(char) || BLANK_LOOKING.has(char.codePointAt(0)!)) return 'invisible';
  return undefined;
}

const MESSAGES: Record<UnsafeCharacterKind, string> = {
  control: 'must not contain control characters',
  direction: 'must not contain characters that change the text direction',
  invisible: 'must not contain invisible characters',
};

/** The first character that hides or reorders text, if any. */
export function findUnsafeCharacter(text: string): UnsafeCharacter | undefined {
  let index = 0;
  // for..of walks code points; an unpaired surrogate comes out on its own.
  for (const char of text) {
    const kind = kindOf(char);
    if (kind) return { kind, codePoint: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, index };
    index += char.length;
  }
  return undefined;
}

/** `must not contain invisible characters (found U+200B)`: the field name comes from the issue's path. */
export function unsafeTextMessage(found: UnsafeCharacter): string {
  return `${MESSAGES[found.kind]} (found ${found.codePoint})`;
}

/** The reusable check: `z.string().trim().check(refuseUnsafeText)`. */
export const refuseUnsafeText = z.superRefine((value: string, ctx) => {
  const found = findUnsafeCharacter(value);
  if (found) ctx.addIssue({ code: 'custom', message: unsafeTextMessage(found), input: value });
});

/**
 * A string field for text from a person: hidden characters refused. With `trim`, surrounding
 * whitespace (a pasted cell's trailing tab or line break) is removed first rather than refused.
 */
export function plainText(options: { trim?: boolean } = {}): z.ZodString {
  return (options.trim ? z.string().trim() : z.string()).check(refuseUnsafeText);
}
