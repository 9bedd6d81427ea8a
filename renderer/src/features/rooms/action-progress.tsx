import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomActionStep, RoomActionView } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { formatDateTime } from '../../components/format';
import { useRooms } from '../../store/rooms';
import { kindLabel } from './room-words';

/** Follows one room action: main's `room-action:updated` events keep it current. */
export function useRoomAction(id: string | null): RoomActionView | undefined {
  const action = useRooms((s) => (id ? s.actions[id] : undefined));
  useEffect(() => {
    if (!id) return;
    let stop = false;
    call('rooms:actionGet', { id })
      .then((a) => {
        const known = useRooms.getState().actions[id];
        if (!stop && !known) useRooms.getState().actionUpdated(a);
      })
      .catch(() => {});
    return () => {
      stop = true;
    };
  }, [id]);
  return action;
}

function StepRow({ step }: { step: RoomActionStep }) {
  const { t } = useTranslation();
  const render = useErrorText();
  const wait = step.progress === 'queued' ? step.waitingFor : undefined;
  return (
    <li className={`action-step progress-${step.progress}`} data-testid="action-step" data-progress={step.progress} data-role={step.role}>
      <span className="step-role">{t(`actionRoles.${step.role}`)}</span>{' '}
      <span className="step-card">
        {kindLabel(step.cardKind, t)} <span className="mono">{step.cardLabel}</span>
      </span>
      {t('punct.sep')}
      <strong className="step-progress">{t(`stepProgress.${step.progress}`)}</strong>
      {step.progress === 'queued' && step.dependsOn && !wait && <span className="hint"> {t('rooms.stepAfterNew')}</span>}
      {wait && <span className="hint"> {render(wait.reason).text}</span>}
      {step.progress === 'failed' && step.lastError && <ErrorNotice error={step.lastError} />}
    </li>
  );
}

/** Per card of an action: done, queued or failed, as it happens. */
export function ActionProgress({ action }: { action: RoomActionView }) {
  const { t, i18n } = useTranslation();
  const render = useErrorText();
  return (
    <section
      className={`card-panel action action-${action.status}`}
      aria-label={t('rooms.actionRegion', { action: t(`roomActions.${action.action}`), room: action.roomName })}
      data-testid="action-progress"
      data-status={action.status}
    >
      <p role="status" aria-live="polite">
        <strong>{t(`roomActions.${action.action}`)}</strong> {t('target.room', { room: action.roomName })}
        {t('punct.sep')}
        {t(`actionStatus.${action.status}`)}
      </p>
      <p className="hint">{t('rooms.actionMeta', { time: formatDateTime(action.createdAt, i18n.language), operator: action.operator })}</p>
      <ol className="action-steps">
        {action.steps.map((s) => (
          <StepRow key={s.operationId} step={s} />
        ))}
      </ol>
      {action.notes.map((n, i) => (
        <p key={i} className="notice" role="note">
          {render(n).text}
        </p>
      ))}
    </section>
  );
}

/** An action by id (from a panel that just started it). */
export function ActionProgressById({ id }: { id: string }) {
  const action = useRoomAction(id);
  return action ? <ActionProgress action={action} /> : null;
}
