/** Feeds every store from main's events, once, and refetches what a reconnect may have missed. */
import { onEvent } from '../api/station';
import { useCard } from './card';
import { useConnection } from './connection';
import { useOperations } from './operations';
import { useNav } from './nav';
import { useProgress } from './progress';
import { isActive, useSession } from './session';
import { useRooms } from './rooms';
import { useSettings } from './settings';
import { useStatus } from './status';

export function wireStores(): () => void {
  const offs = [
    onEvent('station:status', (s) => useStatus.getState().apply(s)),
    onEvent('encoder:card', (c) => useCard.getState().placed(c)),
    onEvent('encoder:card-removed', (r) => useCard.getState().removed(r.uid)),
    onEvent('operation:updated', (op) => useOperations.getState().upsert(op)),
    onEvent('progress', (p) => useProgress.getState().update(p)),
    onEvent('session:changed', (v) => useSession.getState().apply(v)),
    onEvent('room:updated', (r) => useRooms.getState().roomUpdated(r)),
    onEvent('rooms:changed', () => useRooms.getState().directoryChanged()),
    onEvent('room-action:updated', (a) => useRooms.getState().actionUpdated(a)),
  ];
  // A new person (or nobody) at the window: what the last one saw goes; settings come again once someone may read them.
  let lastEpoch: number | undefined;
  let wasActive = false;
  offs.push(
    useSession.subscribe(({ view }) => {
      if (!view) return;
      if (lastEpoch !== undefined && view.epoch !== lastEpoch) {
        useCard.getState().reset();
        useOperations.getState().reset();
        useNav.getState().reset();
      }
      const active = isActive(view);
      if (active && (!wasActive || view.epoch !== lastEpoch)) void useSettings.getState().load();
      lastEpoch = view.epoch;
      wasActive = active;
    }),
  );
  let lastGeneration = -1;
  const refetch = () => {
    const { state, generation } = useConnection.getState();
    if (state !== 'open' || generation === lastGeneration) return;
    lastGeneration = generation;
    void useStatus.getState().refresh();
    // A new connection is a new session (signed out): the session view decides what loads next.
    void useSession.getState().load();
  };
  offs.push(useConnection.subscribe(refetch));
  refetch();
  return () => offs.forEach((off) => off());
}
