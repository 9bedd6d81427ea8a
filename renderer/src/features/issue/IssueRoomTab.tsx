import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomSummary } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { Field } from '../../components/form';
import { useErrorText } from '../../components/ErrorNotice';
import { NewCardPanel, StoppingCards } from '../rooms/RoomActionPanels';
import { stateText } from '../rooms/roomWords';
import { useRoomDetails } from '../rooms/useRoomDetails';
import { useAsync } from '../shared/useAsync';

/** The chosen room: its state and active cards, then New key or Duplicate key. */
function ChosenRoom({ room, onChange }: { room: string; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const render = useErrorText();
  const { details } = useRoomDetails(room);
  const [mode, setMode] = useState<'new-stay' | 'duplicate' | null>(null);
  if (!details) return <p role="status">{t('common.loading')}</p>;
  const r = details.room;
  const duplicate = details.available.find((a) => a.action === 'duplicate');
  return (
    <section className="card-panel" aria-label={t('issue.chosenRoom', { room: r.displayName })} data-testid="chosen-room">
      <p className="lead">
        <strong>{t('target.room', { room: r.displayName })}</strong>
        {t('punct.sep')}
        {stateText(r, t, i18n.language)}
      </p>
      {details.cards.length > 0 && (
        <>
          <p>{t('issue.activeCards', { count: details.cards.length })}</p>
          <StoppingCards cards={details.cards} />
        </>
      )}
      <div className="actions" role="group" aria-label={t('issue.keyMode')}>
        <button type="button" className="primary" aria-pressed={mode === 'new-stay'} onClick={() => setMode('new-stay')} autoFocus>
          {t('issue.newKey')}
        </button>
        <button type="button" aria-pressed={mode === 'duplicate'} disabled={!duplicate?.allowed} onClick={() => setMode('duplicate')}>
          {t('issue.duplicateKey')}
        </button>
        <button type="button" onClick={onChange}>
          {t('issue.otherRoom')}
        </button>
      </div>
      {duplicate && !duplicate.allowed && duplicate.reason && <p className="hint">{render(duplicate.reason).text}</p>}
      {mode && <NewCardPanel key={mode} details={details} mode={mode} onClose={() => setMode(null)} />}
    </section>
  );
}

/** Issue from a room: the room comes from the directory, so a room that does not exist is refused before anything is queued. */
export function IssueRoomTab({ initialRoom }: { initialRoom?: string }) {
  const { t } = useTranslation();
  const render = useErrorText();
  const [text, setText] = useState(initialRoom ?? '');
  const [room, setRoom] = useState<string | null>(null);
  const [names, setNames] = useState<RoomSummary[]>([]);
  const [error, setError] = useState<string | undefined>();
  const resolve = useAsync();
  useEffect(() => {
    call('rooms:list', {})
      .then((l) => setNames(l.items))
      .catch(() => {});
  }, []);
  const choose = async () => {
    if (!text.trim()) return setError('is required');
    setError(undefined);
    const r = await resolve.run(() => call('rooms:resolve', { room: text.trim() }));
    if (r) setRoom(r.key);
  };
  return (
    <>
      <form
        aria-label={t('issue.roomTab')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void choose();
        }}
      >
        <datalist id="directory-rooms">
          {names.map((n) => (
            <option key={n.key} value={n.displayName} />
          ))}
        </datalist>
        <Field label={t('issue.room')} error={error ?? (resolve.error ? render(resolve.error).text : undefined)} hint={t('issue.roomHint')}>
          {(a) => (
            <input
              {...a}
              list="directory-rooms"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setRoom(null);
              }}
              autoComplete="off"
              spellCheck={false}
              autoFocus
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={resolve.busy}>
            {t('issue.chooseRoom')}
          </button>
        </div>
      </form>
      {room && <ChosenRoom key={room} room={room} onChange={() => setRoom(null)} />}
    </>
  );
}
