import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardRead } from '../../../../shared/domain/encoder';
import type { CardIdentity } from '../../../../shared/domain/rooms';
import type { CardDetails } from '../../../../shared/domain/registry';
import type { StationError } from '../../../../shared/errors/types';
import { asStationError } from '../../api/errors';
import { call } from '../../api/station';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { roomText } from '../../components/describe';
import { formatDateTime, formatLocal, kindKey } from '../../components/format';
import { useCard } from '../../store/card';
import { useOperations } from '../../store/operations';
import { useRooms } from '../../store/rooms';
import { kindLabel, stateText } from '../rooms/room-words';
import { CardActions } from './card-actions';
import { CardRecordView, HistoryList } from '../shared/card-record-view';
import { useAsync } from '../shared/use-async';
import { useCardOnEncoder } from '../shared/use-card-on-encoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/use-encoder-hold';
import { useKeyboardWedge } from './use-keyboard-wedge';
import { RecordList, type RecordRow } from '../../components/record-list';

/** What each cloud says about the card, asked live where the cloud has an API for it. */
function LiveChecks({ identity }: { identity: CardIdentity }) {
  const { t, i18n } = useTranslation();
  const checked = identity.live.filter((l) => l.checked);
  if (!checked.length) return <p>{t('read.noLookup')}</p>;
  return (
    <>
      {checked.map((l) => {
        if (l.error) return <ErrorNotice key={l.provider} error={l.error} />;
        if (!l.found) return <p key={l.provider}>{t('read.cloudNotFound', { provider: t(`providers.${l.provider}`) })}</p>;
        const rows: RecordRow[] = [
          [t('card.provider'), t(`providers.${l.provider}`)],
          [
            t('card.status'),
            l.status &&
              (i18n.exists(`cloudCardStatus.${l.status}`) ? t(`cloudCardStatus.${l.status}` as 'cloudCardStatus.issued') : l.status),
          ],
          [t('card.room'), l.room ? roomText(l.room) : undefined],
          [t('card.validFrom'), formatLocal(l.validFrom, i18n.language) || undefined],
          [t('card.validTo'), formatLocal(l.validTo, i18n.language) || undefined],
          [t('card.deviceId'), l.provider === 'tuya' ? identity.card?.deviceId : undefined],
          [t('card.lockCardId'), l.provider === 'tuya' ? identity.card?.lockCardId : undefined],
        ];
        return <RecordList key={l.provider} aria-label={t('read.cloudRegion')} rows={rows} />;
      })}
    </>
  );
}

/** The card in one look: its room, kind, status and validity, and what is still on its way to the cloud. */
function IdentityView({ identity }: { identity: CardIdentity }) {
  const { t, i18n } = useTranslation();
  const render = useErrorText();
  const rows: RecordRow[] = [
    [t('card.room'), identity.room ? identity.room.displayName : identity.card ? roomText(identity.card) || undefined : undefined],
    [t('rooms.cardKind'), identity.kind ? kindLabel(identity.kind, t) : undefined],
    [t('card.status'), identity.status === 'unknown' ? t('read.statusUnknown') : t(`cardStatus.${identity.status}`)],
    [t('card.validFrom'), formatLocal(identity.validFrom, i18n.language) || undefined],
    [t('card.validTo'), formatLocal(identity.validTo, i18n.language) || undefined],
    [t('rooms.state'), identity.room ? stateText(identity.room, t, i18n.language) : undefined],
  ];
  return (
    <>
      {identity.notice && (
        <p className="notice" data-testid="identity-notice">
          {render(identity.notice).text}
        </p>
      )}
      {!identity.blank && (
        <RecordList aria-label={t('read.identity')} data-testid="card-identity" data-status={identity.status} rows={rows} />
      )}
      {identity.pending.map((p) => (
        <p
          key={p.operationId}
          className={p.stillOpens ? 'notice notice-error' : 'hint'}
          data-testid={p.stillOpens ? 'still-opens' : 'card-pending'}
        >
          {p.notice
            ? render(p.notice).text
            : t('rooms.cardPending', { kind: t(`kinds.${kindKey(p.kind)}`), state: t(`opState.${p.state}`) })}
        </p>
      ))}
    </>
  );
}

export default function ReadScreen() {
  const { t, i18n } = useTranslation();
  const [card, setCard] = useState<CardRead | null>(null);
  const [details, setDetails] = useState<CardDetails | null>(null);
  const [identity, setIdentity] = useState<CardIdentity | null>(null);
  const [error, setError] = useState<StationError | null>(null);
  const [identityError, setIdentityError] = useState<StationError | null>(null);
  const present = useCard((s) => s.present);
  // Any operation or room change reloads what the card is: a reported card never still reads "active".
  const opsVersion = useOperations((s) => s.version);
  const roomsVersion = useRooms((s) => (identity?.room ? (s.roomVersion[identity.room.key] ?? 0) : 0));
  const wait = useAsync();

  const openCard = (c: CardRead) => {
    setCard(c);
    setDetails(null);
    setIdentity(null);
    setError(null);
    setIdentityError(null);
  };
  // The encoder is kept while the screen waits for a card; a card shown needs it no more.
  const hold = useEncoderHold(card ? null : 'read');
  useCardOnEncoder(openCard, hold.acceptsCards);
  useKeyboardWedge((serialNum) =>
    openCard({ serialNum, uid: serialNum, cardType: 'keyboard-wedge', driver: 'hid', at: new Date().toISOString() }),
  );

  useEffect(() => {
    if (!card) return;
    let stale = false;
    const timer = setTimeout(
      () => {
        // The station's record and the card's identity come separately: one failing never hides the other.
        call('cards:details', { serialNum: card.serialNum })
          .then((d) => !stale && setDetails(d))
          .catch((err) => !stale && setError(asStationError(err)));
        // The cloud is asked live when the card is placed; refreshes after operations read the station's
        // own records (which every operation updates) and keep what the cloud said.
        const first = !identity;
        call('cards:identify', { serialNum: card.serialNum, live: first })
          .then((id) => {
            if (stale) return;
            setIdentity((prev) => (first || !prev ? id : { ...id, live: prev.live }));
            setIdentityError(null);
          })
          .catch((err) => !stale && setIdentityError(asStationError(err)));
      },
      identity ? 200 : 0,
    );
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `identity` only decides whether this is a first load or a refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [card, opsVersion, roomsVersion]);

  const cardType =
    card && i18n.exists(`encoderCardTypes.${card.cardType}`)
      ? t(`encoderCardTypes.${card.cardType}` as 'encoderCardTypes.em4100')
      : card?.cardType;
  return (
    <>
      <h1 tabIndex={-1}>{t('read.title')}</h1>
      {!card && <p className="lead">{t('read.placeCard')}</p>}
      <EncoderHoldNotice hold={hold} />
      <div className="actions">
        <button
          type="button"
          disabled={wait.busy}
          onClick={() => void wait.run(async () => openCard(await call('encoder:read', { timeoutMs: 15_000 })))}
        >
          {wait.busy ? t('read.waiting') : t('read.wait')}
        </button>
      </div>
      <ErrorNotice error={wait.error} />
      {card && (
        <section aria-label={t('read.cardRegion')} className="card-panel" data-testid="card-read">
          <h2>
            {t('read.serialNum')}
            {t('punct.colon')}
            <span className="mono" data-testid="serial-num">
              {card.serialNum}
            </span>
          </h2>
          <p>
            {t('read.details', { uid: card.uid, type: cardType, time: formatDateTime(card.at, i18n.language) })}{' '}
            {present ? t('read.onEncoder') : t('read.removed')}
          </p>
          <ErrorNotice error={identityError} />
          {!identity && !identityError && <p role="status">{t('common.loading')}</p>}
          {identity && (
            <section aria-label={t('read.identity')}>
              <IdentityView identity={identity} />
              <CardActions identity={identity} read={card} />
            </section>
          )}
          <section aria-labelledby="read-registry">
            <h3 id="read-registry">{t('read.registry')}</h3>
            <ErrorNotice error={error} />
            {details && (details.card ? <CardRecordView card={details.card} /> : <p>{t('read.unknownCard')}</p>)}
            {details && details.history.length > 0 && <HistoryList history={details.history} />}
          </section>
          <section aria-labelledby="read-cloud">
            <h3 id="read-cloud">{t('read.cloud')}</h3>
            {identity ? <LiveChecks identity={identity} /> : !identityError && <p>{t('common.loading')}</p>}
          </section>
        </section>
      )}
    </>
  );
}
