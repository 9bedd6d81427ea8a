import type { StationError } from '../../../../shared/errors/types';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCK_TYPES } from '../../../../shared/domain/cloud';
import { Check, Field, type FieldErrors } from '../../components/form';

export type Values = Record<string, string | boolean>;

/** Plain form state: strings and booleans, turned into a request only on submit. */
export function useValues<V extends Values>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (name: keyof V, value: string | boolean) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!e[name as string]) return e;
      const next = { ...e };
      delete next[name as string];
      return next;
    });
  };
  return { values, setValues, set, errors, setErrors };
}

export type Kit<V extends Values> = ReturnType<typeof useValues<V>>;

interface TextProps<V extends Values> {
  kit: Kit<V>;
  name: keyof V & string;
  label: string;
  type?: 'text' | 'datetime-local' | 'number' | 'tel' | 'password' | 'url';
  hint?: string;
  autoFocus?: boolean;
  list?: string;
  autoComplete?: string;
  placeholder?: string;
}

export function TextField<V extends Values>({ kit, name, label, type = 'text', hint, autoFocus, list, autoComplete = 'off', placeholder }: TextProps<V>) {
  return (
    <Field label={label} error={kit.errors[name]} hint={hint}>
      {(a) => (
        <input
          {...a}
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
  hint?: string;
}

export function SelectField<V extends Values>({ kit, name, label, options, hint }: SelectProps<V>) {
  return (
    <Field label={label} error={kit.errors[name]} hint={hint}>
      {(a) => (
        <select {...a} name={name} value={String(kit.values[name] ?? '')} onChange={(e) => kit.set(name, e.target.value)}>
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
  return <Check label={label} checked={Boolean(kit.values[name])} onChange={(c) => kit.set(name, c)} error={kit.errors[name]} />;
}

/** Options for a select over fixed values, each labelled by `label(value)`. */
export function choices<const T extends string>(values: readonly T[], label: (value: T) => string = (value) => value): Array<{ value: T; label: string }> {
  return values.map((value) => ({ value, label: label(value) }));
}

/** The lock type select: UCLBRT's lock families, named as the cloud names them. */
export function LockTypeField<V extends Values & { lockType: string }>({ kit }: { kit: Kit<V> }) {
  const { t } = useTranslation();
  return <SelectField kit={kit} name="lockType" label={t('fields.lockType')} options={choices(LOCK_TYPES)} />;
}

/** The value of an optional text field as a request wants it. */
export const opt = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
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
