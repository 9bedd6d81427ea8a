import { useTranslation } from 'react-i18next';
import type { StationError } from '../../../../shared/errors/types';
import { ErrorNotice } from '../../components/ErrorNotice';

export function SaveBar({ busy, saved, error, children }: { busy: boolean; saved: boolean; error: StationError | null; children?: React.ReactNode }) {
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

/** A server-side validation error names a field like `uclbrt.accountSid`; show it next to that field. */
export function fieldErrorsFrom(error: StationError | null, section: string): Record<string, string> {
  if (!error || error.code !== 'station.validation' || !error.field?.startsWith(`${section}.`)) return {};
  const detail = String(error.params?.detail ?? '');
  const mine = detail.split('; ').find((d) => d.startsWith(`${error.field}: `));
  return { [error.field.slice(section.length + 1)]: mine ? mine.slice(error.field.length + 2) : error.message };
}
