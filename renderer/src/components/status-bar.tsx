import { useTranslation } from 'react-i18next';
import type { CloudStatus } from '../../../shared/domain/cloud';
import type { SiteStatus } from '../../../shared/domain/site';
import { useConnection } from '../store/connection';
import { useNav } from '../store/nav';
import { isActive, useSession } from '../store/session';
import { useStatus } from '../store/status';
import { useErrorText } from './error-notice';
import { formatTime } from './format';

function CloudItem({ cloud }: { cloud: CloudStatus }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const name = t(`providers.${cloud.provider}`);
  const state = t(`cloudState.${cloud.state}`);
  const since = formatTime(cloud.since, i18n.language);
  const title = cloud.lastError ? errorText(cloud.lastError).text : undefined;
  return (
    <li className={`status-item state-${cloud.state}`} title={title} data-testid={`cloud-${cloud.provider}`}>
      <span className="status-label">{name}</span> <span className="status-value">{state}</span>{' '}
      <span className="status-since">{t('status.since', { time: since })}</span>
    </li>
  );
}

/** The hotel's site database: online, catching up (behind by N facts), offline since when, or not used and why. */
function SiteItem({ site }: { site: SiteStatus }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const behind = site.behindBy + site.unpushed;
  const problem = site.error ? errorText(site.error) : undefined;
  return (
    <li
      className={`status-item state-${site.state === 'refused' ? 'attention' : site.state}`}
      title={problem ? `${problem.text}${problem.action ? ` ${problem.action}` : ''}` : undefined}
      data-testid="site-status"
    >
      <span className="status-label">{t('status.site')}</span> <span className="status-value">{t(`siteState.${site.state}`)}</span>
      {site.state === 'behind' && behind > 0 && <span className="status-detail"> {t('status.siteBehind', { count: behind })}</span>}
      {site.state === 'offline' && site.offlineSince && (
        <span className="status-since"> {t('status.siteOfflineSince', { time: formatTime(site.offlineSince, i18n.language) })}</span>
      )}
    </li>
  );
}

/** Encoder, clouds and queue, live on every screen. */
export function StatusBar() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const status = useStatus((s) => s.status);
  const connection = useConnection((s) => s.state);
  const everConnected = useConnection((s) => s.generation > 0);
  const openQueue = useNav((s) => s.openQueue);
  // On the sign-in and lock screens the counts show, but nothing opens behind the lock.
  const active = useSession((s) => isActive(s.view));

  // Once connected, any gap (closed, or retrying) is a lost connection until it is open again.
  if (connection === 'closed' || (connection === 'connecting' && everConnected)) {
    return (
      <section aria-label={t('status.region')} className="status-bar">
        <p role="alert" className="status-item state-offline">
          {t('status.connectionLost')}
        </p>
      </section>
    );
  }
  if (!status) {
    return (
      <section aria-label={t('status.region')} className="status-bar">
        <p className="status-item">{t('status.loading')}</p>
      </section>
    );
  }
  const enc = status.encoder;
  const q = status.queue;
  const pending = q ? q.queued + q.sending : 0;
  const needsPerson = q ? q.failed + q.uncertain : 0;
  return (
    <section aria-label={t('status.region')} className="status-bar" data-testid="status-bar">
      <ul>
        <li className={`status-item state-${enc.state}`} data-testid="encoder-status">
          <span className="status-label">{t('status.encoder')}</span> <span className="status-value">{t(`encoderState.${enc.state}`)}</span>
          {enc.model && <span className="status-detail"> {enc.model}</span>}
          {enc.port && <span className="status-detail"> {enc.driver === 'simulator' ? t('status.simulated') : enc.port}</span>}
          {enc.issueMac && <span className="status-detail"> {t('status.issueMac', { mac: enc.issueMac })}</span>}
          <span className="status-since"> {t('status.since', { time: formatTime(enc.since, i18n.language) })}</span>
        </li>
        {status.clouds.map((c) => (
          <CloudItem key={c.provider} cloud={c} />
        ))}
        <li className={needsPerson ? 'status-item state-attention' : 'status-item'} data-testid="queue-status">
          <button
            type="button"
            className="link"
            disabled={!active}
            onClick={() => openQueue(needsPerson ? 'attention' : 'all')}
            aria-label={t('status.queueButton', { pending, failed: needsPerson })}
          >
            <span className="status-label">{t('status.queue')}</span>{' '}
            {q ? (
              <>
                <span className="status-value">{t('status.pending', { count: pending })}</span>{' '}
                <span className={needsPerson ? 'status-value attention' : 'status-value'}>
                  {t('status.failed', { count: needsPerson })}
                </span>
              </>
            ) : (
              <span className="status-value">{t('status.queueUnavailable')}</span>
            )}
          </button>
        </li>
        {status.site && <SiteItem site={status.site} />}
        {status.notices?.map((notice) => {
          const { text, action } = errorText(notice);
          return (
            <li key={notice.code} role="alert" className="status-item state-attention" data-testid="station-notice">
              {text}
              {action && <span className="notice-action"> {action}</span>}
            </li>
          );
        })}
        {status.mode === 'demo' && <li className="status-item demo-badge">{t('status.demo')}</li>}
      </ul>
    </section>
  );
}
