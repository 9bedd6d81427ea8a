import { useEffect, useState } from 'react';
import type { RoomDetails } from '../../../../shared/domain/rooms';
import type { StationError } from '../../../../shared/errors/types';
import { asStationError } from '../../api/errors';
import { call } from '../../api/station';
import { useOperations } from '../../store/operations';
import { useRooms } from '../../store/rooms';

/**
 * A room's page data, reloaded whenever main reports a change of the room (an operation accepted
 * or settled, an action step moving), so a card reported lost never still reads "active".
 */
export function useRoomDetails(room: string) {
  const [details, setDetails] = useState<RoomDetails | null>(null);
  const [error, setError] = useState<StationError | null>(null);
  const key = details?.room.key;
  const roomVersion = useRooms((s) => (key ? (s.roomVersion[key] ?? 0) : 0));
  const opsVersion = useOperations((s) => s.version);
  const [manual, setManual] = useState(0);

  useEffect(() => {
    let stale = false;
    // Events come in bursts (accepted, sending, done): one reload for the burst.
    const timer = setTimeout(
      () => {
        call('rooms:show', { room })
          .then((d) => {
            if (stale) return;
            setDetails(d);
            setError(null);
          })
          .catch((err) => !stale && setError(asStationError(err)));
      },
      details ? 150 : 0,
    );
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `details` only decides the delay of the first load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [room, roomVersion, opsVersion, manual]);

  return { details, error, reload: () => setManual((n) => n + 1) };
}
