import type { ParsedArgs } from './args';

/** Exit codes every command follows. */
export const EXIT = { ok: 0, failed: 1, usage: 2, timeout: 3, operationFailed: 4 } as const;

export interface CliIo {
  /** Machine output: with --json exactly one JSON object (or array where documented) goes here. */
  stdout: (text: string) => void;
  /** Human messages. */
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user presses Ctrl-C (for long-running commands like `sandbox` and `emulate`). */
  interrupted: Promise<void>;
}

export interface Command {
  /** One or two words: `ports`, `config check`, `queue list`. */
  name: string;
  summary: string;
  usage: string;
  /** Flags that take no value (so `--json foo` does not swallow `foo`). */
  booleanFlags?: readonly string[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
