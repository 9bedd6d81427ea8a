import { useState, type ComponentProps, type ReactNode } from 'react';
import type { OperationRequestInput } from '../../../../shared/domain/operations';
import type { z } from 'zod';
import { validate, type FieldErrors } from '../../components/form';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OperationTracker, useOperation } from '../../components/OperationTracker';
import { inlineErrorsFrom } from './formKit';
import { resendOperation, submitOperation } from './submitOperation';
import { useAsync } from './useAsync';

type SubmitFormProps = Omit<ComponentProps<'form'>, 'onSubmit' | 'noValidate'> & { onSubmit: () => unknown };

/** A form our code validates: Enter or the submit button runs `onSubmit`, never a page load. */
export function SubmitForm({ onSubmit, children, ...rest }: SubmitFormProps) {
  return (
    <form
      {...rest}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/**
 * Sends one request to main's outbox and follows the operation it becomes; main's field errors go
 * inline. With `replaces` (edit and resend) the request replaces that failed or uncertain operation.
 */
export function useOperationSubmit(setErrors: (errors: FieldErrors) => void, replaces?: string) {
  const [opId, setOpId] = useState<string | null>(null);
  const op = useOperation(opId);
  const submit = useAsync();
  const send = async (request: OperationRequestInput) => {
    // Resending again after the replacement failed too replaces the replacement.
    const target = replaces && op && (op.state === 'failed' || op.state === 'uncertain') ? op.id : replaces;
    const o = await submit.run(
      () => (target ? resendOperation(target, request) : submitOperation(request)),
      (err) => setErrors(inlineErrorsFrom(err)),
    );
    if (o) setOpId(o.id);
  };
  /** Checks the form's input with the request's shared schema first: errors go inline and nothing is sent. */
  const sendValid = async <S extends z.ZodType>(schema: S, input: unknown, request: (data: z.output<S>) => OperationRequestInput) => {
    const checked = validate(schema, input);
    if (!checked.ok) return setErrors(checked.errors);
    await send(request(checked.data));
  };
  return { op, opId, setOpId, busy: submit.busy, error: submit.error, send, sendValid };
}

type OperationFlow = ReturnType<typeof useOperationSubmit>;

interface OperationFormProps {
  label: string;
  submitLabel: string;
  submitClassName?: 'primary' | 'danger';
  flow: OperationFlow;
  onSubmit: () => unknown;
  children: ReactNode;
}

/** The shell every outbox form shares: its fields, one submit button, the error and the operation's progress. */
export function OperationForm({ label, submitLabel, submitClassName = 'primary', flow, onSubmit, children }: OperationFormProps) {
  return (
    <SubmitForm aria-label={label} onSubmit={onSubmit}>
      {children}
      <div className="actions">
        <button type="submit" className={submitClassName} disabled={flow.busy}>
          {submitLabel}
        </button>
      </div>
      <ErrorNotice error={flow.error} />
      <OperationTracker op={flow.op} />
    </SubmitForm>
  );
}
