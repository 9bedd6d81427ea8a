/**
 * Signing in for tests, the way a window does: a connection on the station, signed in through the
 * station's own sign-in (the same hashing, slowdown and permission table). Demo stations use the
 * demo accounts (the clerk `demo` by default); live stations get test operators, the first one an
 * administrator created as a first run would.
 */
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

export type Invoke = <C extends Channel>(channel: C, request: RequestInputOf<C> | Record<string, unknown>) => Promise<IpcResult<ResponseOf<C>>>;

/** Calls channels as the renderer does, through the dispatcher, signed in as `role`. */
export async function signedInInvoke(station: Station, role: Role = 'clerk'): Promise<Invoke & { dispatch: Dispatch; ctx: HandlerContext }> {
  const ctx = await signedInContext(station, role);
  const dispatch = createDispatcher(createHandlers(station), station.staff);
  const invoke = ((channel: string, request: unknown) => dispatch(channel, request, ctx)) as Invoke;
  return Object.assign(invoke, { dispatch, ctx });
}
