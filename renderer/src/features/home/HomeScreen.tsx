import { useTranslation } from 'react-i18next';
import { useNav } from '../../store/nav';
import { useStatus } from '../../store/status';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../components/format';

/** The station at a glance, and the jobs a clerk starts from here. */
export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const status = useStatus((s) => s.status);
  const error = useStatus((s) => s.error);
  const go = useNav((s) => s.go);
  return (
    <>
      <h1 tabIndex={-1}>{t('home.title')}</h1>
      <ErrorNotice error={error} />
      {status && (
        <dl className="overview" aria-label={t('home.overview')}>
          <div>
            <dt>{t('home.mode')}</dt>
            <dd>{t(`modes.${status.mode}`)}</dd>
          </div>
          <div>
            <dt>{t('status.encoder')}</dt>
            <dd>
              {t(`encoderState.${status.encoder.state}`)}
              {status.encoder.model ? ` · ${status.encoder.model}` : ''}
              {status.encoder.port ? ` · ${status.encoder.driver === 'simulator' ? t('status.simulated') : status.encoder.port}` : ''}
            </dd>
          </div>
          {status.clouds.map((c) => (
            <div key={c.provider}>
              <dt>{t(`providers.${c.provider}`)}</dt>
              <dd>
                {t(`cloudState.${c.state}`)} · {t('status.since', { time: formatDateTime(c.since, i18n.language) })}
              </dd>
            </div>
          ))}
          <div>
            <dt>{t('status.queue')}</dt>
            <dd>
              {status.queue
                ? t('home.queueSummary', {
                    queued: status.queue.queued + status.queue.sending,
                    failed: status.queue.failed,
                    uncertain: status.queue.uncertain,
                    done: status.queue.doneRecently,
                  })
                : t('status.queueUnavailable')}
            </dd>
          </div>
          <div>
            <dt>{t('home.version')}</dt>
            <dd>{status.version}</dd>
          </div>
        </dl>
      )}
      {status?.encoder.error && <ErrorNotice error={status.encoder.error} title={t('status.encoder')} />}
      <p>{t('home.placeCard')}</p>
      <div className="actions big">
        <button type="button" onClick={() => go('rooms')}>
          {t('nav.rooms')}
        </button>
        <button type="button" onClick={() => go('issue')}>
          {t('nav.issue')}
        </button>
        <button type="button" onClick={() => go('lost')}>
          {t('nav.lost')}
        </button>
        <button type="button" onClick={() => go('cancel')}>
          {t('nav.cancel')}
        </button>
      </div>
    </>
  );
}
