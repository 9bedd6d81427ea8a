/**
 * The CLI acts as an operator too: a command that changes the station (CLI_ACCESS in
 * shared/permissions.ts) needs `--operator NAME`, checked with the PIN or password from
 * STATION_OPERATOR_PIN (or a no-echo prompt on a terminal) against the same operators, slowdown,
 * lockout and role table as the window. Read-only commands need none.
 */
import { describeError, type ErrorCode, type StationError } from '../../shared/errors';
import { allows, CLI_ACCESS, READ_ONLY } from '../../shared/permissions';
import { staffNameSchema, type SignedInOperator } from '../../shared/staff';
import { UsageError, checked, flagString, type ParsedArgs } from './args';
import type { CliIo, Command } from './command';
import { loadCliConfig } from './context';
import { ensureWritableDataDir } from '../services/config';
import { StationFailure } from '../services/failure';
import { silentLogger } from '../services/logging/logger';
import { forbidden, StaffService } from '../services/staff/service';
import { openStationData } from '../services/store/station-data';

/** Environment variables the CLI reads secrets of people from (never flags: they would show in `ps`). */
export const OPERATOR_PIN_ENV = 'STATION_OPERATOR_PIN';
export const NEW_OPERATOR_PIN_ENV = 'STATION_NEW_OPERATOR_PIN';

/** A refused sign-in: exit 2 with the reason and what to do, without the command's usage lines. */
export class SignInRefused extends UsageError {
  constructor(error: StationError) {
    const { text, action } = describeError(error, 'en');
    super(action ? `${text} ${action}` : text, error);
    this.name = 'SignInRefused';
  }
}

function refused(code: ErrorCode, params?: Record<string, string | number>): SignInRefused {
  return new SignInRefused(StationFailure.of(code, params).error);
}

/** The operators of the station the command's config names, on its database, for the length of `fn`. */
export async function withStaff<T>(args: ParsedArgs, io: Pick<CliIo, 'env'>, fn: (staff: StaffService) => Promise<T>): Promise<T> {
  const { config, dataDir } = loadCliConfig(args, io);
  ensureWritableDataDir(dataDir);
  // Operators added or changed here are the hotel's when the desk is in a site: their facts are recorded.
  const data = openStationData({ dataDir }, { recordFacts: Boolean(config.site) });
  try {
    const staff = new StaffService({
      store: data.operators,
      audit: (entry) => data.audit.append(entry),
      getConfig: () => config,
      log: silentLogger,
    });
    try {
      return await fn(staff);
    } finally {
      staff.close();
    }
  } finally {
    data.close();
  }
}

/** A secret from the environment variable, else asked on the terminal; undefined when neither is there. */
export async function secretFrom(io: Pick<CliIo, 'env' | 'askHidden'>, env: string, question: string): Promise<string | undefined> {
  const given = io.env[env];
  if (given !== undefined && given !== '') return given;
  return io.askHidden ? io.askHidden(question) : undefined;
}

/**
 * Who runs `command`: undefined for read-only commands (and for the first `operators add` on a
 * station without operators, which creates the first administrator); otherwise the signed-in
 * operator with a role the table allows, or a SignInRefused (exit 2) saying why.
 */
export async function signInForCommand(command: Command, args: ParsedArgs, io: CliIo): Promise<SignedInOperator | undefined> {
  const access = CLI_ACCESS[command.name];
  if (access === undefined) throw new Error(`"${command.name}" has no entry in CLI_ACCESS (shared/permissions.ts)`);
  if (access === READ_ONLY) return undefined;
  if (!args.declared.has('operator')) throw new Error(`"${command.name}" changes the station but does not declare --operator`);
  const given = flagString(args, 'operator');
  return withStaff(args, io, async (staff) => {
    if (command.name === 'operators add' && staff.firstRun()) return undefined;
    if (given === undefined) throw refused('staff.cli-operator-required', { command: command.name });
    const name = checked(staffNameSchema, given, () => '--operator');
    const secret = await secretFrom(io, OPERATOR_PIN_ENV, `PIN or password for ${name}: `);
    if (secret === undefined) throw refused('staff.cli-secret-missing', { name });
    let operator: SignedInOperator;
    try {
      operator = await staff.authenticate(name, secret);
    } catch (err) {
      if (err instanceof StationFailure) throw new SignInRefused(err.error);
      throw err;
    }
    if (!allows(access, operator.role))
      throw new SignInRefused(forbidden(operator.role, access as Exclude<typeof access, typeof READ_ONLY>).error);
    return operator;
  });
}

/** The name every record of a command carries: the operator runCli signed in with --operator. */
export function nameOf(operator: SignedInOperator | undefined): string {
  if (!operator) throw new Error('a command that changes the station ran without a signed-in operator');
  return operator.name;
}
