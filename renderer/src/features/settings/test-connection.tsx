import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderId } from '../../../../shared/domain/cloud';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/error-notice';
import { useAsync } from '../shared/use-async';

/** Asks main to try the saved credentials; the secrets themselves never come back here. */
export function TestConnection({ provider }: { provider: ProviderId }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<ResponseOf<'cloud:testConnection'> | null>(null);
  const test = useAsync();
  return (
    <>
      <button
        type="button"
        disabled={test.busy}
        onClick={() => {
          setResult(null);
          void test.run(async () => setResult(await call('cloud:testConnection', { provider })));
        }}
      >
        {test.busy ? t('settings.testing') : t('settings.testConnection')}
      </button>
      <span className="inline-status">
        {result && (
          <span role="status">{result.ok ? t('settings.connectionOk', { ms: result.latencyMs }) : t('settings.connectionFailed')}</span>
        )}
      </span>
      {result?.error && <ErrorNotice error={result.error} />}
      <ErrorNotice error={test.error} />
    </>
  );
}
