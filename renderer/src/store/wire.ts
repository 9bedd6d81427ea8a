/** Feeds every store from main's events, once, and refetches what a reconnect may have missed. */
import { onEvent } from '../api/station';
import { useCard } from './card';
import { useConnection } from './connection';
import { useOperations } from './operations';
import { useProgress } from './progress';
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
    onEvent('room:updated', (r) => useRooms.getState().roomUpdated(r)),
    onEvent('rooms:changed', () => useRooms.getState().directoryChanged()),
    onEvent('room-action:updated', (a) => useRooms.getState().actionUpdated(a)),
  ];
  let lastGeneration = -1;
  const refetch = () => {
    const { state, generation } = useConnection.getState();
    if (state !== 'open' || generation === lastGeneration) return;
    lastGeneration = generation;
    void useStatus.getState().refresh();
    void useSettings.getState().load();
  };
  offs.push(useConnection.subscribe(refetch));
  refetch();
  return () => offs.forEach((off) => off());
}
