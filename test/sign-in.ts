/**
 * Signing in for tests, the way a window does: a connection on the station, signed in through the
 * station's own sign-in (the same hashing, slowdown and permission table). Demo stations use the
 * demo accounts (the clerk `demo` by default); live stations get test operators, the first one an
 * administrator created as a first run would.
 */
import { readFileSync } from 'node:fs';
import { CLI_ACCESS, READ_ONLY } from '../shared/permissions';
import { DEMO_ACCOUNTS, type Role } from '../shared/staff';
import type { Channel, IpcResult, RequestInputOf, ResponseOf } from '../shared/ipc/contract';
import { createDispatcher, type Dispatch, type HandlerContext } from '../electron/services/ipc/dispatcher';
import { createHandlers } from '../electron/services/ipc/handlers';
import type { Station } from '../electron/services/station';

/** The operators a live test station gets (demo stations use DEMO_ACCOUNTS). */
export const TEST_OPERATORS: Readonly<Record<Role, { name: string; secret: string }>> = {
  clerk: { name: 'test-clerk', secret: '2468' },
  supervisor: { name: 'test-supervisor', secret: 'supervise-tests' },
  administrator: { name: 'test-administrator', secret: 'administer-tests' },
};

/** The name and secret to sign in as `role` on this station, creating a live test operator when needed. */
export async function accountFor(station: Station, role: Role): Promise<{ name: string; secret: string }> {
  if (station.config.mode === 'demo') return DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const admin = TEST_OPERATORS.administrator;
  if (station.staff.firstRun()) await station.staff.createFirstAdministrator(admin.name, admin.secret);
  const wanted = TEST_OPERATORS[role];
  if (!station.staff.listOperators().some((o) => o.name === wanted.name)) {
    const by = await station.staff.authenticate(admin.name, admin.secret);
    await station.staff.addOperator(by, { name: wanted.name, role, secret: wanted.secret });
  }
  return wanted;
}

/** A handler context for a new connection signed in as `role`. */
export async function signedInContext(station: Station, role: Role = 'clerk'): Promise<HandlerContext> {
  const connection = station.staff.connect(`test-${role}`);
  const { name, secret } = await accountFor(station, role);
  await station.staff.signIn(connection, name, secret);
  return { senderTrusted: true, connection };
}

/** A connection that never signed in. */
export function signedOutContext(station: Station): HandlerContext {
  return { senderTrusted: true, connection: station.staff.connect('test-signed-out') };
}

export type Invoke = <C extends Channel>(
  channel: C,
  request: RequestInputOf<C> | Record<string, unknown>,
) => Promise<IpcResult<ResponseOf<C>>>;

/** Calls channels as the renderer does, through the dispatcher, signed in as `role`. */
export async function signedInInvoke(
  station: Station,
  role: Role = 'clerk',
): Promise<Invoke & { dispatch: Dispatch; ctx: HandlerContext }> {
  const ctx = await signedInContext(station, role);
  const dispatch = createDispatcher(createHandlers(station), station.staff);
  const invoke = ((channel: string, request: unknown) => dispatch(channel, request, ctx)) as Invoke;
  return Object.assign(invoke, { dispatch, ctx });
}

// ---------------------------------------------------------------------------------------------
// The command line

export type CliRun = (env: Record<string, string>, ...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

/** The CLI command `argv` starts with, as CLI_ACCESS names it (one or two words). */
export function cliCommandName(argv: readonly string[]): string | undefined {
  const two = argv.slice(0, 2).join(' ');
  if (CLI_ACCESS[two] !== undefined) return two;
  return CLI_ACCESS[argv[0] ?? ''] !== undefined ? argv[0] : undefined;
}

/**
 * `argv` and `env` to run a command as `account`: `--operator NAME` and STATION_OPERATOR_PIN are
 * added only to commands that change the station (and not when the test names an operator itself).
 */
export function asOperator(
  argv: readonly string[],
  env: Record<string, string>,
  account: { name: string; secret: string },
): { argv: string[]; env: Record<string, string> } {
  const name = cliCommandName(argv);
  if (!name || CLI_ACCESS[name] === READ_ONLY || argv.includes('--operator')) return { argv: [...argv], env };
  return { argv: [...argv, '--operator', account.name], env: { ...env, STATION_OPERATOR_PIN: account.secret } };
}

const liveOperatorsReady = new Set<string>();

/**
 * The account to run CLI commands as `role` on the station `env` configures: a demo account on a
 * demo station; on a live one the test operators, added the first time through `operators add`
 * (the first one an administrator, without sign-in, as IT sets a station up).
 */
export async function cliAccount(
  run: CliRun,
  env: Record<string, string>,
  role: Role = 'clerk',
): Promise<{ name: string; secret: string }> {
  const configPath = env.STATION_CONFIG;
  // A demo station (no config file, or one in demo mode) has the demo accounts.
  const live = Boolean(configPath) && (JSON.parse(readFileSync(configPath, 'utf8')) as { mode?: string }).mode === 'live';
  if (!live) return DEMO_ACCOUNTS.find((a) => a.role === role)!;
  if (!liveOperatorsReady.has(configPath)) {
    const admin = TEST_OPERATORS.administrator;
    const first = await run({ ...env, STATION_NEW_OPERATOR_PIN: admin.secret }, 'operators', 'add', admin.name, '--role', 'administrator');
    if (first.code !== 0) throw new Error(`could not add the first administrator: ${first.err}`);
    for (const r of ['clerk', 'supervisor'] as const) {
      const added = await run(
        { ...env, STATION_OPERATOR_PIN: admin.secret, STATION_NEW_OPERATOR_PIN: TEST_OPERATORS[r].secret },
        'operators',
        'add',
        TEST_OPERATORS[r].name,
        '--role',
        r,
        '--operator',
        admin.name,
      );
      if (added.code !== 0) throw new Error(`could not add ${TEST_OPERATORS[r].name}: ${added.err}`);
    }
    liveOperatorsReady.add(configPath);
  }
  return TEST_OPERATORS[role];
}
