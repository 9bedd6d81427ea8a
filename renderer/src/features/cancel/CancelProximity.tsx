import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardRead } from '../../../../shared/domain/encoder';
import type { CardDetails } from '../../../../shared/domain/registry';
import { cancelProximityInputSchema } from '../../../../shared/domain/operations';
import { call } from '../../api/station';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationTracker, useOperation } from '../../components/OperationTracker';
import { validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { CardRecordView } from '../shared/CardRecordView';
import { LockTypeField, useValues } from '../shared/formKit';
import { submitOperation } from '../shared/submitOperation';
import { useAsync } from '../shared/useAsync';
import { useCardOnEncoder } from '../shared/useCardOnEncoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/useEncoderHold';

/** Place the card, see what it is, cancel it. */
export function CancelProximity() {
  const { t } = useTranslation();
  const settings = useSettings((s) => s.settings);
  const [card, setCard] = useState<CardRead | null>(null);
  const [details, setDetails] = useState<CardDetails | null>(null);
  const kit = useValues({ lockType: settings?.encoder.lockType ?? settings?.uclbrt?.lockType ?? 'QRALOCK' });
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const submit = useAsync();
  const lookup = useAsync();
  const { run: runLookup } = lookup;

  // The encoder is kept while the screen waits for the card to cancel.
  const hold = useEncoderHold(card ? null : 'cancel-proximity');
  useCardOnEncoder((c) => {
    setCard(c);
    setDetails(null);
    setOpId(null);
  }, hold.acceptsCards);
  useEffect(() => {
    if (!card) return;
    void runLookup(async () => setDetails(await call('cards:details', { serialNum: card.serialNum })));
  }, [card, runLookup]);

  const [confirming, setConfirming] = useState(false);
  // The card's record follows the cancel: once done it reads "cancelled".
  const opState = op?.state;
  useEffect(() => {
    if (!opState || !card) return;
    call('cards:details', { serialNum: card.serialNum })
      .then(setDetails)
      .catch(() => {});
  }, [opState, card]);
  const cancel = async () => {
    if (!card) return;
    const checked = validate(cancelProximityInputSchema, { serialNum: card.serialNum, lockType: kit.values.lockType });
    if (!checked.ok) return kit.setErrors(checked.errors);
    const o = await submit.run(() => submitOperation({ kind: 'uclbrt.prox.cancel', input: checked.data }));
    if (o) setOpId(o.id);
  };

  if (!card)
    return (
      <>
        <p className="lead">{t('cancel.placeCard')}</p>
        <EncoderHoldNotice hold={hold} />
      </>
    );
  return (
    <form
      aria-label={t('cancel.proxTab')}
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <h2>
        {t('read.serialNum')}
        {t('punct.colon')}
        <span className="mono">{card.serialNum}</span>
      </h2>
      <ErrorNotice error={lookup.error} />
      {details && (details.card ? <CardRecordView card={details.card} /> : <p>{t('read.unknownCard')}</p>)}
      <LockTypeField kit={kit} />
      {!op && (
        <div className="actions">
          <button type="submit" className="danger" disabled={submit.busy} autoFocus>
            {t('cancel.cancelCard', { serial: card.serialNum })}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('cancel.confirmTitle')}
        body={t('cancel.confirmProx', { card: card.serialNum })}
        confirmLabel={t('cancel.cancelCard', { serial: card.serialNum })}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void cancel();
        }}
      />
      <ErrorNotice error={submit.error} />
      <OperationTracker op={op} />
    </form>
  );
}
