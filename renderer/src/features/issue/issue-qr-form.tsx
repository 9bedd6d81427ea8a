import { useTranslation } from 'react-i18next';
import { issueQrCardInputSchema } from '../../../../shared/domain/operations';
import { useEscape } from '../../components/escape';
import { compact } from '../../components/form';
import type { Operation } from '../../../../shared/domain/operations';
import type { IssuePrefill } from '../../store/nav';
import { useSettings } from '../../store/settings';
import { CheckField, SelectField, choices, TextField, opt, optNumber, useValues } from '../shared/form-kit';
import { OperationForm, useOperationSubmit } from '../shared/form-shells';
import { defaultStay } from './dates';
import { OpentypeField } from './opentype-field';

/** With `resend`, the same form edits a failed or uncertain issue and sends it as its replacement. */
export function IssueQrForm({ prefill, resend }: { prefill: IssuePrefill | null; resend?: Operation<'uclbrt.qr.issue'> }) {
  const { t } = useTranslation();
  const timezone = useSettings((s) => s.settings?.uclbrt?.timezone);
  const was = resend?.input;
  const stay = defaultStay();
  const initial = {
    cardType: was?.cardType ?? 'room',
    buildNo: was?.buildNo ?? prefill?.buildNo ?? '',
    floorNo: was?.floorNo ?? prefill?.floorNo ?? '',
    roomNo: was?.roomNo ?? prefill?.roomNo ?? '',
    areaCode: was?.areaCode ?? prefill?.areaCode ?? '86',
    mobile: was?.mobile ?? prefill?.mobile ?? '',
    start: was ? (was.start ?? '') : stay.start,
    end: was ? (was.end ?? '') : stay.end,
    times: was?.times === undefined ? '' : String(was.times),
    opentype: was?.opentype ?? 'single',
    cipherType: was?.cipherType ?? 'none',
    outInfo: was?.outInfo ?? '',
    sendSms: was?.sendSms ?? false,
    isLost: was?.isLost ?? false,
  };
  const kit = useValues(initial);
  const flow = useOperationSubmit(kit.setErrors, resend?.id);
  useEscape(() => {
    if (flow.opId) {
      flow.setOpId(null);
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
    await flow.sendValid(issueQrCardInputSchema, input, (data) => ({ kind: 'uclbrt.qr.issue', input: data }));
  };

  return (
    <OperationForm
      label={resend ? t('queue.editTitle') : t('issue.qrTab')}
      submitLabel={resend ? t('queue.resend') : t('issue.issueQr')}
      flow={flow}
      onSubmit={onSubmit}
    >
      <div className="grid">
        <SelectField
          kit={kit}
          name="cardType"
          label={t('issue.cardType')}
          options={choices(['room', 'floor', 'building'], (v) => t(`issue.cardTypes.${v}`))}
        />
        <TextField kit={kit} name="buildNo" label={t('fields.buildNo')} />
        <TextField kit={kit} name="floorNo" label={t('fields.floorNo')} />
        <TextField kit={kit} name="roomNo" label={t('fields.roomNo')} autoFocus />
        <TextField kit={kit} name="areaCode" label={t('fields.areaCode')} type="tel" />
        <TextField kit={kit} name="mobile" label={t('fields.mobile')} type="tel" />
        <TextField
          kit={kit}
          name="start"
          label={t('fields.start')}
          type="datetime-local"
          hint={timezone ? t('issue.inZone', { zone: timezone }) : undefined}
        />
        <TextField
          kit={kit}
          name="end"
          label={t('fields.end')}
          type="datetime-local"
          hint={timezone ? t('issue.inZone', { zone: timezone }) : undefined}
        />
        <TextField kit={kit} name="times" label={t('fields.times')} type="number" hint={t('issue.timesHint')} />
        <OpentypeField kit={kit} />
        <SelectField
          kit={kit}
          name="cipherType"
          label={t('fields.cipherType')}
          options={choices(['none', 'period', 'one-time'], (v) => t(`issue.cipherTypes.${v}`))}
        />
        <TextField kit={kit} name="outInfo" label={t('fields.outInfo')} />
        <CheckField kit={kit} name="sendSms" label={t('fields.sendSms')} />
        <CheckField kit={kit} name="isLost" label={t('fields.isLostCard')} />
      </div>
    </OperationForm>
  );
}
