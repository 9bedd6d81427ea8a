import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { validate } from '../../components/form';
import { cancelQrInputSchema } from '../../../../shared/domain/operations';
import { TextField, useValues } from '../shared/formKit';
import { OperationForm, useOperationSubmit } from '../shared/formShells';

export function CancelQr() {
  const { t } = useTranslation();
  const kit = useValues({ cardNo: '' });
  const flow = useOperationSubmit(kit.setErrors);

  const [confirming, setConfirming] = useState(false);
  const cancel = async () => {
    await flow.sendValid(cancelQrInputSchema, { cardNo: kit.values.cardNo }, (data) => ({ kind: 'uclbrt.qr.cancel', input: data }));
  };
  // Checked first (inline errors, nothing asked), then confirmed: the card stops opening the door.
  const ask = () => {
    const checked = validate(cancelQrInputSchema, { cardNo: kit.values.cardNo });
    if (!checked.ok) return kit.setErrors(checked.errors);
    setConfirming(true);
  };

  return (
    <OperationForm label={t('cancel.qrTab')} submitLabel={t('cancel.cancelQr')} submitClassName="danger" flow={flow} onSubmit={ask}>
      <TextField kit={kit} name="cardNo" label={t('fields.cardNo')} autoFocus />
      <ConfirmDialog
        open={confirming}
        title={t('cancel.confirmTitle')}
        body={t('cancel.confirmQr', { card: kit.values.cardNo.trim() })}
        confirmLabel={t('cancel.cancelQr')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void cancel();
        }}
      />
    </OperationForm>
  );
}
