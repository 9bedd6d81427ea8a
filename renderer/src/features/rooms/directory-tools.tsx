import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomImportResult, RoomRefreshResult } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { useAsync } from '../shared/use-async';

/** Reload the directory from the clouds, or import it from a CSV file. */
export function DirectoryTools() {
  const { t } = useTranslation();
  const render = useErrorText();
  const refresh = useAsync();
  const importing = useAsync();
  const [refreshed, setRefreshed] = useState<RoomRefreshResult | null>(null);
  const [imported, setImported] = useState<RoomImportResult | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setImported(null);
    const csv = await file.text();
    const r = await importing.run(() => call('rooms:import', { csv }));
    if (r) setImported(r);
  };

  return (
    <section aria-labelledby="rooms-directory" className="card-panel">
      <h2 id="rooms-directory">{t('rooms.directory')}</h2>
      <p className="hint">{t('rooms.directoryHint')}</p>
      <div className="actions">
        <button
          type="button"
          disabled={refresh.busy}
          onClick={() => void refresh.run(async () => setRefreshed(await call('rooms:refresh', {})))}
        >
          {refresh.busy ? t('rooms.refreshing') : t('rooms.refresh')}
        </button>
        <label className="file-button">
          {t('rooms.import')}
          <input type="file" accept=".csv,text/csv" disabled={importing.busy} onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
      </div>
      <ErrorNotice error={refresh.error ?? importing.error} />
      {refreshed && (
        <div role="status">
          <p>
            {t('rooms.refreshed', {
              total: refreshed.total,
              added: refreshed.added,
              updated: refreshed.updated,
              removed: refreshed.removed,
            })}
          </p>
          {refreshed.sources.uclbrt.error && <ErrorNotice error={refreshed.sources.uclbrt.error} />}
          {refreshed.sources.tuya.error && <ErrorNotice error={refreshed.sources.tuya.error} />}
          {refreshed.sources.tuya.unmapped.length > 0 && (
            <p className="notice">
              {t('rooms.tuyaUnmapped', { locks: refreshed.sources.tuya.unmapped.join(t('auditDetail.listSeparator')) })}
            </p>
          )}
        </div>
      )}
      {imported && (
        <div role="status" data-testid="rooms-import-result">
          {imported.applied ? (
            <p>{t('rooms.imported', { added: imported.added, updated: imported.updated, unchanged: imported.unchanged })}</p>
          ) : (
            <>
              <p className="notice notice-error">{t('rooms.importRejected', { count: imported.errors.length })}</p>
              <ul>
                {imported.errors.slice(0, 50).map((e, i) => (
                  <li key={i}>{t('rooms.importLine', { line: e.line, text: render(e.error).text })}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
