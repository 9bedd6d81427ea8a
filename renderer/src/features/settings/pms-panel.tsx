import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PmsListenerStatus, PmsOutcome, PmsStatus } from '../../../../shared/domain/pms';
import { call } from '../../api/station';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { formatTime } from '../../components/format';
import { useAsync } from '../shared/use-async';
import { TextWithCode } from '../../components/text-with-code';

const REFRESH_MS = 3000;

function Listener({ listener }: { listener: PmsListenerStatus }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const name = t(`pms.${listener.interface}`);
  if (listener.state === 'off') return <li>{`${name}: ${t('pms.states.off')}`}</li>;
  const error = listener.error ? errorText(listener.error) : undefined;
  return (
    <li data-testid={`pms-listener-${listener.interface}`}>
      {t('pms.listener', { name, state: t(`pms.states.${listener.state}`), host: listener.host, port: listener.port })}
      {listener.interface === 'fias' && listener.allow && <> — {t('pms.allowed', { list: listener.allow.join(', ') })}</>}
      {listener.interface === 'http' && <> — {listener.tokenRequired ? t('pms.tokenRequired') : t('pms.noToken')}</>}
      {error && (
        <div role="alert" className="notice notice-error">
          <span>{error.text}</span>
          {error.action && <span className="notice-action"> {error.action}</span>}
        </div>
      )}
    </li>
  );
}

/** The hotel's PMS interfaces: read-only, refreshed while the screen is open. */
export function PmsPanel() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<PmsStatus | null>(null);
  const load = useAsync();
  const { run } = load;

  useEffect(() => {
    let alive = true;
    const refresh = () =>
      void run(async () => {
        const next = await call('pms:status', {});
        if (alive) setStatus(next);
      });
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [run]);

  const configured = status?.listeners.some((l) => l.state !== 'off');
  const kind = status ? t(`pms.kinds.${status.cardKind}`) : '';
  const since = formatTime(status?.since, i18n.language);
  const counts = status ? (Object.entries(status.counts) as [PmsOutcome, number][]).filter(([, n]) => n > 0) : [];
  return (
    <section aria-labelledby="settings-pms" className="card-panel" data-testid="pms-panel">
      <h2 id="settings-pms">{t('pms.title')}</h2>
      <ErrorNotice error={load.error} />
      {!status && !load.error && <p role="status">{t('common.loading')}</p>}
      {status && !configured && !status.running && (
        <p>
          <TextWithCode i18nKey="pms.notConfigured" />
        </p>
      )}
      {status && (configured || status.running) && (
        <>
          <p>
            {!status.running
              ? t('pms.notRunning')
              : status.pid !== undefined && status.listeners.every((l) => l.state === 'stopped')
                ? t('pms.runningElsewhere', { pid: status.pid, time: since, kind })
                : t('pms.running', { time: since, kind })}
          </p>
          <ul>
            {status.listeners.map((l) => (
              <Listener key={l.interface} listener={l} />
            ))}
          </ul>
          <h3>{t('pms.peers')}</h3>
          {status.peers.length === 0 ? (
            <p>{t('pms.noPeers')}</p>
          ) : (
            <ul>
              {status.peers.map((p) => (
                <li key={`${p.address}:${p.port}`}>
                  {t('pms.peer', {
                    address: `${p.address}:${p.port}`,
                    state: t(`pms.linkStates.${p.linkState}`),
                    time: formatTime(p.lastSeen, i18n.language),
                  })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('pms.answers')}</h3>
          {counts.length === 0 ? (
            <p>{t('pms.noAnswers')}</p>
          ) : (
            <ul data-testid="pms-counts">
              {counts.map(([outcome, n]) => (
                <li key={outcome}>{`${t(`pms.outcomes.${outcome}`)}: ${n}`}</li>
              ))}
            </ul>
          )}
          {status.lastRecords.length > 0 && (
            <>
              <h3>{t('pms.records')}</h3>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('pms.time')}</th>
                    <th scope="col">{t('pms.direction')}</th>
                    <th scope="col">{t('pms.record')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.lastRecords.map((r, i) => (
                    <tr key={`${r.at}-${i}`}>
                      <td>{formatTime(r.at, i18n.language)}</td>
                      <td>{r.direction === 'in' ? t('pms.in') : t('pms.out')}</td>
                      <td>{r.text}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
