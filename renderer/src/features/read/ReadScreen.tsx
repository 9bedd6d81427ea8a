import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardRead } from '../../../../shared/domain/encoder';
import type { CloudLookup } from '../../../../shared/domain/lookup';
import type { CardDetails } from '../../../../shared/domain/registry';
import type { StationError } from '../../../../shared/errors/types';
import { asStationError } from '../../api/errors';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../components/format';
import { useCard } from '../../store/card';
import { CardRecordView, HistoryList } from '../shared/CardRecordView';
import { useAsync } from '../shared/useAsync';
import { useCardOnEncoder } from '../shared/useCardOnEncoder';
import { useKeyboardWedge } from './useKeyboardWedge';

/** Which live lookup fits the card: QR card number, Tuya lock card, or nothing to ask. */
function lookupRequestFor(details: CardDetails | null) {
  const c = details?.card;
  if (!c) return null;
  if (c.provider === 'tuya' && c.deviceId && c.lockCardId) {
    return { provider: 'tuya' as const, deviceId: c.deviceId, lockCardId: c.lockCardId };
  }
  if (c.provider === 'uclbrt' && c.cardNo) return { provider: 'uclbrt' as const, cardNo: c.cardNo };
  return null;
}

function CloudLookupView({ lookup }: { lookup: CloudLookup }) {
  const { t, i18n } = useTranslation();
  const label = (k: string) => (i18n.exists(`resultFields.${k}`) ? t(`resultFields.${k}` as 'resultFields.cardNo') : k);
  if (!lookup.found) return <p>{t('read.cloudNotFound', { provider: t(`providers.${lookup.provider}`) })}</p>;
  return (
    <dl className="record" aria-label={t('read.cloudRegion')}>
      {lookup.status && (
        <div>
          <dt>{t('card.status')}</dt>
          <dd>{lookup.status}</dd>
        </div>
      )}
      {lookup.validFrom && (
        <div>
          <dt>{t('card.validFrom')}</dt>
          <dd>{lookup.validFrom.replace('T', ' ')}</dd>
        </div>
      )}
      {lookup.validTo && (
        <div>
          <dt>{t('card.validTo')}</dt>
          <dd>{lookup.validTo.replace('T', ' ')}</dd>
        </div>
      )}
      {Object.entries(lookup.fields).map(([k, v]) => (
        <div key={k}>
          <dt>{label(k)}</dt>
          <dd>{typeof v === 'boolean' ? t(v ? 'resultFields.yes' : 'resultFields.no') : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function ReadScreen() {
  const { t, i18n } = useTranslation();
  const [card, setCard] = useState<CardRead | null>(null);
  const [details, setDetails] = useState<CardDetails | null>(null);
  const [detailsError, setDetailsError] = useState<StationError | null>(null);
  const [lookup, setLookup] = useState<CloudLookup | null>(null);
  const [lookupError, setLookupError] = useState<StationError | null>(null);
  const present = useCard((s) => s.present);
  const wait = useAsync();

  const openCard = (c: CardRead) => {
    setCard(c);
    setDetails(null);
    setDetailsError(null);
    setLookup(null);
    setLookupError(null);
  };
  useCardOnEncoder(openCard);
  useKeyboardWedge((serialNum) =>
    openCard({ serialNum, uid: serialNum, cardType: 'keyboard-wedge', driver: 'hid', at: new Date().toISOString() }),
  );

  useEffect(() => {
    if (!card) return;
    let stale = false;
    call('cards:details', { serialNum: card.serialNum })
      .then(async (d) => {
        if (stale) return;
        setDetails(d);
        const req = lookupRequestFor(d);
        if (!req) return;
        try {
          const l = await call('cloud:lookup', req);
          if (!stale) setLookup(l);
        } catch (err) {
          if (!stale) setLookupError(asStationError(err));
        }
      })
      .catch((err) => !stale && setDetailsError(asStationError(err)));
    return () => {
      stale = true;
    };
  }, [card]);

  return (
    <>
      <h1 tabIndex={-1}>{t('read.title')}</h1>
      {!card && <p className="lead">{t('read.placeCard')}</p>}
      <div className="actions">
        <button type="button" disabled={wait.busy} onClick={() => void wait.run(async () => openCard(await call('encoder:read', { timeoutMs: 15_000 })))}>
          {wait.busy ? t('read.waiting') : t('read.wait')}
        </button>
      </div>
      <ErrorNotice error={wait.error} />
      {card && (
        <section aria-label={t('read.cardRegion')} className="card-panel" data-testid="card-read">
          <h2>
            {t('read.serialNum')}: <span className="mono" data-testid="serial-num">{card.serialNum}</span>
          </h2>
          <p>
            {t('read.details', { uid: card.uid, type: card.cardType, time: formatDateTime(card.at, i18n.language) })}{' '}
            {present ? t('read.onEncoder') : t('read.removed')}
          </p>
          <section aria-labelledby="read-registry">
            <h3 id="read-registry">{t('read.registry')}</h3>
            <ErrorNotice error={detailsError} />
            {details && (details.card ? <CardRecordView card={details.card} /> : <p>{t('read.unknownCard')}</p>)}
            {details && details.history.length > 0 && <HistoryList history={details.history} />}
          </section>
          <section aria-labelledby="read-cloud">
            <h3 id="read-cloud">{t('read.cloud')}</h3>
            <ErrorNotice error={lookupError} />
            {lookup ? (
              <CloudLookupView lookup={lookup} />
            ) : (
              !lookupError && details && <p>{lookupRequestFor(details) ? t('common.loading') : t('read.noLookup')}</p>
            )}
          </section>
        </section>
      )}
    </>
  );
}
