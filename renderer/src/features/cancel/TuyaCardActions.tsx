import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tuyaCardRefSchema } from '../../../../shared/domain/operations';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationTracker, useOperation } from '../../components/OperationTracker';
import { validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { TextField, useValues, inlineErrorsFrom } from '../shared/formKit';
import { submitOperation } from '../shared/submitOperation';
import { useAsync } from '../shared/useAsync';
import { useCardOnEncoder } from '../shared/useCardOnEncoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/useEncoderHold';
import { call } from '../../api/station';

type Action = 'tuya.delete' | 'tuya.freeze' | 'tuya.unfreeze';


/** A stable empty list: a zustand selector must not return a new array on every call. */
const NO_LOCKS: readonly string[] = [];
/** Delete a card from a Tuya lock, or freeze and unfreeze it. */
export function TuyaCardActions() {
  const { t } = useTranslation();
  const locks = useSettings((s) => s.settings?.tuya?.lockDeviceIds) ?? NO_LOCKS;
  const kit = useValues({ deviceId: locks[0] ?? '', lockCardId: '' });
  const [opId, setOpId] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
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

  const send = async (kind: Action) => {
    const checked = validate(tuyaCardRefSchema, { deviceId: kit.values.deviceId, lockCardId: kit.values.lockCardId });
    if (!checked.ok) return kit.setErrors(checked.errors);
    const o = await submit.run(() => submitOperation({ kind, input: checked.data }), (err) => kit.setErrors(inlineErrorsFrom(err)));
    if (o) setOpId(o.id);
  };

  return (
    <form
      aria-label={t('cancel.tuyaTab')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setConfirmDelete(true);
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
        <button type="button" disabled={submit.busy} onClick={() => void send('tuya.freeze')}>
          {t('cancel.tuyaFreeze')}
        </button>
        <button type="button" disabled={submit.busy} onClick={() => void send('tuya.unfreeze')}>
          {t('cancel.tuyaUnfreeze')}
        </button>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={t('cancel.tuyaDeleteConfirmTitle')}
        body={t('cancel.tuyaDeleteConfirm', { card: kit.values.lockCardId, lock: kit.values.deviceId })}
        confirmLabel={t('cancel.tuyaDelete')}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void send('tuya.delete');
        }}
      />
      <ErrorNotice error={submit.error ?? lookup.error} />
      <OperationTracker op={op} />
    </form>
  );
}
