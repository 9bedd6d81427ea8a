import { useTranslation } from 'react-i18next';
import { useEscape } from '../../components/escape';
import { useNav } from '../../store/nav';
import { RoomPage } from './RoomPage';
import { RoomsList } from './RoomsList';

/** Rooms by floor with their state; a room opens on its own page with its cards and actions. */
export default function RoomsScreen() {
  const { t } = useTranslation();
  const intent = useNav((s) => s.room);
  const openRoom = useNav((s) => s.openRoom);
  useEscape(() => {
    if (!intent) return false;
    openRoom(null);
    return true;
  });
  if (intent) return <RoomPage key={`${intent.room}-${intent.panel ?? ''}-${intent.serialNum ?? ''}`} intent={intent} />;
  return (
    <>
      <h1 tabIndex={-1}>{t('rooms.title')}</h1>
      <RoomsList />
    </>
  );
}
