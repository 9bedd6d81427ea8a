import { useTranslation } from 'react-i18next';
import { sameCloudAddress } from '../../../../shared/cloud-url';
import { settingsPatchSchema, type SettingsView } from '../../../../shared/settings';
import { compact, validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { LockTypeField, TextField, opt, useValues } from '../shared/form-kit';
import { SettingsPanel, useSave } from './settings-panel';
import { AddressChangedNote, SaveBar, fieldErrorsFrom } from './save-bar';
import { TestConnection } from './test-connection';

export function UclbrtSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const update = useSettings((s) => s.update);
  const u = settings.uclbrt;
  const kit = useValues({
    // Demo mode without an account talks to the built-in sandbox: show where, not the real cloud.
    baseUrl: u?.baseUrl ?? settings.demoCloudUrl ?? 'https://api.uclbrt.com',
    accountSid: u?.accountSid ?? '',
    authToken: '',
    communityNo: u?.communityNo ?? '',
    timezone: u?.timezone ?? 'Asia/Shanghai',
    lockType: u?.lockType ?? 'QRALOCK',
    creatorAreaCode: u?.creatorAreaCode ?? '86',
    creatorMobile: u?.creatorMobile ?? '',
    password: '',
  });
  const save = useSave();
  const { saved, setSaved } = save;

  const onSubmit = async () => {
    setSaved(false);
    const v = kit.values;
    const uclbrt = compact({
      baseUrl: v.baseUrl.trim(),
      accountSid: v.accountSid.trim(),
      authToken: opt(v.authToken),
      communityNo: v.communityNo.trim(),
      timezone: v.timezone.trim(),
      lockType: v.lockType,
      creatorAreaCode: v.creatorAreaCode.trim(),
      creatorMobile: opt(v.creatorMobile),
      password: opt(v.password),
    });
    const checked = validate(settingsPatchSchema, { uclbrt });
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const [k, m] of Object.entries(checked.errors)) errors[k.replace(/^uclbrt\./, '')] = m;
      return kit.setErrors(errors);
    }
    const r = await save.run(
      () => update({ uclbrt: checked.data.uclbrt }),
      (err) => kit.setErrors(fieldErrorsFrom(err, 'uclbrt')),
    );
    if (r) {
      // Secrets are write-only: clear them from the form once main has them.
      kit.set('authToken', '');
      kit.set('password', '');
      setSaved(true);
    }
  };

  // Stored secrets stay with the address they were entered for (main refuses otherwise): say so before saving.
  const moved = Boolean(u) && !sameCloudAddress(u!.baseUrl, kit.values.baseUrl);
  const tokenKept = Boolean(u?.hasAuthToken) && !moved;
  const passwordKept = Boolean(u?.hasPassword) && !moved;
  const reenter = moved
    ? [u?.hasAuthToken && t('settings.authToken'), u?.hasPassword && t('settings.operatorPassword')].filter((s): s is string => Boolean(s))
    : [];
  const hintFor = (stored: boolean | undefined, kept: boolean) =>
    kept ? t('settings.secretSet') : stored ? t('settings.secretReenter') : t('settings.secretMissing');
  const keep = t('settings.secretKept');
  return (
    <SettingsPanel id="settings-uclbrt" title={t('providers.uclbrt')} onSubmit={onSubmit}>
      {!u && settings.demoCloudUrl && (
        <p role="note" className="notice" data-testid="demo-cloud-note">
          {t('settings.demoCloud', { url: settings.demoCloudUrl })}
        </p>
      )}
      <div className="grid">
        <TextField kit={kit} name="baseUrl" label={t('settings.baseUrl')} type="url" />
        <TextField kit={kit} name="accountSid" label={t('settings.accountSid')} />
        <TextField
          kit={kit}
          name="authToken"
          label={t('settings.authToken')}
          type="password"
          autoComplete="new-password"
          placeholder={tokenKept ? keep : undefined}
          hint={hintFor(u?.hasAuthToken, tokenKept)}
        />
        <TextField kit={kit} name="communityNo" label={t('settings.communityNo')} />
        <TextField kit={kit} name="timezone" label={t('settings.timezone')} />
        <LockTypeField kit={kit} />
        <TextField kit={kit} name="creatorAreaCode" label={t('settings.creatorAreaCode')} type="tel" />
        <TextField kit={kit} name="creatorMobile" label={t('settings.creatorMobile')} type="tel" />
        <TextField
          kit={kit}
          name="password"
          label={t('settings.operatorPassword')}
          type="password"
          autoComplete="new-password"
          placeholder={passwordKept ? keep : undefined}
          hint={hintFor(u?.hasPassword, passwordKept)}
        />
      </div>
      <AddressChangedNote secrets={reenter} />
      <SaveBar busy={save.busy} saved={saved} error={save.error}>
        <TestConnection provider="uclbrt" />
      </SaveBar>
    </SettingsPanel>
  );
}
