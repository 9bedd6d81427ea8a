import { useTranslation } from 'react-i18next';
import { issueProximityInputSchema } from '../../../../shared/domain/operations';
import { compact } from '../../components/form';
import type { Operation } from '../../../../shared/domain/operations';
import type { IssuePrefill } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { CheckField, LockTypeField, TextField, opt, useValues } from '../shared/form-kit';
import { OperationForm, useOperationSubmit } from '../shared/form-shells';
import { useCardOnEncoder } from '../shared/use-card-on-encoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/use-encoder-hold';
import { defaultStay } from './dates';
import { OpentypeField } from './opentype-field';

/** UCLBRT makeRoomCard: the blank card lies on the encoder, its serial number fills in by itself. */
export function IssueProximityForm({ prefill, resend }: { prefill: IssuePrefill | null; resend?: Operation<'uclbrt.prox.issue'> }) {
  const { t } = useTranslation();
  const settings = useSettings((s) => s.settings);
  const was = resend?.input;
  const kit = useValues({
    serialNum: was?.serialNum ?? '',
    buildNo: was?.buildNo ?? prefill?.buildNo ?? '',
    floorNo: was?.floorNo ?? prefill?.floorNo ?? '',
    roomNo: was?.roomNo ?? prefill?.roomNo ?? '',
    end: was?.end ?? defaultStay().end,
    lockType: was?.lockType ?? settings?.encoder.lockType ?? settings?.uclbrt?.lockType ?? 'QRALOCK',
    owner: was?.owner ?? '',
    ownerAreaCode: was?.ownerAreaCode ?? prefill?.areaCode ?? '86',
    ownerMobile: was?.ownerMobile ?? prefill?.mobile ?? '',
    opentype: was?.opentype ?? 'single',
    isLost: was?.isLost ?? false,
  });
  const flow = useOperationSubmit(kit.setErrors, resend?.id);
  // The encoder is kept for the blank card until it is issued (editing a failed one waits for no card).
  const hold = useEncoderHold(resend || flow.opId ? null : 'issue-proximity');
  useCardOnEncoder((card) => kit.set('serialNum', card.serialNum), hold.acceptsCards);

  const onSubmit = async () => {
    const v = kit.values;
    const input = compact({
      serialNum: v.serialNum,
      buildNo: opt(v.buildNo),
      floorNo: opt(v.floorNo),
      roomNo: v.roomNo,
      end: v.end,
      lockType: v.lockType,
      owner: opt(v.owner),
      ownerAreaCode: v.ownerAreaCode,
      ownerMobile: opt(v.ownerMobile),
      opentype: v.opentype,
      isLost: v.isLost,
    });
    await flow.sendValid(issueProximityInputSchema, input, (data) => ({ kind: 'uclbrt.prox.issue', input: data }));
  };

  return (
    <OperationForm
      label={resend ? t('queue.editTitle') : t('issue.proxTab')}
      submitLabel={resend ? t('queue.resend') : t('issue.issueProx')}
      flow={flow}
      onSubmit={onSubmit}
    >
      <p className="lead">{kit.values.serialNum ? t('issue.cardReady', { serial: kit.values.serialNum }) : t('issue.placeBlank')}</p>
      <EncoderHoldNotice hold={hold} />
      <div className="grid">
        <TextField kit={kit} name="serialNum" label={t('fields.serialNum')} hint={t('issue.serialHint')} />
        <TextField kit={kit} name="buildNo" label={t('fields.buildNo')} />
        <TextField kit={kit} name="floorNo" label={t('fields.floorNo')} />
        <TextField kit={kit} name="roomNo" label={t('fields.roomNo')} autoFocus />
        <TextField kit={kit} name="end" label={t('fields.end')} type="datetime-local" />
        <LockTypeField kit={kit} />
        <TextField kit={kit} name="owner" label={t('fields.owner')} />
        <TextField kit={kit} name="ownerAreaCode" label={t('fields.areaCode')} type="tel" />
        <TextField kit={kit} name="ownerMobile" label={t('fields.mobile')} type="tel" />
        <OpentypeField kit={kit} />
        <CheckField kit={kit} name="isLost" label={t('fields.isLostCard')} />
      </div>
    </OperationForm>
  );
}
