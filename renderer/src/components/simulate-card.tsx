import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationError } from '../../../shared/errors/types';
import { asStationError } from '../api/errors';
import { call } from '../api/station';
import { ErrorNotice } from './error-notice';

function randomUid(): string {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** Demo and training: put a card on the simulated encoder, or take it off. */
export function SimulateCard() {
  const { t } = useTranslation();
  const [uid, setUid] = useState('');
  const [error, setError] = useState<StationError | null>(null);

  const act = async (action: 'place' | 'remove') => {
    setError(null);
    try {
      const wanted = uid.trim();
      await call('encoder:simulate', action === 'place' ? { action, uid: wanted || randomUid() } : { action });
    } catch (err) {
      setError(asStationError(err));
    }
  };

  return (
    <section aria-label={t('simulate.region')} className="simulate">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act('place');
        }}
      >
        <label htmlFor="simulate-uid">{t('simulate.uid')}</label>
        <input
          id="simulate-uid"
          value={uid}
          placeholder={t('simulate.uidPlaceholder')}
          onChange={(e) => setUid(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit">{t('simulate.place')}</button>
        <button type="button" onClick={() => void act('remove')}>
          {t('simulate.remove')}
        </button>
      </form>
      <ErrorNotice error={error} />
    </section>
  );
}
