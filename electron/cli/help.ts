/** Help text, generated from each command's declaration. */
import { CLI_ACCESS, READ_ONLY } from '../../shared/permissions';
import type { Command, FlagSpec, PositionalSpec } from './command';

export const RUN = 'npm run -s station --';

function flagValueText(f: FlagSpec): string {
  if (f.type === 'boolean') return '';
  if (f.type === 'list' && f.choices) return ` ${f.choices.slice(0, 2).join(',')},...`;
  if (f.choices && f.choices.length <= 5) return ` ${f.choices.join('|')}`;
  return ` ${f.value ?? 'VALUE'}`;
}

function positionalText(p: PositionalSpec): string {
  const text = `${p.choices?.length === 1 ? p.choices[0] : p.name}${p.variadic ? '...' : ''}`;
  if (p.orFlag) return p.required ? `(${text} | --${p.orFlag} ${p.name})` : `[${text} | --${p.orFlag} ${p.name}]`;
  return p.required ? text : `[${text}]`;
}

export function usageLine(c: Command): string {
  // A flag that stands for a positional is shown with it.
  const alternatives = new Set((c.positionals ?? []).flatMap((p) => (p.orFlag ? [p.orFlag] : [])));
  const flags = c.flags
    .filter((f) => !alternatives.has(f.name))
    .map((f) => (f.required ? `--${f.name}${flagValueText(f)}` : `[--${f.name}${flagValueText(f)}]`));
  return [c.name, ...(c.positionals ?? []).map(positionalText), ...flags].join(' ');
}

function flagDetail(f: FlagSpec): string {
  const parts = [f.help];
  const shownInline = f.type === 'string' && f.choices !== undefined && f.choices.length <= 5;
  if (f.choices && !shownInline) parts.push(`one of: ${f.choices.join(', ')}${f.type === 'list' ? ' (comma-separated)' : ''}`);
  if (f.type === 'integer') parts.push(f.max === undefined ? `at least ${f.min ?? 0}` : `${f.min ?? 0} to ${f.max}`);
  if (f.required) parts.push('required');
  return parts.join('; ');
}

export function commandHelp(c: Command): string {
  const rows: Array<[string, string]> = [
    ...(c.positionals ?? []).map((p): [string, string] => [p.name, `${p.help}${p.choices ? `; one of: ${p.choices.join(', ')}` : ''}`]),
    ...c.flags.map((f): [string, string] => [`--${f.name}${flagValueText(f)}`, flagDetail(f)]),
  ];
  const width = Math.min(32, Math.max(0, ...rows.map(([left]) => left.length)));
  const access = CLI_ACCESS[c.name];
  const who =
    access === undefined || access === READ_ONLY
      ? []
      : [
          '',
          `Changes the station: needs --operator NAME, a ${access} or higher (PIN or password from STATION_OPERATOR_PIN, or asked for on a terminal).`,
        ];
  return [
    c.summary,
    '',
    `Usage: ${RUN} ${usageLine(c)}`,
    ...who,
    ...(rows.length ? ['', 'Options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`)] : []),
    ...(c.notes ? ['', c.notes] : []),
  ].join('\n');
}

/** The commands under a first word (`queue` -> queue list, queue drain, ...). */
export function groupHelp(group: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `"${group}" is used with one of:`,
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${RUN} help ${commands[0].name}" for its options.`,
  ].join('\n');
}

export function overviewHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'Card Station command line',
    '',
    `Usage: ${RUN} <command> [options]`,
    '',
    'Commands:',
    `  ${'help'.padEnd(width)}  Show this help, or "help COMMAND" for one command's options`,
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --config FILE (or STATION_CONFIG), --json (one JSON value on stdout), --help',
    'Exit codes: 0 success, 2 usage or configuration error, 3 timeout, 4 operation failed',
  ].join('\n');
}
