import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  cancelProximityInputSchema,
  cancelQrInputSchema,
  reportLostInputSchema,
  tuyaCardRefSchema,
  tuyaModifyInputSchema,
  type Operation,
  type OperationKind,
} from '../../../../shared/domain/operations';
import { ErrorNotice } from '../../components/error-notice';
import { useEscape } from '../../components/escape';
import { compact } from '../../components/form';
import { useOperations } from '../../store/operations';
import { IssueProximityForm } from '../issue/issue-proximity-form';
import { IssueQrForm } from '../issue/issue-qr-form';
import { IssueTuyaForm } from '../issue/issue-tuya-form';
import { CheckField, LockTypeField, TextField, opt, useValues } from '../shared/form-kit';
import { OperationForm, useOperationSubmit } from '../shared/form-shells';

type Of<K extends OperationKind> = Operation<K>;

function ReportLostResend({ op }: { op: Of<'uclbrt.qr.reportLost'> }) {
  const { t } = useTranslation();
  const was = op.input;
  const kit = useValues({
    cardNo: was.cardNo,
    wholeRoom: was.wholeRoom ?? false,
    buildNo: was.buildNo ?? '',
    floorNo: was.floorNo ?? '',
    roomNo: was.roomNo ?? '',
  });
  const flow = useOperationSubmit(kit.setErrors, op.id);
  const onSubmit = () => {
    const v = kit.values;
    const input = compact({
      cardNo: v.cardNo,
      wholeRoom: v.wholeRoom,
      buildNo: opt(v.buildNo),
      floorNo: opt(v.floorNo),
      roomNo: opt(v.roomNo),
    });
    return flow.sendValid(reportLostInputSchema, input, (data) => ({ kind: 'uclbrt.qr.reportLost', input: data }));
  };
  return (
    <OperationForm label={t('queue.editTitle')} submitLabel={t('queue.resend')} submitClassName="danger" flow={flow} onSubmit={onSubmit}>
      <div className="grid">
        <TextField kit={kit} name="cardNo" label={t('fields.cardNo')} autoFocus />
        <CheckField kit={kit} name="wholeRoom" label={t('fields.wholeRoom')} />
        <TextField kit={kit} name="buildNo" label={t('fields.buildNo')} />
        <TextField kit={kit} name="floorNo" label={t('fields.floorNo')} />
        <TextField kit={kit} name="roomNo" label={t('fields.roomNo')} />
      </div>
    </OperationForm>
  );
}

function CancelQrResend({ op }: { op: Of<'uclbrt.qr.cancel'> }) {
  const { t } = useTranslation();
  const kit = useValues({ cardNo: op.input.cardNo });
  const flow = useOperationSubmit(kit.setErrors, op.id);
  return (
    <OperationForm
      label={t('queue.editTitle')}
      submitLabel={t('queue.resend')}
      submitClassName="danger"
      flow={flow}
      onSubmit={() =>
        flow.sendValid(cancelQrInputSchema, { cardNo: kit.values.cardNo }, (data) => ({ kind: 'uclbrt.qr.cancel', input: data }))
      }
    >
      <TextField kit={kit} name="cardNo" label={t('fields.cardNo')} autoFocus />
    </OperationForm>
  );
}

function CancelProximityResend({ op }: { op: Of<'uclbrt.prox.cancel'> }) {
  const { t } = useTranslation();
  const kit = useValues({ serialNum: op.input.serialNum, lockType: op.input.lockType as string });
  const flow = useOperationSubmit(kit.setErrors, op.id);
  return (
    <OperationForm
      label={t('queue.editTitle')}
      submitLabel={t('queue.resend')}
      submitClassName="danger"
      flow={flow}
      onSubmit={() => flow.sendValid(cancelProximityInputSchema, kit.values, (data) => ({ kind: 'uclbrt.prox.cancel', input: data }))}
    >
      <div className="grid">
        <TextField kit={kit} name="serialNum" label={t('fields.serialNum')} autoFocus />
        <LockTypeField kit={kit} />
      </div>
    </OperationForm>
  );
}

function TuyaModifyResend({ op }: { op: Of<'tuya.modify'> }) {
  const { t } = useTranslation();
  const kit = useValues({ deviceId: op.input.deviceId, lockCardId: op.input.lockCardId, start: op.input.start, end: op.input.end });
  const flow = useOperationSubmit(kit.setErrors, op.id);
  return (
    <OperationForm
      label={t('queue.editTitle')}
      submitLabel={t('queue.resend')}
      flow={flow}
      onSubmit={() => flow.sendValid(tuyaModifyInputSchema, kit.values, (data) => ({ kind: 'tuya.modify', input: data }))}
    >
      <div className="grid">
        <TextField kit={kit} name="deviceId" label={t('fields.deviceId')} autoFocus />
        <TextField kit={kit} name="lockCardId" label={t('fields.lockCardId')} />
        <TextField kit={kit} name="start" label={t('fields.start')} type="datetime-local" />
        <TextField kit={kit} name="end" label={t('fields.end')} type="datetime-local" />
      </div>
    </OperationForm>
  );
}

function TuyaCardResend({ op }: { op: Of<'tuya.delete' | 'tuya.freeze' | 'tuya.unfreeze'> }) {
  const { t } = useTranslation();
  const kit = useValues({ deviceId: op.input.deviceId, lockCardId: op.input.lockCardId });
  const flow = useOperationSubmit(kit.setErrors, op.id);
  return (
    <OperationForm
      label={t('queue.editTitle')}
      submitLabel={t('queue.resend')}
      submitClassName={op.kind === 'tuya.delete' ? 'danger' : 'primary'}
      flow={flow}
      onSubmit={() => flow.sendValid(tuyaCardRefSchema, kit.values, (data) => ({ kind: op.kind, input: data }))}
    >
      <div className="grid">
        <TextField kit={kit} name="deviceId" label={t('fields.deviceId')} autoFocus />
        <TextField kit={kit} name="lockCardId" label={t('fields.lockCardId')} />
      </div>
    </OperationForm>
  );
}

function FormFor({ op }: { op: Operation }) {
  switch (op.kind) {
    case 'uclbrt.qr.issue':
      return <IssueQrForm prefill={null} resend={op as Of<'uclbrt.qr.issue'>} />;
    case 'uclbrt.prox.issue':
      return <IssueProximityForm prefill={null} resend={op as Of<'uclbrt.prox.issue'>} />;
    case 'tuya.issue':
      return <IssueTuyaForm prefill={null} resend={op as Of<'tuya.issue'>} />;
    case 'uclbrt.qr.reportLost':
      return <ReportLostResend op={op as Of<'uclbrt.qr.reportLost'>} />;
    case 'uclbrt.qr.cancel':
      return <CancelQrResend op={op as Of<'uclbrt.qr.cancel'>} />;
    case 'uclbrt.prox.cancel':
      return <CancelProximityResend op={op as Of<'uclbrt.prox.cancel'>} />;
    case 'tuya.modify':
      return <TuyaModifyResend op={op as Of<'tuya.modify'>} />;
    case 'tuya.delete':
    case 'tuya.freeze':
    case 'tuya.unfreeze':
      return <TuyaCardResend op={op as Of<'tuya.delete' | 'tuya.freeze' | 'tuya.unfreeze'>} />;
  }
}

/**
 * Edit and resend: the same typed form the operation was made with (issuing: with building and
 * floor, lock type and the other choices), filled in from it; sending it replaces the operation.
 */
export function EditResend({ op, onClose }: { op: Operation; onClose: () => void }) {
  const { t } = useTranslation();
  // Once its replacement is accepted the panel closes: the list shows the new operation.
  const replaced = useOperations((s) => Object.values(s.byId).some((o) => o.replaces === op.id));
  useEffect(() => {
    if (replaced) onClose();
  }, [replaced, onClose]);
  useEscape(() => {
    onClose();
    return true;
  });
  return (
    <section className="card-panel" aria-labelledby="edit-resend-title" data-testid="edit-resend">
      <h2 id="edit-resend-title">{t('queue.editTitle')}</h2>
      <ErrorNotice error={op.lastError} />
      <FormFor op={op} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
      </div>
    </section>
  );
}
