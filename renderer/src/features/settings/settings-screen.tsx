import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/error-notice';
import { useSettings } from '../../store/settings';
import { EncoderSettings } from './encoder-settings';
import { GeneralSettings } from './general-settings';
import { PmsPanel } from './pms-panel';
import { SiteSettings } from './site-settings';
import { TuyaSettings } from './tuya-settings';
import { UclbrtSettings } from './uclbrt-settings';

export default function SettingsScreen() {
  const { t } = useTranslation();
  const settings = useSettings((s) => s.settings);
  const error = useSettings((s) => s.error);
  return (
    <>
      <h1 tabIndex={-1}>{t('settings.title')}</h1>
      <ErrorNotice error={error} />
      {!settings && !error && <p role="status">{t('common.loading')}</p>}
      {settings && (
        <div className="settings">
          <GeneralSettings settings={settings} />
          <EncoderSettings settings={settings} />
          <UclbrtSettings settings={settings} />
          <TuyaSettings settings={settings} />
          <PmsPanel />
          <SiteSettings settings={settings} />
        </div>
      )}
    </>
  );
}
