import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCK_TYPES } from '../../../../shared/domain/cloud';
import { issueProximityInputSchema } from '../../../../shared/domain/operations';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationTracker, useOperation } from '../../components/OperationTracker';
import { compact, validate } from '../../components/form';
import type { IssuePrefill } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { CheckField, SelectField, TextField, opt, useValues, inlineErrorsFrom } from '../shared/formKit';
import { submitOperation } from '../shared/submitOperation';
import { useAsync } from '../shared/useAsync';
import { useCardOnEncoder } from '../shared/useCardOnEncoder';
import { defaultStay } from './dates';

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
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const submit = useAsync();

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
    const checked = validate(issueProximityInputSchema, input);
    if (!checked.ok) return kit.setErrors(checked.errors);
    const o = await submit.run(() => submitOperation({ kind: 'uclbrt.prox.issue', input: checked.data }), (err) => kit.setErrors(inlineErrorsFrom(err)));
    if (o) setOpId(o.id);
  };

  return (
    <form
      aria-label={t('issue.proxTab')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <p className="lead">{kit.values.serialNum ? t('issue.cardReady', { serial: kit.values.serialNum }) : t('issue.placeBlank')}</p>
      <div className="grid">
        <TextField kit={kit} name="serialNum" label={t('fields.serialNum')} hint={t('issue.serialHint')} />
        <TextField kit={kit} name="buildNo" label={t('fields.buildNo')} />
        <TextField kit={kit} name="floorNo" label={t('fields.floorNo')} />
        <TextField kit={kit} name="roomNo" label={t('fields.roomNo')} autoFocus />
        <TextField kit={kit} name="end" label={t('fields.end')} type="datetime-local" />
        <SelectField kit={kit} name="lockType" label={t('fields.lockType')} options={LOCK_TYPES.map((l) => ({ value: l, label: l }))} />
        <TextField kit={kit} name="owner" label={t('fields.owner')} />
        <TextField kit={kit} name="ownerAreaCode" label={t('fields.areaCode')} type="tel" />
        <TextField kit={kit} name="ownerMobile" label={t('fields.mobile')} type="tel" />
        <SelectField
          kit={kit}
          name="opentype"
          label={t('fields.opentype')}
          options={[
            { value: 'single', label: t('issue.opentypes.single') },
            { value: 'normally-open', label: t('issue.opentypes.normally-open') },
          ]}
        />
        <CheckField kit={kit} name="isLost" label={t('fields.isLostCard')} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('issue.issueProx')}
        </button>
      </div>
      <ErrorNotice error={submit.error} />
      <OperationTracker op={op} />
    </form>
  );
}
