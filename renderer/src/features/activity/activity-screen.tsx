import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/domain/registry';
import { call } from '../../api/station';
import { useStatus } from '../../store/status';
import { ErrorNotice } from '../../components/error-notice';
import { auditDetailText, subjectText } from '../../components/describe';
import { auditActionKey, formatDateTime, kindKey } from '../../components/format';
import { SelectField, TextField, opt, useValues } from '../shared/form-kit';
import { downloadCsv } from '../shared/download';
import { useAsync } from '../shared/use-async';

const PAGE = 100;

/** The actions the audit log records (see the outbox and settings services). */
const AUDIT_ACTIONS = [
  'operation.accepted',
  'operation.deferred',
  'operation.done',
  'operation.failed',
  'operation.uncertain',
  'operation.retried',
  'operation.discarded',
  'operation.replaced',
  'operation.recovered',
  'settings.changed',
  'database.kept-aside',
  'staff.signed-in',
  'staff.signed-out',
  'staff.sign-in-refused',
  'staff.account-locked',
  'staff.account-unlocked',
  'staff.operator-added',
  'staff.role-changed',
  'staff.secret-reset',
  'staff.operator-disabled',
  'staff.operator-enabled',
  'pms.request',
  'pms.answer',
  'pms.finished',
  'pms.confirmed-revoke',
  'room.new-stay',
  'room.duplicate',
  'room.check-out',
  'room.extend',
  'rooms.refreshed',
  'rooms.imported',
] as const;

export default function ActivityScreen() {
  const { t, i18n } = useTranslation();
  // A desk in a site may show every desk's activity (the site's hotel-wide log).
  const inSite = useStatus((st) => Boolean(st.status?.site));
  const kit = useValues({ query: '', action: '', operator: '', from: '', to: '', scope: 'desk' });
  const [filter, setFilter] = useState(kit.values);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: AuditEntry[]; total: number } | null>(null);
  const [exported, setExported] = useState<number | null>(null);
  const [people, setPeople] = useState<string[]>([]);
  const load = useAsync();
  const exporter = useAsync();
  const { run } = load;

  const request = useCallback(
    () => ({
      query: opt(filter.query),
      action: opt(filter.action),
      operator: opt(filter.operator),
      from: opt(filter.from),
      to: opt(filter.to),
      ...(inSite && filter.scope === 'hotel' ? { scope: 'hotel' as const } : {}),
    }),
    [filter, inSite],
  );
  const hotel = inSite && filter.scope === 'hotel';

  useEffect(() => {
    void run(async () => setPage(await call('audit:list', { ...request(), limit: PAGE, offset })));
  }, [request, offset, run]);

  // Everyone the log names, for the filter by person (people, and the station's own actors).
  useEffect(() => {
    call('audit:operators', {}).then(setPeople, () => setPeople([]));
  }, [page]);

  const exportCsv = async () => {
    setExported(null);
    const r = await exporter.run(() => call('audit:exportCsv', { ...request(), limit: 1000, offset: 0 }));
    if (!r) return;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    downloadCsv(`card-station-activity-${stamp}.csv`, r.csv);
    setExported(r.rows);
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('activity.title')}</h1>
      <form
        role="search"
        aria-label={t('activity.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilter(kit.values);
        }}
      >
        <div className="grid">
          <TextField kit={kit} name="query" label={t('activity.query')} autoFocus />
          <SelectField
            kit={kit}
            name="action"
            label={t('activity.action')}
            options={[
              { value: '', label: t('activity.anyAction') },
              ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(auditActionKey(a)) })),
            ]}
          />
          <SelectField
            kit={kit}
            name="operator"
            label={t('activity.operator')}
            options={[{ value: '', label: t('activity.anyOperator') }, ...people.map((p) => ({ value: p, label: p }))]}
          />
          <TextField kit={kit} name="from" label={t('activity.from')} type="datetime-local" />
          <TextField kit={kit} name="to" label={t('activity.to')} type="datetime-local" />
          {inSite && (
            <SelectField
              kit={kit}
              name="scope"
              label={t('activity.scope')}
              options={[
                { value: 'desk', label: t('activity.scopeDesk') },
                { value: 'hotel', label: t('activity.scopeHotel') },
              ]}
            />
          )}
        </div>
        <div className="actions">
          <button type="submit">{t('activity.apply')}</button>
          <button type="button" disabled={exporter.busy} onClick={() => void exportCsv()}>
            {t('activity.export')}
          </button>
        </div>
      </form>
      <ErrorNotice error={load.error ?? exporter.error} />
      {exported !== null && <p role="status">{t('activity.exported', { count: exported })}</p>}
      {page && (
        <>
          <table className="table">
            <caption>{t('activity.count', { shown: page.items.length, total: page.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('activity.at')}</th>
                {hotel && <th scope="col">{t('activity.station')}</th>}
                <th scope="col">{t('activity.operator')}</th>
                <th scope="col">{t('activity.action')}</th>
                <th scope="col">{t('activity.kind')}</th>
                <th scope="col">{t('activity.subject')}</th>
                <th scope="col">{t('activity.state')}</th>
                <th scope="col">{t('activity.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={`${e.station ?? ''}:${e.seq}`}>
                  <td>{formatDateTime(e.at, i18n.language)}</td>
                  {hotel && <td>{e.station}</td>}
                  <td>{e.operator}</td>
                  <td>{i18n.exists(auditActionKey(e.action)) ? t(auditActionKey(e.action)) : e.action}</td>
                  <td>{e.kind ? t(`kinds.${kindKey(e.kind)}`) : ''}</td>
                  <td>{subjectText(e.subject, t)}</td>
                  <td>{e.state ? t(`opState.${e.state}`) : ''}</td>
                  <td>{e.error ? <ErrorNotice error={e.error} /> : auditDetailText(e.detail, t, (k) => i18n.exists(k), i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('common.previous')}
            </button>
            <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
              {t('common.next')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
