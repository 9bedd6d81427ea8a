/** `npm run -s station -- <command>`: the headless twin of the station, under plain Node. */
import { closestName } from '../../shared/text/closest';
import { parseArgs, UsageError } from './args';
import { EXIT, type CliIo, type Command } from './command';
import { COMMANDS } from './commands';
import { commandHelp, groupHelp, overviewHelp, RUN, usageLine } from './help';
import { SignInRefused, signInForCommand } from './operator';
import { exitWhenFlushed, processIo } from './process-io';

const firstWord = (c: Command) => c.name.split(' ')[0];

function groupOf(word: string): Command[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${word} `));
}

function groupList(commands: readonly Command[]): string {
  return commands.map((c) => `"${c.name}"`).join(', ');
}

/** The command `argv` names, and the words after its name; unknown or incomplete names are usage errors. */
function findCommand(argv: readonly string[]): { command: Command; rest: string[] } {
  const [first = '', second] = argv;
  const single = COMMANDS.find((c) => c.name === first);
  if (single) return { command: single, rest: argv.slice(1) };
  const group = groupOf(first);
  if (!group.length) {
    const near = closestName(first, new Set(['help', ...COMMANDS.map(firstWord)]));
    throw new UsageError(`Unknown command "${first}".${near ? ` Did you mean "${near}"?` : ''} Run "${RUN} help" for the list.`);
  }
  if (second === undefined || second.startsWith('-')) {
    throw new UsageError(`"${first}" needs one more word: ${groupList(group)}. Run "${RUN} help ${group[0].name}" for its options.`);
  }
  const command = group.find((c) => c.name === `${first} ${second}`);
  if (!command) {
    const near = closestName(
      second,
      group.map((c) => c.name.slice(first.length + 1)),
    );
    throw new UsageError(
      `Unknown command "${first} ${second}".${near ? ` Did you mean "${first} ${near}"?` : ''} "${first}" has ${groupList(group)}.`,
    );
  }
  return { command, rest: argv.slice(2) };
}

/** `help`, `help queue`, `help queue list`. */
function help(topic: readonly string[], io: CliIo): number {
  if (!topic.length) {
    io.stdout(overviewHelp(COMMANDS));
    return EXIT.ok;
  }
  if (topic.length === 1 && !COMMANDS.some((c) => c.name === topic[0]) && groupOf(topic[0]).length) {
    io.stdout(groupHelp(topic[0], groupOf(topic[0])));
    return EXIT.ok;
  }
  const { command, rest } = findCommand(topic);
  if (rest.length) throw new UsageError(`"help" takes one command; "${rest.join(' ')}" is not part of "${command.name}".`);
  io.stdout(commandHelp(command));
  return EXIT.ok;
}

/** `--help` or `-h` among a command's words (before a `--`). */
function asksForHelp(rest: readonly string[]): boolean {
  const end = rest.indexOf('--');
  return (end < 0 ? rest : rest.slice(0, end)).some((w) => w === '--help' || w === '-h');
}

function usageFailure(err: UsageError, argv: readonly string[], command: Command | undefined, io: CliIo): number {
  const lines = [err.message];
  if (command && !(err instanceof SignInRefused))
    lines.push(`Usage: ${RUN} ${usageLine(command)}`, `Run "${RUN} help ${command.name}" for every option.`);
  io.stderr(lines.join('\n'));
  if (argv.includes('--json'))
    io.stdout(JSON.stringify({ ok: false, error: err.error ?? { code: 'station.usage', message: err.message } }, null, 2));
  return EXIT.usage;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: Command | undefined;
  try {
    if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h')
      return help(argv[0] === 'help' ? argv.slice(1) : [], io);
    const found = findCommand(argv);
    command = found.command;
    if (asksForHelp(found.rest)) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    // Every flag is checked against the command's declaration before anything runs.
    const args = parseArgs(found.rest, command);
    // Then who runs it, when it changes the station (shared/permissions.ts CLI_ACCESS).
    const operator = await signInForCommand(command, args, io);
    return await command.run(args, io, operator);
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(err, argv, command, io);
    io.stderr(`Error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.operationFailed;
  }
}

if (require.main === module || process.argv[1]?.endsWith('cli/main.ts')) {
  let onInterrupt: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => (onInterrupt = resolve));
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  void runCli(process.argv.slice(2), processIo(interrupted)).then(exitWhenFlushed);
}
