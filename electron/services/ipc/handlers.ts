import type { SignedInOperator } from '../../../shared/staff';
import { StationFailure } from '../failure';
import { checkResend, checkRetry, checkSubmit } from '../staff/request-rules';
import type { Station } from '../station';
import { deskOwnerId } from '../encoder/desk-holds';
import { holdingWindow, windowEncoderOwner } from './holding-window';
import { createDispatcher, type Dispatch, type HandlerContext, type Handlers } from './dispatcher';

/** The person the dispatcher let through: every record the request makes carries their name. */
function actor(ctx: HandlerContext): SignedInOperator {
  if (!ctx.operator) throw StationFailure.of('staff.sign-in-required');
  return ctx.operator;
}

/** Maps every channel of the contract onto the station's services. */
export function createHandlers(station: Station): Handlers {
  const { staff } = station;
  return {
    'station:status': () => station.status(),
    'station:ports': () => station.encoder.ports(),
    'encoder:read': (r, ctx) => station.encoder.read(r.timeoutMs, windowEncoderOwner(ctx.connection, actor(ctx), 'read')),
    'encoder:hold': (r, ctx) => station.encoder.hold(holdingWindow(ctx.connection), r, actor(ctx).name),
    'encoder:release': (r, ctx) => ({ released: station.encoder.releaseHold(holdingWindow(ctx.connection), r.holdId) }),
    'encoder:test': (r) => station.encoder.test(r),
    'encoder:simulate': (r) => station.encoder.simulate(r),
    'cards:find': (r) => station.registry.find(r),
    'cards:details': (r) => station.registry.details(r),
    'cloud:lookup': (r) => station.cloud.lookup(r),
    'cloud:macList': () => station.cloud.macList(),
    'cloud:testConnection': (r) => station.cloud.testConnection(r),
    'operations:submit': (r, ctx) => {
      checkSubmit(station, r, actor(ctx));
      return station.outbox.submit(r, actor(ctx).name);
    },
    'operations:list': (r) => station.outbox.list(r),
    'operations:get': (r) => station.outbox.get(r.id),
    'operations:retry': async (r, ctx) => {
      await checkRetry(station, r.id, actor(ctx));
      return station.outbox.retry(r.id, actor(ctx).name);
    },
    'operations:discard': (r, ctx) => station.outbox.discard(r.id, actor(ctx).name),
    'operations:resend': async (r, ctx) => {
      await checkResend(station, r.id, r.request, actor(ctx));
      return station.outbox.resend(r.id, r.request, actor(ctx).name);
    },
    'operations:drain': () => station.outbox.drain(),
    'audit:list': (r) => station.registry.auditList(r),
    'audit:exportCsv': (r) => station.registry.auditCsv(r),
    'audit:operators': () => station.registry.auditOperators(),
    'rooms:list': (r) => station.rooms.list(r),
    'rooms:resolve': (r) => station.rooms.resolve(r),
    'rooms:show': (r) => station.rooms.show(r),
    'rooms:doorLog': (r) => station.rooms.doorLog(r),
    'rooms:preview': (r) => station.rooms.preview(r),
    // The window's own hold on the encoder does not refuse its own card-on-encoder action.
    'rooms:action': (r, ctx) => station.rooms.act(r, actor(ctx).name, { encoderJob: deskOwnerId(ctx.connection) }),
    'rooms:actionGet': (r) => station.rooms.action(r.id),
    'rooms:actionWait': (r) => station.rooms.waitAction(r.id, r.timeoutMs),
    'rooms:import': (r, ctx) => station.rooms.importCsv(r, actor(ctx).name),
    'rooms:refresh': (_r, ctx) => station.rooms.refresh(actor(ctx).name),
    'cards:identify': (r) => station.rooms.identify(r),
    'cards:qrImage': (r) => station.rooms.qrImage(r),
    'cards:sendSmsAgain': (r, ctx) => station.rooms.sendSmsAgain(r, actor(ctx).name),
    'reports:rooms': (r) => station.rooms.report(r),
    'reports:roomsCsv': (r) => station.rooms.reportCsv(r),
    'settings:get': () => station.settings.get(),
    'settings:update': (r, ctx) => station.settings.update(r, actor(ctx).name),
    'settings:language': async (r, ctx) => ({
      language: (await station.settings.update({ language: r.language }, actor(ctx).name)).language,
    }),
    'session:state': (_r, ctx) => staff.view(ctx.connection),
    'session:signIn': (r, ctx) => staff.signIn(ctx.connection, r.name, r.secret),
    'session:firstAdministrator': (r, ctx) => staff.firstAdministrator(ctx.connection, r.name, r.secret),
    'session:lock': (_r, ctx) => staff.lock(ctx.connection),
    'session:signOut': (_r, ctx) => staff.signOut(ctx.connection),
    'session:activity': (_r, ctx) => staff.activity(ctx.connection),
    'operators:list': () => staff.listOperators(),
    'operators:add': (r, ctx) => staff.addOperator(actor(ctx), r),
    'operators:setRole': (r, ctx) => staff.setRole(actor(ctx), r),
    'operators:resetSecret': (r, ctx) => staff.resetSecret(actor(ctx), r),
    'operators:disable': (r, ctx) => staff.disable(actor(ctx), r),
    'operators:enable': (r, ctx) => staff.enable(actor(ctx), r),
    'operators:unlock': (r, ctx) => staff.unlock(actor(ctx), r),
    'pms:status': () => station.pms.status(),
  };
}

/** What a transport needs: the station's handlers behind the station's own permission check. */
export function stationDispatcher(station: Station): Dispatch {
  return createDispatcher(createHandlers(station), station.staff);
}
