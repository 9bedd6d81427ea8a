import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardRead } from '../../../../shared/domain/encoder';
import type { CloudLookup } from '../../../../shared/domain/lookup';
import type { CardDetails } from '../../../../shared/domain/registry';
import type { StationError } from '../../../../shared/errors/types';
import { asStationError } from '../../api/errors';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/ErrorNotice';
import { roomText } from '../../components/describe';
import { formatDateTime, formatLocal } from '../../components/format';
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

/** What the cloud answered about the card, labelled and formatted like the station's own record. */
function CloudLookupView({ lookup }: { lookup: CloudLookup }) {
  const { t, i18n } = useTranslation();
  if (!lookup.found) return <p>{t('read.cloudNotFound', { provider: t(`providers.${lookup.provider}`) })}</p>;
  const f = lookup.fields;
  const str = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));
  const cardType = str(f.cardType);
  const rows: Array<[string, string | undefined]> = [
    [t('card.status'), lookup.status && (i18n.exists(`cloudCardStatus.${lookup.status}`) ? t(`cloudCardStatus.${lookup.status}` as 'cloudCardStatus.issued') : lookup.status)],
    [t('card.room'), str(f.roomNo) && roomText({ buildNo: str(f.buildNo), floorNo: str(f.floorNo), roomNo: str(f.roomNo) })],
    [t('card.validFrom'), formatLocal(lookup.validFrom, i18n.language) || undefined],
    [t('card.validTo'), formatLocal(lookup.validTo, i18n.language) || undefined],
    [t('card.cardNo'), str(f.cardNo)],
    [t('issue.cardType'), cardType && (QR_CARD_TYPE_NAMES[cardType] ? t(`issue.cardTypes.${QR_CARD_TYPE_NAMES[cardType]}`) : cardType)],
    [t('fields.lockType'), str(f.lockType)],
    [t('fields.isLost'), f.isLost === undefined ? undefined : t(f.isLost === '1' || f.isLost === true ? 'resultFields.yes' : 'resultFields.no')],
    [t('card.deviceId'), str(f.deviceId)],
    [t('card.lockCardId'), str(f.lockCardId)],
  ];
  return (
    <dl className="record" aria-label={t('read.cloudRegion')}>
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

/** UCLBRT's card types on the wire ("0" room, "1" floor, "2" building). */
const QR_CARD_TYPE_NAMES: Record<string, 'room' | 'floor' | 'building'> = { '0': 'room', '1': 'floor', '2': 'building' };

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
            {t('read.details', { uid: card.uid, type: i18n.exists(`encoderCardTypes.${card.cardType}`) ? t(`encoderCardTypes.${card.cardType}` as 'encoderCardTypes.em4100') : card.cardType, time: formatDateTime(card.at, i18n.language) })}{' '}
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
