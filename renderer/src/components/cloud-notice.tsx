import { useTranslation } from 'react-i18next';
import { useStatus } from '../store/status';
import { formatTime } from './format';

/** On the job screens: a cloud that is down does not stop work, and the clerk is told so up front. */
export function CloudNotice() {
  const { t, i18n } = useTranslation();
  const clouds = useStatus((s) => s.status?.clouds);
  const down = (clouds ?? []).filter((c) => c.state === 'offline' || c.state === 'degraded');
  if (!down.length) return null;
  return (
    <div className="notice" role="note" data-testid="cloud-notice">
      {down.map((c) => (
        <p key={c.provider}>
          {t('cloudNotice.text', {
            provider: t(`providers.${c.provider}`),
            state: t(`cloudState.${c.state}`),
            time: formatTime(c.since, i18n.language),
          })}
        </p>
      ))}
    </div>
  );
}
