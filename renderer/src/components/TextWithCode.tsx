import { Trans } from 'react-i18next';

/** The translated texts that hold `<code>...</code>` parts. */
type TextWithCodeKey = 'settings.siteHint' | 'settings.postgresUrlHint' | 'pms.notConfigured';

/**
 * A translated text whose `<code>...</code>` parts (commands, config keys, address formats) are
 * shown as code: the same in every language, never translated.
 */
export function TextWithCode({ i18nKey }: { i18nKey: TextWithCodeKey }) {
  return <Trans i18nKey={i18nKey} components={{ code: <code className="mono" /> }} />;
}
