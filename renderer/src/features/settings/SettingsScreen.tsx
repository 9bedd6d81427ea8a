import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSettings } from '../../store/settings';
import { EncoderSettings } from './EncoderSettings';
import { GeneralSettings } from './GeneralSettings';
import { PmsPanel } from './PmsPanel';
import { SiteSettings } from './SiteSettings';
import { TuyaSettings } from './TuyaSettings';
import { UclbrtSettings } from './UclbrtSettings';

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
