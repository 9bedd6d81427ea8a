import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OPERATION_STATES, type Operation, type OperationState } from '../../../../shared/domain/operations';
import { operationTarget } from '../../components/describe';
import { useNav, type QueueFilter } from '../../store/nav';
import { call } from '../../api/station';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { OperationResult } from '../../components/operation-tracker';
import { formatDateTime, kindKey } from '../../components/format';
import { useOperations } from '../../store/operations';
import { useSession } from '../../store/session';
import { mayUseChannel, REQUEST_ACCESS } from '../../../../shared/permissions';
import { roleAtLeast } from '../../../../shared/staff';
import { useAsync } from '../shared/use-async';
import { EditResend } from './edit-resend';

const PAGE = 100;

function OperationRow({ op, onEdit, onDiscard }: { op: Operation; onEdit: (op: Operation) => void; onDiscard: (op: Operation) => void }) {
  const { t, i18n } = useTranslation();
  const action = useAsync();
  // What this person's role allows (main refuses the rest anyway).
  const role = useSession((s) => s.view?.operator?.role);
  const mayResolveUncertain = role !== undefined && roleAtLeast(role, REQUEST_ACCESS.resolveUncertain);
  const canRetry =
    (op.state === 'failed' || op.state === 'queued' || (op.state === 'uncertain' && mayResolveUncertain)) &&
    mayUseChannel('operations:retry', role);
  const canDiscard =
    (op.state === 'failed' || op.state === 'uncertain' || op.state === 'queued') && mayUseChannel('operations:discard', role);
  const canEdit =
    (op.state === 'failed' || op.state === 'uncertain') && role !== undefined && roleAtLeast(role, REQUEST_ACCESS.editAndResend);
  const target = operationTarget(op, t);
  const label = `${t(`kinds.${kindKey(op.kind)}`)} ${target}`;
  const render = useErrorText();
  const wait = op.state === 'queued' ? op.waitingFor : undefined;
  return (
    <li className={`op-row state-${op.state}`} data-testid="queue-row" data-state={op.state} aria-label={label}>
      <div className="op-head">
        <strong>{t(`kinds.${kindKey(op.kind)}`)}</strong> <span className="op-target">{target}</span>{' '}
        <span className={`badge state-${op.state}`}>{t(`opState.${op.state}`)}</span>
      </div>
      <div className="op-meta">
        {t('queue.meta', {
          created: formatDateTime(op.createdAt, i18n.language),
          count: op.attempts,
          operator: op.operator,
        })}
        {op.nextAttemptAt && op.state === 'queued' && (
          <>
            {t('punct.stop')}
            {t('queue.nextAttempt', { time: formatDateTime(op.nextAttemptAt, i18n.language) })}
          </>
        )}
      </div>
      {wait && (
        <p className={`notice wait${wait.needsDecision ? ' notice-error' : ''}`} data-testid="queue-wait">
          {render(wait.reason).text}
        </p>
      )}
      {op.state === 'uncertain' && <p className="notice">{t('queue.uncertainExplain', { provider: t(`providers.${op.provider}`) })}</p>}
      {op.lastError && op.state !== 'done' && <ErrorNotice error={op.lastError} />}
      {op.state === 'done' && <OperationResult op={op} />}
      <div className="actions">
        {canRetry && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() => void action.run(async () => useOperations.getState().upsert(await call('operations:retry', { id: op.id })))}
            aria-label={`${op.state === 'uncertain' ? t('queue.sendAgain') : t('queue.retry')}${t('punct.sep')}${label}`}
          >
            {op.state === 'uncertain' ? t('queue.sendAgain') : t('queue.retry')}
          </button>
        )}
        {canEdit && (
          <button type="button" onClick={() => onEdit(op)} aria-label={`${t('queue.edit')}${t('punct.sep')}${label}`}>
            {t('queue.edit')}
          </button>
        )}
        {canDiscard && (
          <button
            type="button"
            className="danger"
            onClick={() => onDiscard(op)}
            aria-label={`${op.state === 'uncertain' ? t('queue.itArrived') : t('queue.discard')}${t('punct.sep')}${label}`}
          >
            {op.state === 'uncertain' ? t('queue.itArrived') : t('queue.discard')}
          </button>
        )}
      </div>
      <ErrorNotice error={action.error} />
    </li>
  );
}

export default function QueueScreen() {
  const { t } = useTranslation();
  // "Needs attention" in the status bar opens the list filtered to those.
  const [filter, setFilter] = useState<QueueFilter>(() => useNav.getState().takeQueueFilter() ?? 'all');
  const [page, setPage] = useState<{ items: Operation[]; total: number } | null>(null);
  const [editing, setEditing] = useState<Operation | null>(null);
  const [discarding, setDiscarding] = useState<Operation | null>(null);
  const version = useOperations((s) => s.version);
  const byId = useOperations((s) => s.byId);
  const load = useAsync();
  const act = useAsync();
  const { run } = load;

  useEffect(() => {
    const states: OperationState[] | undefined = filter === 'all' ? undefined : filter === 'attention' ? ['failed', 'uncertain'] : [filter];
    const timer = setTimeout(() => {
      void run(async () => {
        const r = await call('operations:list', { states, limit: PAGE, offset: 0 });
        useOperations.getState().upsertMany(r.items);
        setPage(r);
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [filter, version, run]);

  const items = page?.items.map((o) => byId[o.id] ?? o) ?? [];

  return (
    <>
      <h1 tabIndex={-1}>{t('queue.title')}</h1>
      <div className="toolbar">
        <label htmlFor="queue-filter">{t('queue.filter')}</label>
        <select id="queue-filter" value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
          <option value="all">{t('queue.all')}</option>
          <option value="attention">{t('queue.attention')}</option>
          {OPERATION_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`opState.${s}`)}
            </option>
          ))}
        </select>
        <button type="button" disabled={act.busy} onClick={() => void act.run(() => call('operations:drain', {}))}>
          {t('queue.drain')}
        </button>
      </div>
      <ErrorNotice error={load.error ?? act.error} />
      {page && <p role="status">{t('queue.count', { shown: items.length, total: page.total })}</p>}
      {editing && <EditResend op={editing} onClose={() => setEditing(null)} />}
      <ul className="op-list" aria-label={t('queue.list')}>
        {items.map((op) => (
          <OperationRow key={op.id} op={op} onEdit={setEditing} onDiscard={setDiscarding} />
        ))}
      </ul>
      <ConfirmDialog
        open={Boolean(discarding)}
        title={t('queue.discardTitle')}
        body={
          discarding
            ? t(discarding.state === 'uncertain' ? 'queue.discardUncertain' : 'queue.discardBody', {
                op: `${t(`kinds.${kindKey(discarding.kind)}`)} ${operationTarget(discarding, t)}`,
              })
            : ''
        }
        confirmLabel={t('queue.discard')}
        onCancel={() => setDiscarding(null)}
        onConfirm={() => {
          const op = discarding;
          setDiscarding(null);
          if (op) void act.run(async () => useOperations.getState().upsert(await call('operations:discard', { id: op.id })));
        }}
      />
    </>
  );
}
