import { useTranslation } from 'react-i18next';
import type { StationError } from '../../../../shared/errors/types';
import { ErrorNotice } from '../../components/error-notice';

export function SaveBar({
  busy,
  saved,
  error,
  children,
}: {
  busy: boolean;
  saved: boolean;
  error: StationError | null;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('settings.save')}
        </button>
        {children}
      </div>
      {saved && <p role="status">{t('settings.saved')}</p>}
      <ErrorNotice error={error} />
    </>
  );
}

/** Inline text for a secret main wants again because the cloud's address changed. */
export const REENTER_SECRET = 'is required for the new address';

/** A server-side validation error names a field like `uclbrt.accountSid`; show it next to that field. */
export function fieldErrorsFrom(error: StationError | null, section: string): Record<string, string> {
  if (!error || !error.field?.startsWith(`${section}.`)) return {};
  if (error.code === 'station.secrets-reenter') return { [error.field.slice(section.length + 1)]: REENTER_SECRET };
  if (error.code !== 'station.validation') return {};
  const detail = String(error.params?.detail ?? '');
  const mine = detail.split('; ').find((d) => d.startsWith(`${error.field}: `));
  return { [error.field.slice(section.length + 1)]: mine ? mine.slice(error.field.length + 2) : error.message };
}

/** Shown while the address field points somewhere other than where the stored secrets were entered for. */
export function AddressChangedNote({ secrets }: { secrets: string[] }) {
  const { t } = useTranslation();
  if (secrets.length === 0) return null;
  return (
    <p role="note" className="notice">
      {t('settings.addressChanged', { secrets: secrets.join(', ') })}
    </p>
  );
}
