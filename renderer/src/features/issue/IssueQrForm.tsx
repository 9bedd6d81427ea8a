import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueQrCardInputSchema } from '../../../../shared/domain/operations';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationTracker, useOperation } from '../../components/OperationTracker';
import { useEscape } from '../../components/escape';
import { compact, validate } from '../../components/form';
import type { IssuePrefill } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { CheckField, SelectField, TextField, opt, optNumber, useValues, inlineErrorsFrom } from '../shared/formKit';
import { submitOperation } from '../shared/submitOperation';
import { useAsync } from '../shared/useAsync';
import { defaultStay } from './dates';

export function IssueQrForm({ prefill }: { prefill: IssuePrefill | null }) {
  const { t } = useTranslation();
  const timezone = useSettings((s) => s.settings?.uclbrt?.timezone);
  const initial = {
    cardType: 'room',
    buildNo: prefill?.buildNo ?? '',
    floorNo: prefill?.floorNo ?? '',
    roomNo: prefill?.roomNo ?? '',
    areaCode: prefill?.areaCode ?? '86',
    mobile: prefill?.mobile ?? '',
    ...defaultStay(),
    times: '',
    opentype: 'single',
    cipherType: 'none',
    outInfo: '',
    sendSms: false,
    isLost: false,
  };
  const kit = useValues(initial);
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const submit = useAsync();
  useEscape(() => {
    if (opId) {
      setOpId(null);
      return true;
    }
    return false;
  });

  const onSubmit = async () => {
    const v = kit.values;
    const input = compact({
      cardType: v.cardType,
      buildNo: opt(v.buildNo),
      floorNo: opt(v.floorNo),
      roomNo: v.roomNo,
      areaCode: v.areaCode,
      mobile: v.mobile,
      start: opt(v.start),
      end: opt(v.end),
      times: optNumber(v.times),
      opentype: v.opentype,
      cipherType: v.cipherType,
      outInfo: opt(v.outInfo),
      sendSms: v.sendSms,
      isLost: v.isLost,
    });
    const checked = validate(issueQrCardInputSchema, input);
    if (!checked.ok) return kit.setErrors(checked.errors);
    const o = await submit.run(() => submitOperation({ kind: 'uclbrt.qr.issue', input: checked.data }), (err) => kit.setErrors(inlineErrorsFrom(err)));
    if (o) setOpId(o.id);
  };

  return (
    <form
      aria-label={t('issue.qrTab')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <div className="grid">
        <SelectField
          kit={kit}
          name="cardType"
          label={t('issue.cardType')}
          options={[
            { value: 'room', label: t('issue.cardTypes.room') },
            { value: 'floor', label: t('issue.cardTypes.floor') },
            { value: 'building', label: t('issue.cardTypes.building') },
          ]}
        />
        <TextField kit={kit} name="buildNo" label={t('fields.buildNo')} />
        <TextField kit={kit} name="floorNo" label={t('fields.floorNo')} />
        <TextField kit={kit} name="roomNo" label={t('fields.roomNo')} autoFocus />
        <TextField kit={kit} name="areaCode" label={t('fields.areaCode')} type="tel" />
        <TextField kit={kit} name="mobile" label={t('fields.mobile')} type="tel" />
        <TextField kit={kit} name="start" label={t('fields.start')} type="datetime-local" hint={timezone ? t('issue.inZone', { zone: timezone }) : undefined} />
        <TextField kit={kit} name="end" label={t('fields.end')} type="datetime-local" hint={timezone ? t('issue.inZone', { zone: timezone }) : undefined} />
        <TextField kit={kit} name="times" label={t('fields.times')} type="number" hint={t('issue.timesHint')} />
        <SelectField
          kit={kit}
          name="opentype"
          label={t('fields.opentype')}
          options={[
            { value: 'single', label: t('issue.opentypes.single') },
            { value: 'normally-open', label: t('issue.opentypes.normally-open') },
          ]}
        />
        <SelectField
          kit={kit}
          name="cipherType"
          label={t('fields.cipherType')}
          options={[
            { value: 'none', label: t('issue.cipherTypes.none') },
            { value: 'period', label: t('issue.cipherTypes.period') },
            { value: 'one-time', label: t('issue.cipherTypes.one-time') },
          ]}
        />
        <TextField kit={kit} name="outInfo" label={t('fields.outInfo')} />
        <CheckField kit={kit} name="sendSms" label={t('fields.sendSms')} />
        <CheckField kit={kit} name="isLost" label={t('fields.isLostCard')} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('issue.issueQr')}
        </button>
      </div>
      <ErrorNotice error={submit.error} />
      <OperationTracker op={op} />
    </form>
  );
}
