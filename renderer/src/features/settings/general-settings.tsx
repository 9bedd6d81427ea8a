import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/settings';
import { setLanguage, type Language } from '../../i18n';
import { useSettings } from '../../store/settings';
import { SelectField, choices, inlineErrorsFrom, TextField, useValues } from '../shared/form-kit';
import { SettingsPanel, useSave } from './settings-panel';
import { SaveBar } from './save-bar';

export function GeneralSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const update = useSettings((s) => s.update);
  const kit = useValues({
    operatorName: settings.operatorName,
    language: settings.language as string,
    mode: settings.mode as string,
    idleLockMinutes: String(settings.staff.idleLockMinutes),
  });
  const save = useSave();
  const { saved, setSaved } = save;

  const onSubmit = async () => {
    setSaved(false);
    const name = kit.values.operatorName.trim();
    if (!name) return kit.setErrors({ operatorName: 'is required' });
    const idle = Number(kit.values.idleLockMinutes);
    const r = await save.run(
      () =>
        update({
          operatorName: name,
          language: kit.values.language as Language,
          mode: kit.values.mode as 'demo' | 'live',
          // Not a number at all is out of range too: main explains the range.
          staff: { idleLockMinutes: Number.isFinite(idle) ? idle : 0 },
        }),
      (err) => kit.setErrors(inlineErrorsFrom(err, 'staff.')),
    );
    if (r) {
      setLanguage(r.language);
      setSaved(true);
    }
  };

  return (
    <SettingsPanel id="settings-general" title={t('settings.general')} onSubmit={onSubmit}>
      <div className="grid">
        <TextField kit={kit} name="operatorName" label={t('settings.operatorName')} hint={t('settings.operatorHint')} />
        <SelectField
          kit={kit}
          name="language"
          label={t('language.label')}
          options={[
            { value: 'en', label: t('language.en') },
            { value: 'zh-CN', label: t('language.zh') },
          ]}
        />
        <SelectField
          kit={kit}
          name="mode"
          label={t('home.mode')}
          hint={t('settings.modeHint')}
          options={choices(['demo', 'live'], (v) => t(`modes.${v}`))}
        />
        <TextField kit={kit} name="idleLockMinutes" type="number" label={t('settings.idleLock')} hint={t('settings.idleHint')} />
      </div>
      <SaveBar busy={save.busy} saved={saved} error={save.error} />
    </SettingsPanel>
  );
}
