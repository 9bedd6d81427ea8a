import { useTranslation } from 'react-i18next';
import { operationRequestSchema, type Operation } from '../../../../shared/domain/operations';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useEscape } from '../../components/escape';
import { Check, Field, validate } from '../../components/form';
import { resendOperation } from '../shared/submitOperation';
import { useAsync } from '../shared/useAsync';
import { useValues } from '../shared/formKit';

type Input = Record<string, unknown>;

/** A form over the operation's own input, checked with the same schema main uses, sent as a replacement. */
export function EditResend({ op, onClose }: { op: Operation; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const label = (k: string) => (i18n.exists(`fields.${k}`) ? t(`fields.${k}` as 'fields.roomNo') : k);
  const input = op.input as Input;
  const initial: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(input)) initial[k] = typeof v === 'boolean' ? v : v === undefined || v === null ? '' : String(v);
  const kit = useValues(initial);
  const send = useAsync();
  useEscape(() => {
    onClose();
    return true;
  });

  const onSubmit = async () => {
    const next: Input = {};
    for (const [k, v] of Object.entries(kit.values)) {
      if (v === '') continue;
      next[k] = typeof input[k] === 'number' ? Number(v) : v;
    }
    const checked = validate(operationRequestSchema, { kind: op.kind, input: next });
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const [k, m] of Object.entries(checked.errors)) errors[k.replace(/^input\./, '')] = m;
      return kit.setErrors(errors);
    }
    const o = await send.run(() => resendOperation(op.id, checked.data));
    if (o) onClose();
  };

  return (
    <form
      className="card-panel"
      aria-label={t('queue.editTitle')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <h2>{t('queue.editTitle')}</h2>
      <ErrorNotice error={op.lastError} />
      <div className="grid">
        {Object.keys(initial).map((k, i) =>
          typeof initial[k] === 'boolean' ? (
            <Check key={k} label={label(k)} checked={Boolean(kit.values[k])} onChange={(c) => kit.set(k, c)} error={kit.errors[k]} />
          ) : (
            <Field key={k} label={label(k)} error={kit.errors[k]}>
              {(a) => <input {...a} value={String(kit.values[k])} onChange={(e) => kit.set(k, e.target.value)} autoFocus={i === 0} spellCheck={false} />}
            </Field>
          ),
        )}
      </div>
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
        <button type="submit" className="primary" disabled={send.busy}>
          {t('queue.resend')}
        </button>
      </div>
      <ErrorNotice error={send.error} />
    </form>
  );
}
