import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelQrInputSchema } from '../../../../shared/domain/operations';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationTracker, useOperation } from '../../components/OperationTracker';
import { validate } from '../../components/form';
import { TextField, useValues, inlineErrorsFrom } from '../shared/formKit';
import { submitOperation } from '../shared/submitOperation';
import { useAsync } from '../shared/useAsync';

export function CancelQr() {
  const { t } = useTranslation();
  const kit = useValues({ cardNo: '' });
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const submit = useAsync();

  const cancel = async () => {
    const checked = validate(cancelQrInputSchema, { cardNo: kit.values.cardNo });
    if (!checked.ok) return kit.setErrors(checked.errors);
    const o = await submit.run(() => submitOperation({ kind: 'uclbrt.qr.cancel', input: checked.data }), (err) => kit.setErrors(inlineErrorsFrom(err)));
    if (o) setOpId(o.id);
  };

  return (
    <form
      aria-label={t('cancel.qrTab')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void cancel();
      }}
    >
      <TextField kit={kit} name="cardNo" label={t('fields.cardNo')} autoFocus />
      <div className="actions">
        <button type="submit" className="danger" disabled={submit.busy}>
          {t('cancel.cancelQr')}
        </button>
      </div>
      <ErrorNotice error={submit.error} />
      <OperationTracker op={op} />
    </form>
  );
}
