import { stationError } from '../../../shared/errors';
import { fromZodError } from '../../../shared/errors/from-zod';
import { channels, type Channel, type IpcResult, type RequestOf, type ResponseOf } from '../../../shared/ipc/contract';
import { CHANNEL_ACCESS, type ChannelAccess } from '../../../shared/permissions';
import type { SignedInOperator } from '../../../shared/staff';
import { toStationError } from '../failure';
import type { StaffConnection } from '../staff/connection';

export interface HandlerContext {
  /** Whether the transport established that the request comes from the station's own renderer. */
  senderTrusted: boolean;
  /** The window or harness socket the request came on: its session says who is signed in. */
  connection: StaffConnection;
  /** Who makes the request, set by the dispatcher after the permission check (absent only on sign-in channels). */
  operator?: SignedInOperator;
}

/** The permission check the dispatcher runs before every request (the StaffService). */
export interface RequestGate {
  authorize(connection: StaffConnection, access: ChannelAccess): SignedInOperator | undefined;
}

/** One handler per channel: leaving one out is a compile error. */
export type Handlers = {
  [C in Channel]: (request: RequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export type Dispatch = (channel: string, rawRequest: unknown, ctx: HandlerContext) => Promise<IpcResult<unknown>>;

function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/**
 * The single entry point both transports (Electron ipcMain, loopback WebSocket) call: it checks the
 * sender, then who is signed in on the connection against the permission table (shared/permissions.ts),
 * validates the request against the contract's schema and wraps the answer. It never throws.
 */
export function createDispatcher(handlers: Handlers, gate: RequestGate): Dispatch {
  return async (name, rawRequest, ctx) => {
    if (!ctx.senderTrusted) return { ok: false, error: stationError('station.forbidden-sender') };
    if (!isChannel(name)) return { ok: false, error: stationError('station.validation', { detail: `unknown channel ${name}` }) };
    let operator: SignedInOperator | undefined;
    try {
      operator = gate.authorize(ctx.connection, CHANNEL_ACCESS[name]);
    } catch (err) {
      return { ok: false, error: toStationError(err) };
    }
    const parsed = channels[name].request.safeParse(rawRequest ?? {});
    if (!parsed.success) return { ok: false, error: fromZodError(parsed.error, channels[name].request) };
    try {
      const handler = handlers[name] as (request: unknown, ctx: HandlerContext) => unknown;
      const data = await handler(parsed.data, { ...ctx, operator });
      return { ok: true, data };
    } catch (err) {
      return { ok: false, error: toStationError(err) };
    }
  };
}
