/**
 * `operators ...`: the people who sign in at this station. New PINs and passwords come from
 * STATION_NEW_OPERATOR_PIN or a no-echo prompt (twice) on a terminal, never from a flag. On a
 * station without operators, the first `operators add` needs no sign-in and creates an administrator.
 */
import { nameKey, ROLES, staffNameSchema, type OperatorView, type Role, type SignedInOperator } from '../../../shared/staff';
import { checked, flagBool, flagString, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command, type FlagSpec, type PositionalSpec } from '../command';
import { printJson, reportCliFailure } from '../context';
import { CONFIG_FLAGS, OPERATOR_FLAG } from '../flags';
import { NEW_OPERATOR_PIN_ENV, SignInRefused, withStaff } from '../operator';
import { StationFailure } from '../../services/failure';
import type { StaffService } from '../../services/staff/service';

const NAME: PositionalSpec = { name: 'NAME', help: "the operator's name (quote it if it has spaces)", required: true, orFlag: 'name' };
const NAME_FLAG: FlagSpec = { name: 'name', type: 'string', value: 'NAME', help: "The operator's name, as an option instead of NAME" };
const ROLE_FLAG: FlagSpec = {
  name: 'role',
  type: 'string',
  choices: ROLES,
  required: true,
  help: 'What they may do: clerk, supervisor or administrator',
};
const FLAGS: readonly FlagSpec[] = [OPERATOR_FLAG, ...CONFIG_FLAGS];

/** The operator the command is about: NAME, or --name NAME. */
function nameArg(args: ParsedArgs): string {
  const given = args.positionals[0];
  return given !== undefined
    ? checked(staffNameSchema, given, () => 'NAME')
    : checked(staffNameSchema, flagString(args, 'name'), () => '--name');
}

/** The new PIN or password: STATION_NEW_OPERATOR_PIN, or typed twice on a terminal. */
async function newSecret(io: CliIo, name: string): Promise<string> {
  const given = io.env[NEW_OPERATOR_PIN_ENV];
  if (given !== undefined && given !== '') return given;
  if (!io.askHidden) throw new SignInRefused(StationFailure.of('staff.cli-new-secret-missing', { name }).error);
  const first = await io.askHidden(`New PIN or password for ${name}: `);
  if (first === undefined) throw new SignInRefused(StationFailure.of('staff.cli-new-secret-missing', { name }).error);
  const again = await io.askHidden('The same again: ');
  if (again !== first) throw new SignInRefused(StationFailure.of('staff.secret-mismatch').error);
  return first;
}

function describe(view: OperatorView): string {
  const state = view.disabled ? 'disabled' : view.locked ? 'locked' : 'active';
  return `${view.name}  ${view.role}  ${view.secretKind}  ${state}${view.demo ? '  (demo account)' : ''}`;
}

/**
 * Runs a staff change on the station's database. What the person must fix (a weak PIN, a taken
 * name, the last administrator) exits 2 with the reason; anything else is reported as usual.
 */
function staffCommand(
  name: string,
  summary: string,
  extra: readonly FlagSpec[],
  change: (
    staff: StaffService,
    args: ParsedArgs,
    io: CliIo,
    operator: SignedInOperator | undefined,
  ) => Promise<{ view: OperatorView; said: string }>,
): Command {
  return {
    name: `operators ${name}`,
    summary,
    positionals: [NAME],
    flags: [...extra, NAME_FLAG, ...FLAGS],
    async run(args, io, operator) {
      try {
        const { view, said } = await withStaff(args, io, (staff) => change(staff, args, io, operator)).catch((err: unknown) => {
          if (err instanceof StationFailure && (err.error.code.startsWith('staff.') || err.error.code === 'station.forbidden'))
            throw new SignInRefused(err.error);
          throw err;
        });
        printJson(io, view);
        io.stderr(said);
        return EXIT.ok;
      } catch (err) {
        return reportCliFailure(err, args, io);
      }
    },
  };
}

const signedIn = (operator: SignedInOperator | undefined): SignedInOperator => {
  if (!operator) throw new Error('an operators command ran without a signed-in operator');
  return operator;
};

const add = staffCommand(
  'add',
  'Add an operator (the first one of a station must be an administrator and needs no sign-in)',
  [ROLE_FLAG],
  async (staff, args, io, operator) => {
    const name = nameArg(args);
    const role = flagString(args, 'role') as Role;
    if (staff.firstRun()) {
      if (role !== 'administrator') throw StationFailure.of('staff.first-operator-role');
      const view = await staff.createFirstAdministrator(name, await newSecret(io, name));
      return { view, said: `Added ${view.name}, the station's first administrator.` };
    }
    const view = await staff.addOperator(signedIn(operator), { name, role, secret: await newSecret(io, name) });
    return { view, said: `Added ${view.name} (${view.role}).` };
  },
);

const setRole = staffCommand(
  'set-role',
  'Change what an operator may do (a supervisor or administrator with a PIN is asked for a password)',
  [ROLE_FLAG],
  async (staff, args, io, operator) => {
    const name = nameArg(args);
    const role = flagString(args, 'role') as Role;
    const by = signedIn(operator);
    const view = await staff.setRole(by, { name, role }).catch(async (err: unknown) => {
      if (!(err instanceof StationFailure) || err.error.code !== 'staff.password-needed') throw err;
      io.stderr(`${name} signs in with a PIN; a ${role} needs a password of at least 10 characters.`);
      return staff.setRole(by, { name, role, secret: await newSecret(io, name) });
    });
    return { view, said: `${view.name} is now a ${view.role}.` };
  },
);

const disable = staffCommand(
  'disable',
  'Disable an operator (never deleted: the activity log keeps the name)',
  [],
  async (staff, args, _io, operator) => {
    const view = staff.disable(signedIn(operator), { name: nameArg(args) });
    return { view, said: `${view.name} is disabled and can no longer sign in.` };
  },
);

const enable = staffCommand(
  'enable',
  'Let a disabled operator sign in again, with the PIN or password they had (a lock after wrong tries stays: "operators unlock")',
  [],
  async (staff, args, _io, operator) => {
    const name = nameArg(args);
    const before = staff.listOperators().find((o) => nameKey(o.name) === nameKey(name));
    const view = staff.enable(signedIn(operator), { name });
    const said =
      before && !before.disabled
        ? `${view.name} is already active; nothing changed.`
        : `${view.name} is enabled and can sign in again with their old PIN or password.`;
    return {
      view,
      said: view.locked
        ? `${said} The account is still locked after wrong tries: a supervisor lifts that with "operators unlock ${view.name}".`
        : said,
    };
  },
);

const reset = staffCommand(
  'reset',
  'Give an operator a new PIN or password (also lifts a lock after wrong tries)',
  [],
  async (staff, args, io, operator) => {
    const name = nameArg(args);
    const view = await staff.resetSecret(signedIn(operator), { name, secret: await newSecret(io, name) });
    return { view, said: `${view.name} has a new ${view.secretKind === 'pin' ? 'PIN' : 'password'}.` };
  },
);

const unlock = staffCommand('unlock', 'Unlock an operator locked after too many wrong tries', [], async (staff, args, _io, operator) => {
  const view = staff.unlock(signedIn(operator), { name: nameArg(args) });
  return { view, said: `${view.name} is unlocked and can sign in again.` };
});

const list: Command = {
  name: 'operators list',
  summary: 'List the operators: name, role, PIN or password, active, locked or disabled',
  flags: FLAGS,
  async run(args, io) {
    try {
      const operators = await withStaff(args, io, async (staff) => staff.listOperators());
      if (flagBool(args, 'json')) printJson(io, operators);
      else
        io.stdout(
          operators.length
            ? operators.map(describe).join('\n')
            : 'No operators yet: "operators add NAME --role administrator" adds the first one.',
        );
      return EXIT.ok;
    } catch (err) {
      return reportCliFailure(err, args, io);
    }
  },
};

/** Operators: who may sign in, with which role. */
export const operatorCommands: Command[] = [list, add, setRole, disable, enable, reset, unlock];
