/** `npm run -s station -- <command>`: the headless twin of the station, under plain Node. */
import { parseArgs, UsageError } from './args';
import { EXIT, type CliIo, type Command } from './command';
import { COMMANDS } from './commands';
import { exitWhenFlushed, processIo } from './process-io';

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = COMMANDS.find((c) => c.name === argv[0]);
  return byOne ? { command: byOne, rest: argv.slice(1) } : undefined;
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Card Station command line',
    '',
    'Usage: npm run -s station -- <command> [options]',
    '',
    'Commands:',
    `  ${'help'.padEnd(width)}  Show this help, or "help COMMAND" for one command`,
    ...lines,
    '',
    'Common options: --config FILE (or STATION_CONFIG), --json (one JSON object on stdout)',
    'Exit codes: 0 success, 2 usage error, 3 timeout, 4 operation failed',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    const topic = argv[0] === 'help' ? argv.slice(1) : [];
    const found = topic.length ? findCommand(topic) : undefined;
    if (topic.length && !found) {
      io.stderr(`Unknown command "${topic.join(' ')}". Run "help" for the list.`);
      return EXIT.usage;
    }
    io.stdout(found ? `${found.command.summary}\n\nUsage: ${found.command.usage}` : helpText());
    return EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr(`Unknown command "${argv[0]}". Run "npm run -s station -- help" for the list.`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(found.rest, new Set(['json', ...(found.command.booleanFlags ?? [])]));
    return await found.command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\nUsage: ${found.command.usage}`);
      return EXIT.usage;
    }
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
