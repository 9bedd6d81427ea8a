import type { SignedInOperator } from '../../shared/staff';
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
  /**
   * Asks on the terminal without echoing what is typed (a PIN, a password); undefined when there is
   * no terminal to ask on, and the answer is undefined when the person gave up (Ctrl-C, Ctrl-D).
   */
  askHidden?: (question: string) => Promise<string | undefined>;
}

/**
 * One `--flag` of a command. Parsing, validation, "did you mean" and `help COMMAND` all come from
 * this declaration, so a command cannot accept a flag it does not document (or ignore one).
 */
export interface FlagSpec {
  name: string;
  /**
   * `boolean`: a switch, no value. `string`: one value (from `choices` when given). `integer`: a
   * whole number from `min` to `max`. `list`: comma-separated values (each from `choices` when given).
   */
  type: 'boolean' | 'string' | 'integer' | 'list';
  /** What the value is, in the usage line: FILE, MS, N. */
  value?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Refused when missing (flags needed only in some cases are checked by the command). */
  required?: boolean;
  help: string;
}

/** A word after the command name: `queue retry ID`, `emulate pn532`. */
export interface PositionalSpec {
  name: string;
  help: string;
  required?: boolean;
  choices?: readonly string[];
  /** Takes every remaining word (`cards find QUERY...`). */
  variadic?: boolean;
  /**
   * The same value may be given as this declared string flag instead (`operators enable --name Li`);
   * `required` then asks for one of the two, and both at once are refused.
   */
  orFlag?: string;
}

export interface ArgsSpec {
  flags: readonly FlagSpec[];
  positionals?: readonly PositionalSpec[];
}

export interface Command extends ArgsSpec {
  /** One or two words: `ports`, `config check`, `queue list`. */
  name: string;
  summary: string;
  /** Extra lines for `help COMMAND` (what the flags cannot say on their own). */
  notes?: string;
  /**
   * `operator` is who signed in with `--operator` (commands that change the station, see
   * shared/permissions.ts CLI_ACCESS); runCli checks it before calling run.
   */
  run(args: ParsedArgs, io: CliIo, operator?: SignedInOperator): Promise<number>;
}
