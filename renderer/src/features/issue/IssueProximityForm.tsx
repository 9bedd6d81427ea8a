import { useTranslation } from 'react-i18next';
import { issueProximityInputSchema } from '../../../../shared/domain/operations';
import { compact } from '../../components/form';
import type { IssuePrefill } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { CheckField, LockTypeField, TextField, opt, useValues } from '../shared/formKit';
import { OperationForm, useOperationSubmit } from '../shared/formShells';
import { useCardOnEncoder } from '../shared/useCardOnEncoder';
import { defaultStay } from './dates';
import { OpentypeField } from './OpentypeField';

/** UCLBRT makeRoomCard: the blank card lies on the encoder, its serial number fills in by itself. */
export function IssueProximityForm({ prefill }: { prefill: IssuePrefill | null }) {
  const { t } = useTranslation();
  const settings = useSettings((s) => s.settings);
  const kit = useValues({
    serialNum: '',
    buildNo: prefill?.buildNo ?? '',
    floorNo: prefill?.floorNo ?? '',
    roomNo: prefill?.roomNo ?? '',
    end: defaultStay().end,
    lockType: settings?.encoder.lockType ?? settings?.uclbrt?.lockType ?? 'QRALOCK',
    owner: '',
    ownerAreaCode: prefill?.areaCode ?? '86',
    ownerMobile: prefill?.mobile ?? '',
    opentype: 'single',
    isLost: false,
  });
  useCardOnEncoder((card) => kit.set('serialNum', card.serialNum));
  const flow = useOperationSubmit(kit.setErrors);

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
    <OperationForm label={t('issue.proxTab')} submitLabel={t('issue.issueProx')} flow={flow} onSubmit={onSubmit}>
      <p className="lead">{kit.values.serialNum ? t('issue.cardReady', { serial: kit.values.serialNum }) : t('issue.placeBlank')}</p>
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
