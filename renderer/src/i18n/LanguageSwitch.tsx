import { useTranslation } from 'react-i18next';
import { useSettings } from '../store/settings';
import { LANGUAGES, setLanguage, type Language } from './index';

/** Switches the whole UI live and saves the choice in the station's settings. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const update = useSettings((s) => s.update);
  return (
    <div className="language-switch">
      <label htmlFor="language-switch">{t('language.label')}</label>
      <select
        id="language-switch"
        value={i18n.language}
        onChange={(e) => {
          const lang = e.target.value as Language;
          setLanguage(lang);
          update({ language: lang }).catch(() => {
            /* the choice still applies to this window; settings may not be available yet */
          });
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l === 'zh-CN' ? 'zh' : 'en'}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
