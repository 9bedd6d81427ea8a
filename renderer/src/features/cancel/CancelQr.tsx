import { useTranslation } from 'react-i18next';
import { cancelQrInputSchema } from '../../../../shared/domain/operations';
import { TextField, useValues } from '../shared/formKit';
import { OperationForm, useOperationSubmit } from '../shared/formShells';

export function CancelQr() {
  const { t } = useTranslation();
  const kit = useValues({ cardNo: '' });
  const flow = useOperationSubmit(kit.setErrors);

  const cancel = async () => {
    await flow.sendValid(cancelQrInputSchema, { cardNo: kit.values.cardNo }, (data) => ({ kind: 'uclbrt.qr.cancel', input: data }));
  };

  return (
    <OperationForm label={t('cancel.qrTab')} submitLabel={t('cancel.cancelQr')} submitClassName="danger" flow={flow} onSubmit={cancel}>
      <TextField kit={kit} name="cardNo" label={t('fields.cardNo')} autoFocus />
    </OperationForm>
  );
}
