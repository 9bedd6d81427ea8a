import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROOM_REPORTS, type RoomReport, type RoomReportKind } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/error-notice';
import { formatDateTime, formatLocal } from '../../components/format';
import { useNav } from '../../store/nav';
import { useOperations } from '../../store/operations';
import { downloadCsv } from '../shared/download';
import { useAsync } from '../shared/use-async';
import { kindLabel } from '../rooms/room-words';

/** Rooms due out today, overstays, cards expiring within N hours; each exported to CSV. */
export default function ReportsScreen() {
  const { t, i18n } = useTranslation();
  const openRoom = useNav((s) => s.openRoom);
  const [report, setReport] = useState<RoomReportKind>('due-out');
  const [hoursText, setHoursText] = useState('24');
  const [data, setData] = useState<RoomReport | null>(null);
  const [exported, setExported] = useState<number | null>(null);
  const version = useOperations((s) => s.version);
  const load = useAsync();
  const exporter = useAsync();
  const { run } = load;
  const hours = Math.min(720, Math.max(1, Math.round(Number(hoursText)) || 24));

  useEffect(() => {
    const timer = setTimeout(() => void run(async () => setData(await call('reports:rooms', { report, hours }))), 150);
    return () => clearTimeout(timer);
  }, [report, hours, version, run]);

  const exportCsv = async () => {
    setExported(null);
    const r = await exporter.run(() => call('reports:roomsCsv', { report, hours }));
    if (!r) return;
    const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
    downloadCsv(`card-station-${report}-${stamp}.csv`, r.csv);
    setExported(r.rows);
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('reports.title')}</h1>
      <div className="toolbar">
        <label htmlFor="report-kind">{t('reports.report')}</label>
        <select id="report-kind" value={report} onChange={(e) => setReport(e.target.value as RoomReportKind)} autoFocus>
          {ROOM_REPORTS.map((r) => (
            <option key={r} value={r}>
              {t(`reports.kinds.${r}`)}
            </option>
          ))}
        </select>
        {report === 'expiring' && (
          <>
            <label htmlFor="report-hours">{t('reports.hours')}</label>
            <input id="report-hours" type="number" min={1} max={720} value={hoursText} onChange={(e) => setHoursText(e.target.value)} />
          </>
        )}
        <button type="button" disabled={exporter.busy} onClick={() => void exportCsv()}>
          {t('reports.export')}
        </button>
      </div>
      <ErrorNotice error={load.error ?? exporter.error} />
      {exported !== null && <p role="status">{t('activity.exported', { count: exported })}</p>}
      {data && (
        <table className="table" data-testid="report-table">
          <caption>
            {t('reports.caption', {
              report: t(`reports.kinds.${data.report}`),
              count: data.rows.length,
              time: formatDateTime(data.generatedAt, i18n.language),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('card.room')}</th>
              <th scope="col">{t('rooms.state')}</th>
              <th scope="col">{t('reports.stayEnd')}</th>
              {data.report === 'expiring' && <th scope="col">{t('rooms.card')}</th>}
              {data.report === 'expiring' && <th scope="col">{t('card.validTo')}</th>}
              <th scope="col">{t('card.holder')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row, i) => (
              <tr key={`${row.roomKey}-${row.cardId ?? i}`} data-testid="report-row">
                <td>
                  <button type="button" className="link" onClick={() => openRoom({ room: row.roomKey })}>
                    {row.roomName}
                  </button>
                </td>
                <td>{t(`roomState.${row.state}`)}</td>
                <td>{formatLocal(row.stayEnd, i18n.language)}</td>
                {data.report === 'expiring' && (
                  <td>
                    {row.cardKind ? kindLabel(row.cardKind, t) : ''} <span className="mono">{row.cardLabel}</span>
                  </td>
                )}
                {data.report === 'expiring' && <td>{formatLocal(row.validTo, i18n.language)}</td>}
                <td>{row.holderMobile ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.rows.length === 0 && <p>{t('reports.none')}</p>}
    </>
  );
}
