import { useEffect, useState } from 'react';
import type { RoomSummary } from '../../../../shared/domain/rooms';
import { useTranslation } from 'react-i18next';
import { tuyaCardRefSchema } from '../../../../shared/domain/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { OperationTracker, useOperation } from '../../components/operation-tracker';
import { validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { TextField, useValues, inlineErrorsFrom } from '../shared/form-kit';
import { submitOperation } from '../shared/submit-operation';
import { useAsync } from '../shared/use-async';
import { useCardOnEncoder } from '../shared/use-card-on-encoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/use-encoder-hold';
import { call } from '../../api/station';

type Action = 'tuya.delete' | 'tuya.freeze' | 'tuya.unfreeze';
/** The actions that stop a guest's card: each is confirmed first, naming the card and its lock. */
type Confirmed = 'tuya.delete' | 'tuya.freeze';

/** A stable empty list: a zustand selector must not return a new array on every call. */
const NO_LOCKS: readonly string[] = [];
/**
 * Delete a card from a Tuya lock, or freeze and unfreeze it. Delete and freeze stop the guest's
 * card, so they ask first; unfreeze gives the door back and goes at once.
 */
export function TuyaCardActions() {
  const { t } = useTranslation();
  const locks = useSettings((s) => s.settings?.tuya?.lockDeviceIds) ?? NO_LOCKS;
  const kit = useValues({ deviceId: locks[0] ?? '', lockCardId: '' });
  const [opId, setOpId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirmed | null>(null);
  // The directory's rooms, to name the room a lock serves in the confirmation (none: the lock alone).
  const [rooms, setRooms] = useState<readonly RoomSummary[]>([]);
  useEffect(() => {
    call('rooms:list', {})
      .then((l) => setRooms(l.items))
      .catch(() => {});
  }, []);
  const op = useOperation(opId);
  const submit = useAsync();
  const lookup = useAsync();

  // A card placed on the encoder fills in its lock and lock card id from the station's records; the
  // encoder is kept for it until a card was placed or something was sent.
  const [cardPlaced, setCardPlaced] = useState(false);
  const hold = useEncoderHold(cardPlaced || opId ? null : 'tuya-card');
  useCardOnEncoder((card) => {
    setCardPlaced(true);
    void lookup.run(async () => {
      const { card: record } = await call('cards:details', { serialNum: card.serialNum });
      if (record?.provider === 'tuya' && record.deviceId && record.lockCardId) {
        kit.set('deviceId', record.deviceId);
        kit.set('lockCardId', record.lockCardId);
      }
    });
  }, hold.acceptsCards);

  const checkedRef = () => {
    const checked = validate(tuyaCardRefSchema, { deviceId: kit.values.deviceId, lockCardId: kit.values.lockCardId });
    if (!checked.ok) kit.setErrors(checked.errors);
    return checked.ok ? checked.data : undefined;
  };
  const send = async (kind: Action) => {
    const ref = checkedRef();
    if (!ref) return;
    const o = await submit.run(
      () => submitOperation({ kind, input: ref }),
      (err) => kit.setErrors(inlineErrorsFrom(err)),
    );
    if (o) setOpId(o.id);
  };
  /** Asks before `kind`, once the card and lock are filled in (the dialog names them). */
  const confirm = (kind: Confirmed) => {
    if (checkedRef()) setConfirming(kind);
  };
  const card = kit.values.lockCardId.trim();
  const lock = kit.values.deviceId.trim();
  const room = rooms.find((r) => r.tuya?.deviceId === lock)?.displayName;

  return (
    <form
      aria-label={t('cancel.tuyaTab')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        confirm('tuya.delete');
      }}
    >
      <datalist id="tuya-locks-cancel">
        {locks.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <p className="lead">{t('cancel.tuyaPlaceCard')}</p>
      <EncoderHoldNotice hold={hold} />
      <div className="grid">
        <TextField kit={kit} name="deviceId" label={t('fields.deviceId')} list="tuya-locks-cancel" autoFocus />
        <TextField kit={kit} name="lockCardId" label={t('fields.lockCardId')} />
      </div>
      <div className="actions">
        <button type="submit" className="danger" disabled={submit.busy}>
          {t('cancel.tuyaDelete')}
        </button>
        <button type="button" disabled={submit.busy} onClick={() => confirm('tuya.freeze')}>
          {t('cancel.tuyaFreeze')}
        </button>
        <button type="button" disabled={submit.busy} onClick={() => void send('tuya.unfreeze')}>
          {t('cancel.tuyaUnfreeze')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'tuya.freeze' ? t('cancel.tuyaFreezeConfirmTitle') : t('cancel.tuyaDeleteConfirmTitle')}
        body={
          confirming === 'tuya.freeze'
            ? room
              ? t('cancel.tuyaFreezeConfirmRoom', { card, lock, room })
              : t('cancel.tuyaFreezeConfirm', { card, lock })
            : t('cancel.tuyaDeleteConfirm', { card, lock })
        }
        confirmLabel={confirming === 'tuya.freeze' ? t('cancel.tuyaFreeze') : t('cancel.tuyaDelete')}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const kind = confirming;
          setConfirming(null);
          if (kind) void send(kind);
        }}
      />
      <ErrorNotice error={submit.error ?? lookup.error} />
      <OperationTracker op={op} />
    </form>
  );
}
