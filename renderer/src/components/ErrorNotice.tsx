import { useTranslation } from 'react-i18next';
import { describeError } from '../../../shared/errors';
import type { StationError } from '../../../shared/errors/types';
import { fieldLabel } from '../i18n/fieldLabel';
import { fieldErrorSentence } from '../i18n/validation';

/** Renders any StationError in the chosen language: what went wrong and what to do next. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (error: StationError): { text: string; action?: string } => {
    if (error.code.startsWith('renderer.')) {
      const key = error.code.slice('renderer.'.length) as 'disconnected' | 'no-transport' | 'unexpected';
      return { text: t(`rendererErrors.${key}.text`, { detail: error.message }), action: t(`rendererErrors.${key}.action`) };
    }
    if (error.code === 'station.validation' && error.params?.detail !== undefined) {
      // `input.roomNo: is required; ...` as sentences naming each field in the clerk's words.
      const detail = String(error.params.detail)
        .split('; ')
        .map((part) => {
          const i = part.indexOf(': ');
          if (i < 0) return fieldErrorSentence(part, lang);
          const label = fieldLabel(t, (k) => i18n.exists(k), part.slice(0, i));
          return fieldErrorSentence(part.slice(i + 2), lang, label);
        })
        .join(lang === 'zh-CN' ? '' : ' ');
      const d = describeError({ ...error, params: { ...error.params, detail } }, lang);
      return { text: d.text, action: d.action };
    }
    const d = describeError(error, lang);
    return { text: d.text, action: d.action };
  };
}

export function ErrorNotice({ error, title }: { error: StationError | null | undefined; title?: string }) {
  const render = useErrorText();
  const { t } = useTranslation();
  if (!error) return null;
  const { text, action } = render(error);
  return (
    <div role="alert" className="notice notice-error">
      {title && <strong>{title} </strong>}
      <span>{text}</span>
      {action && <span className="notice-action"> {action}</span>}
      <span className="code">{t('common.errorCode', { code: error.code })}</span>
    </div>
  );
}
