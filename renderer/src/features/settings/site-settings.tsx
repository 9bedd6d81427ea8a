import { useTranslation } from 'react-i18next';
import { parseSiteUrl } from '../../../../shared/site/site-url';
import { settingsPatchSchema, type SettingsView } from '../../../../shared/settings';
import { compact, validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { TextField, opt, useValues } from '../shared/form-kit';
import { SettingsPanel, useSave } from './settings-panel';
import { AddressChangedNote, SaveBar, fieldErrorsFrom } from './save-bar';
import { TextWithCode } from '../../components/text-with-code';

/** Same server, port and role as where the stored password was entered. */
function sameSiteAddress(a: string, b: string): boolean {
  const pa = parseSiteUrl(a);
  const pb = parseSiteUrl(b);
  if ('problem' in pa || 'problem' in pb) return a.trim() === b.trim();
  return pa.host === pb.host && pa.port === pb.port && pa.user === pb.user;
}

/** The hotel's site database (docs/site.md): address, site, this desk's id, and the role's password (write-only). */
export function SiteSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const update = useSettings((s) => s.update);
  const s = settings.site;
  const kit = useValues({ postgresUrl: s?.postgresUrl ?? '', siteId: s?.siteId ?? '', stationId: s?.stationId ?? '', password: '' });
  const save = useSave();
  const { saved, setSaved } = save;

  const onSubmit = async () => {
    setSaved(false);
    const v = kit.values;
    const site = compact({
      postgresUrl: v.postgresUrl.trim(),
      siteId: v.siteId.trim(),
      stationId: v.stationId.trim(),
      password: opt(v.password),
    });
    const checked = validate(settingsPatchSchema, { site });
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const [k, m] of Object.entries(checked.errors)) errors[k.replace(/^site\./, '')] = m;
      return kit.setErrors(errors);
    }
    const r = await save.run(
      () => update({ site: checked.data.site }),
      (err) => kit.setErrors(fieldErrorsFrom(err, 'site')),
    );
    if (r) {
      kit.set('password', '');
      setSaved(true);
    }
  };

  const moved = Boolean(s) && !sameSiteAddress(s!.postgresUrl, kit.values.postgresUrl);
  const kept = Boolean(s?.hasPassword) && !moved;
  const hint = kept ? t('settings.secretSet') : s?.hasPassword ? t('settings.secretReenter') : t('settings.secretMissing');
  return (
    <SettingsPanel id="settings-site" title={t('settings.siteTitle')} onSubmit={onSubmit}>
      <p className="hint">
        <TextWithCode i18nKey="settings.siteHint" />
      </p>
      <div className="grid">
        <TextField
          kit={kit}
          name="postgresUrl"
          label={t('settings.postgresUrl')}
          hint={<TextWithCode i18nKey="settings.postgresUrlHint" />}
        />
        <TextField kit={kit} name="siteId" label={t('settings.siteId')} />
        <TextField kit={kit} name="stationId" label={t('settings.stationId')} hint={t('settings.stationIdHint')} />
        <TextField
          kit={kit}
          name="password"
          label={t('settings.sitePassword')}
          type="password"
          autoComplete="new-password"
          placeholder={kept ? t('settings.secretKept') : undefined}
          hint={hint}
        />
      </div>
      <AddressChangedNote secrets={moved && s?.hasPassword ? [t('settings.sitePassword')] : []} />
      <SaveBar busy={save.busy} saved={saved} error={save.error} />
    </SettingsPanel>
  );
}
