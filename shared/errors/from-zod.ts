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
    // zod's wording for a missing field ("expected string, received undefined") says less than this.
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    out.push({ field: path.join('.'), message: missing ? 'is required' : issue.message });
  }
  return out;
}

/** `field: rule`; the rule alone when it concerns the whole document or request. */
export function issueLine(issue: DescribedIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

/** Every problem in the detail, the first one's field for the form to mark. */
export function validationError(issues: readonly DescribedIssue[], code: 'station.validation' | 'station.config-invalid' = 'station.validation'): StationError {
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
