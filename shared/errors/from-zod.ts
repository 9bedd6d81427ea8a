/**
 * The one way a refused input becomes words: zod issues (and a validator's own field problems) as
 * one `field: rule` line each, the way staff and IT read them, and `fromZodError` for the
 * `station.validation` error every boundary answers with. An unknown key gets its own line naming
 * it, with the known key it was probably meant to be (`authtoken` -> `authToken`), so a typo in a
 * config file is never silently dropped.
 */
import { z } from 'zod';
import { closestName } from '../text/closest';
import { stationError } from './index';
import type { StationError } from './types';

/** One problem with one field. */
export interface DescribedIssue {
  /** Dotted path of the field (`uclbrt.operator.password`); empty for the whole document. */
  field: string;
  message: string;
}

/** Extra words for particular unknown keys, by dotted path (e.g. a plain password where only its MD5 belongs). */
export type UnknownKeyHints = Readonly<Record<string, string>>;

function unwrap(schema: unknown): unknown {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodPipe) s = s.in;
    else return s;
  }
}

/** The keys the object schema at `path` knows, or undefined when the path cannot be followed (unions). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let cur = unwrap(schema);
  for (const segment of path) {
    if (cur instanceof z.ZodObject) cur = unwrap((cur.shape as Record<string, unknown>)[String(segment)]);
    else if (cur instanceof z.ZodArray) cur = unwrap(cur.element);
    else return undefined;
  }
  return cur instanceof z.ZodObject ? Object.keys(cur.shape) : undefined;
}

export function unknownKeyMessage(key: string, known: readonly string[] | undefined): string {
  const suggestion = known ? closestName(key, known) : undefined;
  if (suggestion) return `is not a known key; did you mean "${suggestion}"?`;
  return known?.length ? `is not a known key (known here: ${known.join(', ')})` : 'is not a known key';
}

/** One entry per problem; unknown keys are split into one entry per key. */
export function describeIssues(error: z.ZodError, schema: z.ZodType, hints: UnknownKeyHints = {}): DescribedIssue[] {
  const out: DescribedIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const field = [...path, key].join('.');
        out.push({ field, message: hints[field] ?? unknownKeyMessage(key, known) });
      }
      continue;
    }
    out.push({ field: path.join('.'), message: plainRule(issue) });
  }
  return out;
}

/** zod's own wording ("Invalid input: expected string, received undefined", "Too big: ...") rather than ours. */
const ZOD_WORDING = /^(Invalid (input|option|string|number|value|format)|Too (big|small)|Unrecognized key|expected )/;

const TYPE_WORDS: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  boolean: 'must be yes or no',
  array: 'must be a list',
  object: 'must be a group of settings',
  date: 'must be a date',
};

const count = (n: unknown, one: string, many: string) => `${String(n)} ${Number(n) === 1 ? one : many}`;

/**
 * The rule a field broke, as a phrase that follows the field's name ("is required", "is at most 32
 * characters"). Our schemas' own messages are kept; zod's generic wording is replaced by one of a
 * small fixed set of phrases, which the renderer has in every language.
 */
export function plainRule(issue: z.core.$ZodIssue): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return 'is required';
      return TYPE_WORDS[issue.expected] ?? 'is not valid';
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? 'is required' : `is at least ${count(n, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return n <= 1 ? 'needs at least one entry' : `needs at least ${count(n, 'entry', 'entries')}`;
      return `must be at least ${String(issue.minimum)}`;
    }
    case 'too_big': {
      if (issue.origin === 'string') return `is at most ${count(issue.maximum, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `has at most ${count(issue.maximum, 'entry', 'entries')}`;
      return `must be at most ${String(issue.maximum)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${String(issue.values[0])}` : `must be one of: ${issue.values.map(String).join(', ')}`;
    default:
      return 'is not valid';
  }
}

/** `field: rule`; the rule alone when it concerns the whole document or request. */
export function issueLine(issue: DescribedIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

/** Every problem in the detail, the first one's field for the form to mark. */
export function validationError(
  issues: readonly DescribedIssue[],
  code: 'station.validation' | 'station.config-invalid' = 'station.validation',
): StationError {
  const field = issues[0]?.field;
  return stationError(code, { detail: issues.map(issueLine).join('; ') }, field ? { field } : undefined);
}

/** What a boundary answers when `schema` refused an input: `station.validation` (or `station.config-invalid`) naming each field and rule. */
export function fromZodError(
  error: z.ZodError,
  schema: z.ZodType,
  options: { hints?: UnknownKeyHints; code?: 'station.validation' | 'station.config-invalid' } = {},
): StationError {
  return validationError(describeIssues(error, schema, options.hints), options.code);
}
