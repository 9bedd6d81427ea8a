import { useTranslation } from 'react-i18next';
import { tuyaIssueInputSchema } from '../../../../shared/domain/operations';
import { compact } from '../../components/form';
import type { Operation } from '../../../../shared/domain/operations';
import type { IssuePrefill } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { TextField, opt, useValues } from '../shared/form-kit';
import { OperationForm, useOperationSubmit } from '../shared/form-shells';
import { useCardOnEncoder } from '../shared/use-card-on-encoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/use-encoder-hold';
import { defaultStay } from './dates';

/** A stable empty list: a zustand selector must not return a new array on every call. */
const NO_LOCKS: readonly string[] = [];
/** Issues the card on the encoder to one Tuya lock, for a stay. */
export function IssueTuyaForm({ prefill, resend }: { prefill: IssuePrefill | null; resend?: Operation<'tuya.issue'> }) {
  const { t } = useTranslation();
  const locks = useSettings((s) => s.settings?.tuya?.lockDeviceIds) ?? NO_LOCKS;
  const stay = defaultStay();
  const was = resend?.input;
  const kit = useValues({
    deviceId: was?.deviceId ?? prefill?.deviceId ?? locks[0] ?? '',
    cardId: was?.cardId ?? '',
    start: was ? (was.start ?? '') : stay.start,
    end: was ? (was.end ?? '') : stay.end,
  });
  const flow = useOperationSubmit(kit.setErrors, resend?.id);
  // The encoder is kept for the card until it is issued (editing a failed one waits for no card).
  const hold = useEncoderHold(resend || flow.opId ? null : 'issue-tuya');
  useCardOnEncoder((card) => kit.set('cardId', card.serialNum), hold.acceptsCards);

  const onSubmit = async () => {
    const v = kit.values;
    const input = compact({ deviceId: v.deviceId, cardId: v.cardId, start: opt(v.start), end: opt(v.end) });
    await flow.sendValid(tuyaIssueInputSchema, input, (data) => ({ kind: 'tuya.issue', input: data }));
  };

  return (
    <OperationForm
      label={resend ? t('queue.editTitle') : t('issue.tuyaTab')}
      submitLabel={resend ? t('queue.resend') : t('issue.issueTuya')}
      flow={flow}
      onSubmit={onSubmit}
    >
      <p className="lead">{kit.values.cardId ? t('issue.cardReady', { serial: kit.values.cardId }) : t('issue.placeBlank')}</p>
      <EncoderHoldNotice hold={hold} />
      <datalist id="tuya-locks">
        {locks.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <div className="grid">
        <TextField kit={kit} name="deviceId" label={t('fields.deviceId')} list="tuya-locks" autoFocus />
        <TextField kit={kit} name="cardId" label={t('fields.cardId')} hint={t('issue.serialHint')} />
        <TextField kit={kit} name="start" label={t('fields.start')} type="datetime-local" />
        <TextField kit={kit} name="end" label={t('fields.end')} type="datetime-local" />
      </div>
    </OperationForm>
  );
}
