import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardRead } from '../../../../shared/domain/encoder';
import type { OperationRequestInput } from '../../../../shared/domain/operations';
import type { CardIdentity } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { OperationTracker, useOperation } from '../../components/operation-tracker';
import { Field } from '../../components/form';
import { useNav } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { submitOperation } from '../shared/submit-operation';
import { useAsync } from '../shared/use-async';

/** What stopping this card takes, from what the station knows about it. */
function cancelRequest(identity: CardIdentity, read: CardRead, fallbackLockType: string): OperationRequestInput | null {
  const c = identity.card;
  if (identity.kind === 'qr' && c?.cardNo) return { kind: 'uclbrt.qr.cancel', input: { cardNo: c.cardNo } };
  if (identity.kind === 'tuya' && c?.deviceId && c.lockCardId)
    return { kind: 'tuya.delete', input: { deviceId: c.deviceId, lockCardId: c.lockCardId } };
  if (identity.kind === 'proximity') {
    const lockType = identity.room?.lockType ?? fallbackLockType;
    return { kind: 'uclbrt.prox.cancel', input: { serialNum: c?.serialNum ?? read.serialNum, lockType: lockType as 'QRALOCK' } };
  }
  return null;
}

/** A blank card: pick the room (from the directory) and issue this card for it. */
function IssueForRoom({ read }: { read: CardRead }) {
  const { t } = useTranslation();
  const render = useErrorText();
  const openRoom = useNav((s) => s.openRoom);
  const [room, setRoom] = useState('');
  const [error, setError] = useState<string | undefined>();
  const resolve = useAsync();
  const go = async () => {
    if (!room.trim()) return setError('is required');
    setError(undefined);
    const r = await resolve.run(() => call('rooms:resolve', { room: room.trim() }));
    if (r) openRoom({ room: r.key, panel: 'new-stay', serialNum: read.serialNum });
  };
  return (
    <form
      aria-label={t('read.issueForRoom')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <Field
        label={t('read.issueRoom')}
        error={error ?? (resolve.error ? render(resolve.error).text : undefined)}
        hint={t('read.issueRoomHint')}
      >
        {(a) => <input {...a} value={room} onChange={(e) => setRoom(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={resolve.busy}>
          {room.trim() ? t('read.issueForRoomButton', { room: room.trim() }) : t('read.issueForRoom')}
        </button>
      </div>
    </form>
  );
}

/** The actions a read card offers: duplicate, extend, cancel, check out the room; a blank one is issued for a room. */
export function CardActions({ identity, read }: { identity: CardIdentity; read: CardRead }) {
  const { t } = useTranslation();
  const openRoom = useNav((s) => s.openRoom);
  const lockType = useSettings((s) => s.settings?.encoder.lockType ?? s.settings?.uclbrt?.lockType ?? 'QRALOCK');
  const [confirming, setConfirming] = useState(false);
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const submit = useAsync();
  const room = identity.room;
  const label = identity.card?.cardNo ?? identity.card?.lockCardId ?? identity.card?.serialNum ?? read.serialNum;
  const cancel = cancelRequest(identity, read, lockType);

  if (identity.actions.includes('issue') && identity.blank) return <IssueForRoom read={read} />;
  return (
    <>
      <div className="actions" role="toolbar" aria-label={t('read.cardActions')}>
        {room && identity.actions.includes('duplicate') && (
          <button type="button" onClick={() => openRoom({ room: room.key, panel: 'duplicate' })}>
            {t('read.duplicate')}
          </button>
        )}
        {room && identity.actions.includes('extend') && (
          <button type="button" onClick={() => openRoom({ room: room.key, panel: 'extend' })}>
            {t('read.extend')}
          </button>
        )}
        {cancel && identity.actions.includes('cancel') && !op && (
          <button type="button" className="danger" disabled={submit.busy} onClick={() => setConfirming(true)}>
            {t('read.cancelCard')}
          </button>
        )}
        {room && identity.actions.includes('check-out') && (
          <button type="button" className="danger" onClick={() => openRoom({ room: room.key, panel: 'check-out' })}>
            {t('read.checkOut', { room: room.displayName })}
          </button>
        )}
        {room && identity.actions.includes('issue') && (
          <button
            type="button"
            className="primary"
            onClick={() => openRoom({ room: room.key, panel: 'new-stay', serialNum: read.serialNum })}
          >
            {t('read.issueForRoomButton', { room: room.displayName })}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('read.cancelTitle')}
        body={room ? t('read.cancelBody', { card: label, room: room.displayName }) : t('read.cancelBodyNoRoom', { card: label })}
        confirmLabel={t('read.cancelCard')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          if (cancel) void submit.run(async () => setOpId((await submitOperation(cancel)).id));
        }}
      />
      <ErrorNotice error={submit.error} />
      <OperationTracker op={op}>
        {op && (op.state === 'queued' || op.state === 'sending') && (
          <p className="notice notice-error">{t('read.stillOpens', { card: label })}</p>
        )}
      </OperationTracker>
    </>
  );
}
