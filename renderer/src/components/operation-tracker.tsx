import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation, OperationWait } from '../../../shared/domain/operations';
import { call } from '../api/station';
import { useOperations } from '../store/operations';
import { useSession } from '../store/session';
import { mayUseChannel, REQUEST_ACCESS } from '../../../shared/permissions';
import { roleAtLeast } from '../../../shared/staff';
import { useAsync } from '../features/shared/use-async';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorNotice, useErrorText } from './error-notice';
import { operationTarget } from './describe';
import { formatLocal, kindKey } from './format';

/** Follows one operation through the queue; the words change as main's events arrive. */
export function useOperation(id: string | null): Operation | undefined {
  const op = useOperations((s) => (id ? s.byId[id] : undefined));
  useEffect(() => {
    if (!id) return;
    let stop = false;
    // Events keep it current; a fetch covers an update that raced the subscription.
    call('operations:get', { id })
      .then((o) => !stop && useOperations.getState().upsert(o))
      .catch(() => {});
    return () => {
      stop = true;
    };
  }, [id]);
  return op;
}

/** The cloud's answer fields staff care about, in this order; anything else is the cloud's business. */
const RESULT_FIELDS = [
  'cardNo',
  'cardType',
  'password',
  'roomNo',
  'validFrom',
  'validTo',
  'serialNum',
  'deviceId',
  'lockCardId',
  'wholeRoom',
  'alreadyCancelled',
  'frozen',
  'operateId',
] as const;

export function OperationResult({ op }: { op: Operation }) {
  const { t, i18n } = useTranslation();
  const result = op.result;
  if (!result) return null;
  const value = (k: (typeof RESULT_FIELDS)[number], v: unknown): string => {
    if (typeof v === 'boolean') return v ? t('resultFields.yes') : t('resultFields.no');
    if (k === 'cardType' && (v === 'room' || v === 'floor' || v === 'building')) return t(`issue.cardTypes.${v}`);
    if (k === 'validFrom' || k === 'validTo') return formatLocal(String(v), i18n.language);
    return String(v);
  };
  const entries = RESULT_FIELDS.filter((k) => result[k] !== null && result[k] !== undefined && typeof result[k] !== 'object');
  if (!entries.length) return null;
  return (
    <dl className="result" aria-label={t('operation.result')}>
      {entries.map((k) => (
        <div key={k}>
          <dt>{t(`resultFields.${k}`)}</dt>
          <dd
            className={
              k === 'cardNo' || k === 'serialNum' || k === 'lockCardId' || k === 'operateId' || k === 'deviceId' ? 'mono' : undefined
            }
          >
            {value(k, result[k])}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What a queued operation waits for. When it is an operation that failed or may not have reached
 * the cloud, the clerk sees that one and settles it here: retry (send again) or discard.
 */
function WaitNotice({ op, wait }: { op: Operation; wait: OperationWait }) {
  const { t } = useTranslation();
  const render = useErrorText();
  const blocker = useOperation(wait.operationId);
  const action = useAsync();
  const [confirming, setConfirming] = useState(false);
  const blockerState = blocker?.state;
  // The blocker moved on (retried, sent, failed, discarded): ask main again what this one waits for.
  useEffect(() => {
    if (!blockerState || blockerState === wait.state) return;
    call('operations:get', { id: op.id })
      .then((o) => useOperations.getState().upsert(o))
      .catch(() => {});
  }, [blockerState, wait.state, op.id]);
  const { text, action: advice } = render(wait.reason);
  const stuck = blocker && (blocker.state === 'failed' || blocker.state === 'uncertain') ? blocker : undefined;
  const blockerLabel = t(`kinds.${kindKey(wait.kind)}`);
  // What this person's role allows (main refuses the rest anyway): a clerk retries a failed one;
  // sending an uncertain one again and discarding are a supervisor's.
  const role = useSession((s) => s.view?.operator?.role);
  const canRetry =
    Boolean(stuck) &&
    mayUseChannel('operations:retry', role) &&
    (stuck?.state !== 'uncertain' || (role !== undefined && roleAtLeast(role, REQUEST_ACCESS.resolveUncertain)));
  const canDiscard = mayUseChannel('operations:discard', role);
  const settle = (channel: 'operations:retry' | 'operations:discard') =>
    void action.run(async () => useOperations.getState().upsert(await call(channel, { id: wait.operationId })));
  return (
    <div
      className={`notice wait${wait.needsDecision ? ' notice-error' : ''}`}
      data-testid="operation-wait"
      data-needs-decision={wait.needsDecision}
    >
      <p>
        <span>{text}</span> {advice && <span className="notice-action">{advice}</span>}
      </p>
      {wait.needsDecision && stuck && (
        <section aria-label={t('operation.blocker', { op: blockerLabel })} className="blocker">
          <p>
            <strong>{blockerLabel}</strong>
            {t('punct.sep')}
            <span className="op-state">{t(`opState.${stuck.state}`)}</span>
          </p>
          {stuck.lastError && <ErrorNotice error={stuck.lastError} />}
          <div className="actions">
            {canRetry && (
              <button type="button" disabled={action.busy} onClick={() => settle('operations:retry')}>
                {stuck.state === 'uncertain' ? t('operation.blockerSendAgain') : t('operation.blockerRetry')}
              </button>
            )}
            {canDiscard && (
              <button type="button" className="danger" disabled={action.busy} onClick={() => setConfirming(true)}>
                {stuck.state === 'uncertain' ? t('operation.blockerArrived') : t('operation.blockerDiscard')}
              </button>
            )}
          </div>
          {!canDiscard && <p className="hint">{t(canRetry ? 'operation.askSupervisorToDiscard' : 'operation.askSupervisor')}</p>}
          <ErrorNotice error={action.error} />
          <ConfirmDialog
            open={confirming}
            title={t('queue.discardTitle')}
            body={t(stuck.state === 'uncertain' ? 'queue.discardUncertain' : 'queue.discardBody', { op: blockerLabel })}
            confirmLabel={t('queue.discard')}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              settle('operations:discard');
            }}
          />
        </section>
      )}
    </div>
  );
}

export function OperationTracker({ op, children }: { op: Operation | undefined; children?: React.ReactNode }) {
  const { t } = useTranslation();
  if (!op) return null;
  const target = operationTarget(op, t);
  const wait = op.state === 'queued' ? op.waitingFor : undefined;
  // Never "it will be sent by itself" for one held behind an operation that needs a person.
  const help = wait ? t(wait.needsDecision ? 'opStateHelp.blocked' : 'opStateHelp.waiting') : t(`opStateHelp.${op.state}`);
  return (
    <div
      className={`operation state-${op.state}`}
      data-testid="operation"
      data-state={op.state}
      data-blocked={wait?.needsDecision ? 'true' : undefined}
    >
      <p role="status" aria-live="polite">
        <strong>{t(`kinds.${kindKey(op.kind)}`)}</strong>
        {target && <span className="op-target"> {target}</span>}
        {t('punct.sep')}
        <span className="op-state">{t(`opState.${op.state}`)}</span>
        {t('punct.stop')}
        {help}
      </p>
      {wait && <WaitNotice op={op} wait={wait} />}
      {op.state === 'done' && <OperationResult op={op} />}
      {(op.state === 'failed' || op.state === 'uncertain' || op.state === 'queued') && op.lastError && <ErrorNotice error={op.lastError} />}
      {children}
    </div>
  );
}
