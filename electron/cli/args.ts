/**
 * Command-line parsing from a command's declared flags (see FlagSpec): node's own tokenizer
 * (`util.parseArgs`), then one pass that refuses anything undeclared (naming the closest known flag),
 * missing or malformed, before the command runs.
 */
import { parseArgs as tokenize } from 'node:util';
import type { z } from 'zod';
import type { StationError } from '../../shared/errors';
import { describeIssues } from '../../shared/errors/from-zod';
import { closestName } from '../../shared/text/closest';
import type { ArgsSpec, FlagSpec } from './command';

export type FlagValue = string | number | boolean | string[];

export interface ParsedArgs {
  positionals: string[];
  /** The flags given, validated and converted (integers are numbers, lists are arrays). */
  values: ReadonlyMap<string, FlagValue>;
  /** Every flag the command declares; reading any other is a programming error. */
  declared: ReadonlySet<string>;
}

/** A mistake in how the command was called: exit 2 with the message (and the command's usage). */
export class UsageError extends Error {
  /** A catalogue error to print with --json instead of the generic `station.usage`. */
  constructor(
    message: string,
    readonly error?: StationError,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Token = ReturnType<typeof tokenize>['tokens'] extends (infer T)[] | undefined ? T : never;
type OptionToken = Extract<Token, { kind: 'option' }>;

function didYouMean(word: string, known: Iterable<string>, prefix = ''): string {
  const near = closestName(word, known);
  return near === undefined ? '' : ` Did you mean ${prefix}${near}?`;
}

function unknownFlag(raw: string, spec: ArgsSpec): UsageError {
  const names = spec.flags.map((f) => f.name);
  const word = raw.replace(/^-+/, '').split('=')[0];
  const hint = didYouMean(word, names, '--');
  return new UsageError(`Unknown option ${raw.split('=')[0]}.${hint || (names.length ? '' : ' This command takes no options.')}`);
}

function range(flag: FlagSpec): string {
  const min = flag.min ?? 0;
  return flag.max === undefined ? `of at least ${min}` : `from ${min} to ${flag.max}`;
}

function oneOf(flag: FlagSpec, value: string): string {
  if (!flag.choices || flag.choices.includes(value)) return value;
  throw new UsageError(`--${flag.name} must be one of ${flag.choices.join(', ')}; got "${value}".${didYouMean(value, flag.choices)}`);
}

function flagValue(flag: FlagSpec, token: OptionToken): FlagValue {
  if (flag.type === 'boolean') {
    if (token.value !== undefined) throw new UsageError(`--${flag.name} takes no value (got --${flag.name}=${token.value}).`);
    return true;
  }
  const value = token.value;
  if (value === undefined || value === '') throw new UsageError(`--${flag.name} needs a value${flag.value ? ` (${flag.value})` : ''}.`);
  if (!token.inlineValue && value.startsWith('--')) {
    throw new UsageError(`--${flag.name} needs a value, but ${value} follows it. If that is the value, write --${flag.name}=${value}.`);
  }
  switch (flag.type) {
    case 'integer': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < (flag.min ?? 0) || (flag.max !== undefined && n > flag.max)) {
        throw new UsageError(
          `--${flag.name} must be a whole number${flag.value === 'MS' ? ' of milliseconds' : ''} ${range(flag)}; got "${value}".`,
        );
      }
      return n;
    }
    case 'list': {
      const items = value.split(',').map((v) => v.trim());
      if (items.some((v) => v === ''))
        throw new UsageError(`--${flag.name} is a comma-separated list without empty items; got "${value}".`);
      return items.map((v) => oneOf(flag, v));
    }
    default:
      return oneOf(flag, value);
  }
}

export function parseArgs(argv: readonly string[], spec: ArgsSpec): ParsedArgs {
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  const { tokens } = tokenize({
    args: [...argv],
    options: Object.fromEntries(
      spec.flags.map((f) => [f.name, { type: f.type === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, FlagValue>();
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') words.push(token.value);
    if (token.kind !== 'option') continue;
    const flag = byName.get(token.name);
    // Single-dash forms (`-card-no`, `-j`) are not flags here: name the whole word as typed.
    if (!flag || token.rawName !== `--${token.name}`)
      throw unknownFlag(token.rawName.startsWith('--') ? token.rawName : argv[token.index], spec);
    if (values.has(flag.name)) throw new UsageError(`--${flag.name} is given more than once.`);
    values.set(flag.name, flagValue(flag, token));
  }
  const missing = spec.flags.filter((f) => f.required && !values.has(f.name)).map((f) => `--${f.name}${f.value ? ` ${f.value}` : ''}`);
  if (missing.length) throw new UsageError(`Missing ${missing.join(', ')}.`);
  return { positionals: checkedPositionals(words, spec, values), values, declared: new Set(byName.keys()) };
}

function checkedPositionals(words: string[], spec: ArgsSpec, values: ReadonlyMap<string, FlagValue>): string[] {
  const specs = spec.positionals ?? [];
  const variadic = specs.at(-1)?.variadic === true;
  if (!variadic && words.length > specs.length) {
    const extra = words[specs.length];
    const asFlag = closestName(
      extra,
      spec.flags.map((f) => f.name),
    );
    throw new UsageError(`Unexpected argument "${extra}".${asFlag ? ` Did you mean --${asFlag}?` : ''}`);
  }
  specs.forEach((p, i) => {
    const word = words[i];
    const asFlag = p.orFlag !== undefined && values.has(p.orFlag);
    if (word !== undefined && asFlag) throw new UsageError(`Give ${p.name} or --${p.orFlag}, not both.`);
    if (word === undefined) {
      if (p.required && !asFlag) throw new UsageError(`Missing ${p.name}${p.orFlag ? ` (or --${p.orFlag} ${p.name})` : ''}: ${p.help}.`);
      return;
    }
    if (p.choices && !p.choices.includes(word)) {
      throw new UsageError(`${p.name} must be ${p.choices.join(' or ')}; got "${word}".${didYouMean(word, p.choices)}`);
    }
  });
  return words;
}

function declaredValue(args: ParsedArgs, name: string): FlagValue | undefined {
  if (!args.declared.has(name)) throw new Error(`--${name} is read by a command that does not declare it`);
  return args.values.get(name);
}

function typed<T extends FlagValue>(args: ParsedArgs, name: string, check: (v: FlagValue) => v is T): T | undefined {
  const v = declaredValue(args, name);
  if (v === undefined) return undefined;
  if (!check(v)) throw new Error(`--${name} is read as a different type than it is declared`);
  return v;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  return typed(args, name, (v): v is string => typeof v === 'string');
}

export function flagNumber(args: ParsedArgs, name: string): number | undefined {
  return typed(args, name, (v): v is number => typeof v === 'number');
}

export function flagList(args: ParsedArgs, name: string): string[] | undefined {
  return typed(args, name, (v): v is string[] => Array.isArray(v));
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return typed(args, name, (v): v is boolean => typeof v === 'boolean') === true;
}

/** A flag the command needs in this case (declared optional because other cases do without it). */
export function required(args: ParsedArgs, name: string): string {
  const v = flagString(args, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/**
 * A value from the command line held to the same rules as the field it stands for (its shared
 * schema), or a usage error with one `name: rule` line per problem; `name` says what the user typed
 * for a field (`--operator`, `NAME`, `--by` for the filter's `operator`).
 */
export function checked<S extends z.ZodType>(schema: S, value: unknown, name: (field: string) => string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(
    describeIssues(parsed.error, schema)
      .map((i) => `${name(i.field)}: ${i.message}`)
      .join('\n'),
  );
}
