import { useState, type ReactNode } from 'react';
import { useAsync } from '../shared/use-async';
import { SubmitForm } from '../shared/form-shells';

/** One settings section: a form named by its own heading. */
export function SettingsPanel({
  id,
  title,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  onSubmit: () => unknown;
  children: ReactNode;
}) {
  return (
    <SubmitForm aria-labelledby={id} className="card-panel" onSubmit={onSubmit}>
      <h2 id={id}>{title}</h2>
      {children}
    </SubmitForm>
  );
}

/** A section's save: busy and error while main stores it, then "Saved." until the next try. */
export function useSave() {
  const save = useAsync();
  const [saved, setSaved] = useState(false);
  return { ...save, saved, setSaved };
}
