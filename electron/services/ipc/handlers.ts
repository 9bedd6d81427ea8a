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
    'settings:get': () => station.settings.get(),
    'settings:update': (r) => station.settings.update(r, operator()),
    'pms:status': () => station.pms.status(),
  };
}
