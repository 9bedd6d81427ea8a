import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardRecord } from '../../../../shared/domain/registry';
import { cardNoSchema, reportLostInputSchema } from '../../../../shared/domain/operations';
import { call } from '../../api/station';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { OperationTracker, useOperation } from '../../components/operation-tracker';
import { useEscape } from '../../components/escape';
import { compact, Field, validate } from '../../components/form';
import { useNav } from '../../store/nav';
import { CardRecordView, roomLabel } from '../shared/card-record-view';
import { resendOperation, submitOperation } from '../shared/submit-operation';
import { useAsync } from '../shared/use-async';

/** The lock cannot report one card: the cloud wants the whole room reported instead. */
const WHOLE_ROOM_NEEDED = 'uclbrt.5217';

export default function ReportLostScreen() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CardRecord[] | null>(null);
  const [selected, setSelected] = useState<CardRecord | null>(null);
  const [manualCardNo, setManualCardNo] = useState<string | null>(null);
  const [queryError, setQueryError] = useState<string | undefined>();
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const search = useAsync();
  const submit = useAsync();
  // A whole-room report for a card the station has never seen needs its room (main says so).
  const [askRoom, setAskRoom] = useState(false);
  const [room, setRoom] = useState({ buildNo: '', floorNo: '', roomNo: '' });
  const issueReplacement = useNav((s) => s.issueReplacement);
  // Report lost stops a card: the clerk confirms, seeing which card (or the whole room) stops opening the door.
  const [confirming, setConfirming] = useState<null | { wholeRoom: boolean }>(null);

  const cardNo = selected?.cardNo ?? manualCardNo ?? undefined;
  const opState = op?.state;
  const selectedCardNo = selected?.cardNo;
  // The card's record follows the report: once it is done the card reads "reported lost", not "active".
  useEffect(() => {
    if (!opState || !selectedCardNo) return;
    call('cards:details', { cardNo: selectedCardNo })
      .then((d) => d.card && setSelected(d.card))
      .catch(() => {});
  }, [opState, selectedCardNo]);

  useEscape(() => {
    if (opId) {
      setOpId(null);
      return true;
    }
    if (selected || manualCardNo) {
      setSelected(null);
      setManualCardNo(null);
      return true;
    }
    return false;
  });

  const find = async () => {
    const q = query.trim();
    if (!q) return setQueryError('is required');
    setQueryError(undefined);
    setSelected(null);
    setManualCardNo(null);
    setOpId(null);
    const found = await search.run(() => call('cards:find', { query: q, limit: 50 }));
    if (found) setResults(found);
  };

  const report = async (wholeRoom: boolean) => {
    const checked = validate(reportLostInputSchema, { cardNo, wholeRoom, ...(wholeRoom && askRoom ? compact(room) : {}) });
    if (!checked.ok) {
      const [field, message] = Object.entries(checked.errors)[0] ?? ['cardNo', ''];
      return submit.setError({ code: 'station.validation', message, params: { detail: `${field}: ${message}` } });
    }
    const request = { kind: 'uclbrt.qr.reportLost' as const, input: checked.data };
    const replaced = op && op.state === 'failed' ? op.id : null;
    const o = await submit.run(
      () => (replaced ? resendOperation(replaced, request) : submitOperation(request)),
      (err) => err.code === 'outbox.room-unknown' && setAskRoom(true),
    );
    if (o) setOpId(o.id);
  };
  const roomField = (name: 'buildNo' | 'floorNo' | 'roomNo') => (
    <Field label={t(`fields.${name}`)}>
      {(a) => (
        <input
          {...a}
          value={room[name]}
          onChange={(e) => setRoom((r) => ({ ...r, [name]: e.target.value }))}
          autoComplete="off"
          autoFocus={name === 'buildNo'}
        />
      )}
    </Field>
  );

  const needsWholeRoom = op?.state === 'failed' && op.lastError?.code === WHOLE_ROOM_NEEDED;
  const wasWholeRoom = Boolean(op && 'wholeRoom' in op.input && op.input.wholeRoom);
  const queryLooksLikeCardNo = cardNoSchema.safeParse(query).success;

  return (
    <>
      <h1 tabIndex={-1}>{t('lost.title')}</h1>
      <form
        role="search"
        aria-label={t('lost.searchRegion')}
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <Field label={t('lost.query')} error={queryError} hint={t('lost.queryHint')}>
          {(a) => <input {...a} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus autoComplete="off" />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={search.busy}>
            {t('lost.find')}
          </button>
        </div>
      </form>
      <ErrorNotice error={search.error} />

      {results && !selected && !manualCardNo && (
        <section aria-label={t('lost.results')}>
          {results.length === 0 && <p>{t('lost.noResults')}</p>}
          {results.length > 0 && (
            <table className="table">
              <caption>{t('lost.resultsCount', { count: results.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('card.room')}</th>
                  <th scope="col">{t('card.holder')}</th>
                  <th scope="col">{t('card.cardNo')}</th>
                  <th scope="col">{t('card.status')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {results.map((c, i) => (
                  <tr key={c.id}>
                    <td>{roomLabel(c)}</td>
                    <td>{c.holderMobile}</td>
                    <td className="mono">{c.cardNo ?? c.serialNum ?? c.lockCardId}</td>
                    <td>{t(`cardStatus.${c.status}`)}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setSelected(c)}
                        aria-label={t('lost.chooseCard', { card: c.cardNo ?? c.serialNum ?? c.id })}
                        autoFocus={i === 0}
                      >
                        {t('lost.choose')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {queryLooksLikeCardNo && !results.some((c) => c.cardNo === query.trim()) && (
            <button type="button" onClick={() => setManualCardNo(query.trim())}>
              {t('lost.useCardNo', { cardNo: query.trim() })}
            </button>
          )}
        </section>
      )}

      {(selected || manualCardNo) && (
        <section aria-label={t('lost.selected')} className="card-panel">
          {selected ? <CardRecordView card={selected} /> : <p>{t('lost.manualCard', { cardNo: manualCardNo })}</p>}
          {selected && !selected.cardNo && <p className="notice">{t('lost.notQr')}</p>}
          {cardNo && !op && (
            <div className="actions">
              <button type="button" className="danger" disabled={submit.busy} onClick={() => setConfirming({ wholeRoom: false })} autoFocus>
                {t('lost.report')}
              </button>
            </div>
          )}
          <ErrorNotice error={submit.error} />
          <ConfirmDialog
            open={Boolean(confirming)}
            title={confirming?.wholeRoom ? t('lost.confirmWholeRoomTitle') : t('lost.confirmTitle')}
            body={
              confirming?.wholeRoom
                ? t('lost.confirmWholeRoomBody', { room: selected ? roomLabel(selected) || t('lost.itsRoom') : t('lost.itsRoom') })
                : t('lost.confirmBody', { card: cardNo ?? '' })
            }
            confirmLabel={confirming?.wholeRoom ? t('lost.reportWholeRoom') : t('lost.report')}
            onCancel={() => setConfirming(null)}
            onConfirm={() => {
              const whole = Boolean(confirming?.wholeRoom);
              setConfirming(null);
              void report(whole);
            }}
          />
          <OperationTracker op={op}>
            {op && (op.state === 'queued' || op.state === 'sending') && (
              <p className="notice notice-error" data-testid="still-opens">
                {wasWholeRoom ? t('lost.stillOpensWholeRoom') : t('lost.stillOpens', { card: cardNo ?? '' })}
              </p>
            )}
            {needsWholeRoom && (
              <div className="notice">
                <p>{t('lost.wholeRoomExplain')}</p>
                {askRoom && (
                  <fieldset>
                    <legend>{t('lost.whichRoom')}</legend>
                    {roomField('buildNo')}
                    {roomField('floorNo')}
                    {roomField('roomNo')}
                  </fieldset>
                )}
                <button
                  type="button"
                  className="danger"
                  disabled={submit.busy}
                  onClick={() => setConfirming({ wholeRoom: true })}
                  autoFocus
                >
                  {t('lost.reportWholeRoom')}
                </button>
              </div>
            )}
            {op?.state === 'done' && (
              <div className="notice">
                <p>{wasWholeRoom ? t('lost.doneWholeRoom') : t('lost.done')}</p>
                <button
                  type="button"
                  className="primary"
                  autoFocus
                  onClick={() =>
                    issueReplacement({
                      tab: 'qr',
                      buildNo: selected?.buildNo,
                      floorNo: selected?.floorNo,
                      roomNo: selected?.roomNo,
                      mobile: selected?.holderMobile,
                      areaCode: selected?.holderAreaCode,
                    })
                  }
                >
                  {t('lost.issueReplacement')}
                </button>
              </div>
            )}
          </OperationTracker>
        </section>
      )}
    </>
  );
}
