import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoorLog, RoomActionKind, RoomCard, RoomDetails } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { formatLocal } from '../../components/format';
import { useNav, type RoomIntent } from '../../store/nav';
import { HistoryList } from '../shared/card-record-view';
import { useAsync } from '../shared/use-async';
import { ActionProgress } from './action-progress';
import { CheckOutPanel, ExtendPanel, NewCardPanel } from './room-action-panels';
import { floorLabel, kindLabel, stateText, workText } from './room-words';
import { useRoomDetails } from './use-room-details';
import { RecordList, type RecordRow } from '../../components/record-list';

type Panel = NonNullable<RoomIntent['panel']>;

function CardsTable({ cards }: { cards: RoomCard[] }) {
  const { t, i18n } = useTranslation();
  const render = useErrorText();
  if (!cards.length) return <p>{t('rooms.noCards')}</p>;
  return (
    <table className="table" aria-label={t('rooms.cards')} data-testid="room-cards">
      <thead>
        <tr>
          <th scope="col">{t('rooms.cardKind')}</th>
          <th scope="col">{t('rooms.card')}</th>
          <th scope="col">{t('card.status')}</th>
          <th scope="col">{t('card.validFrom')}</th>
          <th scope="col">{t('card.validTo')}</th>
          <th scope="col">{t('card.holder')}</th>
        </tr>
      </thead>
      <tbody>
        {cards.map((c) => (
          <tr key={c.id} data-testid="room-card" data-status={c.status}>
            <td>{kindLabel(c.kind, t)}</td>
            <td className="mono">{c.label}</td>
            <td>
              {t(`cardStatus.${c.status}`)}
              {c.pending.map((p) => (
                <p
                  key={p.operationId}
                  className={p.stillOpens ? 'notice notice-error' : 'hint'}
                  data-testid={p.stillOpens ? 'still-opens' : 'card-pending'}
                >
                  {p.notice
                    ? render(p.notice).text
                    : t('rooms.cardPending', {
                        kind: t(`kinds.${p.kind.replace(/\./g, '_')}` as 'kinds.tuya_issue'),
                        state: t(`opState.${p.state}`),
                      })}
                </p>
              ))}
            </td>
            <td>{formatLocal(c.validFrom, i18n.language)}</td>
            <td>{formatLocal(c.validTo, i18n.language)}</td>
            <td>{c.holderMobile ? `+${c.holderAreaCode ?? ''} ${c.holderMobile}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DoorLogView({ room }: { room: string }) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(7);
  const [log, setLog] = useState<DoorLog | null>(null);
  const load = useAsync();
  const show = () => void load.run(async () => setLog(await call('rooms:doorLog', { room, days })));
  return (
    <section aria-labelledby="door-log-title">
      <h2 id="door-log-title">{t('rooms.doorLog')}</h2>
      <div className="toolbar">
        <label htmlFor="door-log-days">{t('rooms.doorLogDays')}</label>
        <select id="door-log-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[1, 7, 14, 31].map((d) => (
            <option key={d} value={d}>
              {t('rooms.days', { count: d })}
            </option>
          ))}
        </select>
        <button type="button" disabled={load.busy} onClick={show}>
          {t('rooms.showDoorLog')}
        </button>
      </div>
      <ErrorNotice error={load.error} />
      {log &&
        (log.entries.length === 0 ? (
          <p>{t('rooms.doorLogEmpty')}</p>
        ) : (
          <table className="table" aria-label={t('rooms.doorLog')}>
            <thead>
              <tr>
                <th scope="col">{t('activity.at')}</th>
                <th scope="col">{t('rooms.doorMethod')}</th>
                <th scope="col">{t('rooms.doorHolder')}</th>
                <th scope="col">{t('rooms.doorOpened')}</th>
              </tr>
            </thead>
            <tbody>
              {log.entries.map((e, i) => (
                <tr key={i}>
                  <td>{formatLocal(e.at, i18n.language)}</td>
                  <td>{e.method ?? ''}</td>
                  <td className="mono">{e.holder ?? e.cardNo ?? ''}</td>
                  <td>{e.opened === undefined ? '' : t(e.opened ? 'resultFields.yes' : 'resultFields.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

const ACTION_BUTTONS: ReadonlyArray<{ action: RoomActionKind; className?: string }> = [
  { action: 'new-stay', className: 'primary' },
  { action: 'duplicate' },
  { action: 'extend' },
  { action: 'check-out', className: 'danger' },
];

function RoomOverview({ details }: { details: RoomDetails }) {
  const { t, i18n } = useTranslation();
  const r = details.room;
  const work = workText(r, t);
  const rows: RecordRow[] = [
    [t('rooms.state'), stateText(r, t, i18n.language)],
    [t('rooms.where'), floorLabel(r, t)],
    [
      t('rooms.stay'),
      details.stay
        ? details.stay.start
          ? t('rooms.stayText', {
              start: formatLocal(details.stay.start, i18n.language),
              end: formatLocal(details.stay.end, i18n.language),
              count: details.stay.cards,
            })
          : t('rooms.stayUntil', { end: formatLocal(details.stay.end, i18n.language), count: details.stay.cards })
        : t('rooms.noStay'),
    ],
    [t('card.holder'), details.stay?.holderMobile ? `+${details.stay.holderAreaCode ?? ''} ${details.stay.holderMobile}` : undefined],
    [t('rooms.cardKinds'), r.cardKinds.map((k) => kindLabel(k, t)).join(t('auditDetail.listSeparator'))],
    [t('fields.lockType'), r.lockType],
    [t('card.deviceId'), r.tuya?.deviceId],
    [t('rooms.work'), work || undefined],
  ];
  return <RecordList aria-label={t('rooms.overview')} data-testid="room-overview" data-state={r.state} rows={rows} />;
}

/** One room: the stay, every active card of every cloud, actions, history and the door log. */
export function RoomPage({ intent }: { intent: RoomIntent }) {
  const { t } = useTranslation();
  const render = useErrorText();
  const openRoom = useNav((s) => s.openRoom);
  const { details, error } = useRoomDetails(intent.room);
  const [panel, setPanel] = useState<Panel | null>(intent.panel ?? null);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = Boolean(details);
  // Opened from the list (whose search box is gone now): start at the room's heading, unless a panel took focus.
  useEffect(() => {
    const active = document.activeElement;
    if (loaded && (!active || active === document.body)) heading.current?.focus();
  }, [loaded]);

  if (!details) {
    return (
      <>
        <h1 tabIndex={-1}>{t('rooms.roomTitle', { room: intent.room })}</h1>
        <ErrorNotice error={error} />
        {!error && <p role="status">{t('common.loading')}</p>}
        <button type="button" onClick={() => openRoom(null)}>
          {t('rooms.allRoomsBack')}
        </button>
      </>
    );
  }
  const r = details.room;
  const close = () => setPanel(null);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t('rooms.roomTitle', { room: r.displayName })}
      </h1>
      <div className="actions">
        <button type="button" onClick={() => openRoom(null)}>
          {t('rooms.allRoomsBack')}
        </button>
      </div>
      <ErrorNotice error={error} />
      <RoomOverview details={details} />
      <div className="actions" role="toolbar" aria-label={t('rooms.actions')}>
        {ACTION_BUTTONS.map(({ action, className }) => {
          const a = details.available.find((x) => x.action === action);
          const allowed = a?.allowed ?? false;
          return (
            <button
              key={action}
              type="button"
              className={className}
              disabled={!allowed}
              aria-pressed={panel === action}
              title={a?.reason ? render(a.reason).text : undefined}
              onClick={() => setPanel(action)}
            >
              {t(`roomActions.${action}`)}
            </button>
          );
        })}
      </div>
      {details.available
        .filter((a) => !a.allowed && a.reason && a.action !== 'check-out')
        .map((a) => (
          <p key={a.action} className="hint" data-testid={`unavailable-${a.action}`}>
            {t(`roomActions.${a.action}`)}
            {t('punct.colon')}
            {render(a.reason!).text}
          </p>
        ))}
      {(panel === 'new-stay' || panel === 'duplicate') && (
        <NewCardPanel key={panel} details={details} mode={panel} serialNum={intent.serialNum} onClose={close} />
      )}
      {panel === 'check-out' && <CheckOutPanel details={details} onClose={close} />}
      {panel === 'extend' && <ExtendPanel details={details} onClose={close} />}
      <section aria-labelledby="room-cards-title">
        <h2 id="room-cards-title">{t('rooms.cards')}</h2>
        <CardsTable cards={details.cards} />
      </section>
      {details.actions.length > 0 && (
        <section aria-labelledby="room-actions-title">
          <h2 id="room-actions-title">{t('rooms.recentActions')}</h2>
          {details.actions.slice(0, 5).map((a) => (
            <ActionProgress key={a.id} action={a} />
          ))}
        </section>
      )}
      <section aria-labelledby="room-history-title">
        <h2 id="room-history-title">{t('rooms.history')}</h2>
        <HistoryList history={details.history} />
      </section>
      <DoorLogView room={r.key} />
    </>
  );
}
