import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/domain/operations';
import { call } from '../api/station';
import { useOperations } from '../store/operations';
import { ErrorNotice } from './ErrorNotice';
import { kindKey } from './format';

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

export function OperationResult({ op }: { op: Operation }) {
  const { t, i18n } = useTranslation();
  if (!op.result) return null;
  const entries = Object.entries(op.result).filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object');
  if (!entries.length) return null;
  const label = (k: string) => (i18n.exists(`resultFields.${k}`) ? t(`resultFields.${k}` as 'resultFields.cardNo') : k);
  const value = (k: string, v: unknown) => {
    if (typeof v === 'boolean') return v ? t('resultFields.yes') : t('resultFields.no');
    if (k === 'cardType' && (v === 'room' || v === 'floor' || v === 'building')) return t(`issue.cardTypes.${v}`);
    return String(v);
  };
  return (
    <dl className="result" aria-label={t('operation.result')}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{label(k)}</dt>
          <dd className={typeof v === 'string' ? 'mono' : undefined}>{value(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function OperationTracker({ op, children }: { op: Operation | undefined; children?: React.ReactNode }) {
  const { t } = useTranslation();
  if (!op) return null;
  return (
    <div className={`operation state-${op.state}`} data-testid="operation" data-state={op.state}>
      <p role="status" aria-live="polite">
        <strong>{t(`kinds.${kindKey(op.kind)}`)}</strong> — <span className="op-state">{t(`opState.${op.state}`)}</span>.{' '}
        {t(`opStateHelp.${op.state}`)}
      </p>
      {op.state === 'done' && <OperationResult op={op} />}
      {(op.state === 'failed' || op.state === 'uncertain' || op.state === 'queued') && op.lastError && (
        <ErrorNotice error={op.lastError} />
      )}
      {children}
    </div>
  );
}
