import { useId, type ReactNode } from 'react';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { describeIssues } from '../../../shared/errors/from-zod';
import { fieldErrorSentence } from '../i18n/validation';

export type FieldErrors = Record<string, string>;

/** Runs a shared schema over the form's values: the same rules main enforces, shown inline. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  let r: z.ZodSafeParseResult<z.output<S>>;
  try {
    r = schema.safeParse(value) as z.ZodSafeParseResult<z.output<S>>;
  } catch {
    // A schema refinement that trips over malformed text is still just invalid input.
    return { ok: false, errors: { _: 'is not valid' } };
  }
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  // The same wording main uses: our rules as phrases, never zod's generic text.
  for (const issue of describeIssues(r.error, schema)) errors[issue.field || '_'] ??= issue.message;
  return { ok: false, errors };
}

/** Turns empty strings into undefined, so optional fields stay absent. */
export function compact<T extends Record<string, unknown>>(v: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (val !== '' && val !== undefined) out[k] = val;
  return out as T;
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const { i18n } = useTranslation();
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-err`} className="field-error">
          {fieldErrorSentence(error, i18n.language, label)}
        </span>
      )}
    </div>
  );
}

interface CheckProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
  inputRef?: (el: HTMLInputElement | null) => void;
}

export function Check({ label, checked, onChange, error, inputRef }: CheckProps) {
  const id = useId();
  const { i18n } = useTranslation();
  return (
    <div className={error ? 'field check field-invalid' : 'field check'}>
      <input
        id={id}
        ref={inputRef}
        type="checkbox"
        checked={checked}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {error && (
        <span id={`${id}-err`} className="field-error">
          {fieldErrorSentence(error, i18n.language, label)}
        </span>
      )}
    </div>
  );
}
