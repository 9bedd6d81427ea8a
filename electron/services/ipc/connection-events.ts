import { EVENT_ACCESS } from '../../../shared/permissions';
import type { EventName } from '../../../shared/ipc/contract';
import type { StationEvents } from '../events';
import type { StaffConnection } from '../staff/connection';
import type { StaffService } from '../staff/service';

/**
 * Forwards to one connection the station's events its session may see (shared/permissions.ts
 * EVENT_ACCESS: a locked or signed-out window gets the status, never a card or an operation), and
 * that connection's own session changes. Returns a function that stops it.
 */
export function forwardEventsTo(
  station: { events: StationEvents; staff: StaffService },
  connection: StaffConnection,
  send: (event: EventName, payload: unknown) => void,
): () => void {
  const offStation = station.events.onAny((event, payload) => {
    if (station.staff.mayReceive(connection, EVENT_ACCESS[event])) send(event, payload);
  });
  const offSession = connection.onChange((view) => send('session:changed', view));
  return () => {
    offStation();
    offSession();
  };
}
