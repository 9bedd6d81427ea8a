import type { StationError } from '../../../../shared/errors/types';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCK_TYPES } from '../../../../shared/domain/cloud';
import { Check, Field, type FieldErrors } from '../../components/form';

export type Values = Record<string, string | boolean>;

/** The first of `elements` in document order. */
function firstInDocument(elements: HTMLElement[]): HTMLElement | undefined {
  return [...elements].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
}

/**
 * Plain form state: strings and booleans, turned into a request only on submit. Fields register
 * their element, so when errors arrive (from the form's own check or from main) focus moves to the
 * first invalid field on screen, where its sentence is read out with it.
 */
export function useValues<V extends Values>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrorsState] = useState<FieldErrors>({});
  const [focusRequest, setFocusRequest] = useState(0);
  const elements = useRef(new Map<string, HTMLElement>());
  const set = (name: keyof V, value: string | boolean) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrorsState((e) => {
      if (!e[name as string]) return e;
      const next = { ...e };
      delete next[name as string];
      return next;
    });
  };
  const setErrors = useCallback((next: FieldErrors) => {
    setErrorsState(next);
    if (Object.keys(next).length) setFocusRequest((n) => n + 1);
  }, []);
  const register = useCallback(
    (name: string) => (el: HTMLElement | null) => {
      if (el) elements.current.set(name, el);
      else elements.current.delete(name);
    },
    [],
  );
  useEffect(() => {
    if (!focusRequest) return;
    const invalid = Object.keys(errors)
      .map((name) => elements.current.get(name))
      .filter((el): el is HTMLElement => Boolean(el?.isConnected));
    firstInDocument(invalid)?.focus();
    // Only a new set of errors moves focus, not the clerk fixing one of them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);
  return { values, setValues, set, errors, setErrors, register };
}

export type Kit<V extends Values> = ReturnType<typeof useValues<V>>;

interface TextProps<V extends Values> {
  kit: Kit<V>;
  name: keyof V & string;
  label: string;
  type?: 'text' | 'datetime-local' | 'number' | 'tel' | 'password' | 'url';
  hint?: ReactNode;
  autoFocus?: boolean;
  list?: string;
  autoComplete?: string;
  placeholder?: string;
}

export function TextField<V extends Values>({
  kit,
  name,
  label,
  type = 'text',
  hint,
  autoFocus,
  list,
  autoComplete = 'off',
  placeholder,
}: TextProps<V>) {
  return (
    <Field label={label} error={kit.errors[name]} hint={hint}>
      {(a) => (
        <input
          {...a}
          ref={kit.register(name)}
          name={name}
          type={type}
          value={String(kit.values[name] ?? '')}
          onChange={(e) => kit.set(name, e.target.value)}
          autoFocus={autoFocus}
          list={list}
          autoComplete={autoComplete}
          placeholder={placeholder}
          spellCheck={false}
        />
      )}
    </Field>
  );
}

interface SelectProps<V extends Values> {
  kit: Kit<V>;
  name: keyof V & string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  hint?: ReactNode;
}

export function SelectField<V extends Values>({ kit, name, label, options, hint }: SelectProps<V>) {
  return (
    <Field label={label} error={kit.errors[name]} hint={hint}>
      {(a) => (
        <select
          {...a}
          ref={kit.register(name)}
          name={name}
          value={String(kit.values[name] ?? '')}
          onChange={(e) => kit.set(name, e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckField<V extends Values>({ kit, name, label }: { kit: Kit<V>; name: keyof V & string; label: string }) {
  return (
    <Check
      label={label}
      checked={Boolean(kit.values[name])}
      onChange={(c) => kit.set(name, c)}
      error={kit.errors[name]}
      inputRef={kit.register(name)}
    />
  );
}

/** Options for a select over fixed values, each labelled by `label(value)`. */
export function choices<const T extends string>(
  values: readonly T[],
  label: (value: T) => string = (value) => value,
): Array<{ value: T; label: string }> {
  return values.map((value) => ({ value, label: label(value) }));
}

/** The lock type select: UCLBRT's lock families, named as the cloud names them. */
export function LockTypeField<V extends Values & { lockType: string }>({ kit }: { kit: Kit<V> }) {
  const { t } = useTranslation();
  return <SelectField kit={kit} name="lockType" label={t('fields.lockType')} options={choices(LOCK_TYPES)} />;
}

/** The value of an optional text field as a request wants it. */
export const opt = (v: string | boolean | undefined): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
export const optNumber = (v: string | boolean | undefined): number | undefined => {
  const s = opt(v);
  return s === undefined ? undefined : Number(s);
};

/** Main's validation answer (`input.roomNo: must be ...; ...`) as inline errors for the form's fields. */
export function inlineErrorsFrom(error: StationError, prefix = 'input.'): Record<string, string> {
  if (error.code !== 'station.validation') return {};
  const out: Record<string, string> = {};
  for (const part of String(error.params?.detail ?? '').split('; ')) {
    const i = part.indexOf(': ');
    if (i < 0 || !part.startsWith(prefix)) continue;
    out[part.slice(prefix.length, i)] ??= part.slice(i + 2);
  }
  return out;
}
