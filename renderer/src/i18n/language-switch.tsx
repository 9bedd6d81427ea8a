import { useTranslation } from 'react-i18next';
import { call } from '../api/station';
import { isActive, useSession } from '../store/session';
import { LANGUAGES, setLanguage, type Language } from './index';

/** Switches the whole UI live; once someone is signed in, the choice is saved as the station's language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = useSession((s) => isActive(s.view));
  return (
    <div className="language-switch">
      <label htmlFor="language-switch">{t('language.label')}</label>
      <select
        id="language-switch"
        value={i18n.language}
        onChange={(e) => {
          const lang = e.target.value as Language;
          setLanguage(lang);
          if (active) {
            call('settings:language', { language: lang }).catch(() => {
              /* the choice still applies to this window */
            });
          }
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
