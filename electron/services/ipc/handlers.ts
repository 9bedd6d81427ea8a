import type { Station } from '../station';
import type { Handlers } from './dispatcher';

/** Maps every channel of the contract onto the station's services. */
export function createHandlers(station: Station): Handlers {
  const operator = () => station.operatorName();
  return {
    'station:status': () => station.status(),
    'station:ports': () => station.encoder.ports(),
    'encoder:read': (r) => station.encoder.read(r.timeoutMs),
    'encoder:test': (r) => station.encoder.test(r),
    'encoder:simulate': (r) => station.encoder.simulate(r),
    'cards:find': (r) => station.registry.find(r),
    'cards:details': (r) => station.registry.details(r),
    'cloud:lookup': (r) => station.cloud.lookup(r),
    'cloud:macList': () => station.cloud.macList(),
    'cloud:testConnection': (r) => station.cloud.testConnection(r),
    'operations:submit': (r) => station.outbox.submit(r, operator()),
    'operations:list': (r) => station.outbox.list(r),
    'operations:get': (r) => station.outbox.get(r.id),
    'operations:retry': (r) => station.outbox.retry(r.id, operator()),
    'operations:discard': (r) => station.outbox.discard(r.id, operator()),
    'operations:resend': (r) => station.outbox.resend(r.id, r.request, operator()),
    'operations:drain': () => station.outbox.drain(),
    'audit:list': (r) => station.registry.auditList(r),
    'audit:exportCsv': (r) => station.registry.auditCsv(r),
    'rooms:list': (r) => station.rooms.list(r),
    'rooms:resolve': (r) => station.rooms.resolve(r),
    'rooms:show': (r) => station.rooms.show(r),
    'rooms:doorLog': (r) => station.rooms.doorLog(r),
    'rooms:preview': (r) => station.rooms.preview(r),
    'rooms:action': (r) => station.rooms.act(r, operator()),
    'rooms:actionGet': (r) => station.rooms.action(r.id),
    'rooms:actionWait': (r) => station.rooms.waitAction(r.id, r.timeoutMs),
    'rooms:import': (r) => station.rooms.importCsv(r, operator()),
    'rooms:refresh': () => station.rooms.refresh(operator()),
    'cards:identify': (r) => station.rooms.identify(r),
    'cards:qrImage': (r) => station.rooms.qrImage(r),
    'cards:sendSmsAgain': (r) => station.rooms.sendSmsAgain(r, operator()),
    'reports:rooms': (r) => station.rooms.report(r),
    'reports:roomsCsv': (r) => station.rooms.reportCsv(r),
    'settings:get': () => station.settings.get(),
    'settings:update': (r) => station.settings.update(r, operator()),
  };
}
