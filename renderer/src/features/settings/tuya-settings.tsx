import { useTranslation } from 'react-i18next';
import { sameCloudAddress } from '../../../../shared/cloud-url';
import { settingsPatchSchema, type SettingsView } from '../../../../shared/settings';
import { compact, validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { TextField, opt, useValues } from '../shared/form-kit';
import { SettingsPanel, useSave } from './settings-panel';
import { AddressChangedNote, SaveBar, fieldErrorsFrom } from './save-bar';
import { TestConnection } from './test-connection';

export function TuyaSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const update = useSettings((s) => s.update);
  const y = settings.tuya;
  const kit = useValues({
    // Demo mode without an account talks to the built-in sandbox: show where, not the real cloud.
    baseUrl: y?.baseUrl ?? settings.demoCloudUrl ?? 'https://openapi.tuyacn.com',
    clientId: y?.clientId ?? '',
    secret: '',
    projectId: y?.projectId ?? '',
    lockDeviceIds: (y?.lockDeviceIds ?? []).join(', '),
  });
  const save = useSave();
  const { saved, setSaved } = save;

  const onSubmit = async () => {
    setSaved(false);
    const v = kit.values;
    const tuya = compact({
      baseUrl: v.baseUrl.trim(),
      clientId: v.clientId.trim(),
      secret: opt(v.secret),
      projectId: v.projectId.trim(),
      lockDeviceIds: v.lockDeviceIds
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
    const checked = validate(settingsPatchSchema, { tuya });
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const [k, m] of Object.entries(checked.errors)) errors[k.replace(/^tuya\./, '').replace(/\.\d+$/, '')] = m;
      return kit.setErrors(errors);
    }
    const r = await save.run(
      () => update({ tuya: checked.data.tuya }),
      (err) => kit.setErrors(fieldErrorsFrom(err, 'tuya')),
    );
    if (r) {
      kit.set('secret', '');
      setSaved(true);
    }
  };

  // Stored secrets stay with the address they were entered for (main refuses otherwise): say so before saving.
  const moved = Boolean(y) && !sameCloudAddress(y!.baseUrl, kit.values.baseUrl);
  const secretKept = Boolean(y?.hasSecret) && !moved;
  const secretHint = secretKept ? t('settings.secretSet') : y?.hasSecret ? t('settings.secretReenter') : t('settings.secretMissing');
  return (
    <SettingsPanel id="settings-tuya" title={t('providers.tuya')} onSubmit={onSubmit}>
      {!y && settings.demoCloudUrl && (
        <p role="note" className="notice" data-testid="demo-cloud-note">
          {t('settings.demoCloud', { url: settings.demoCloudUrl })}
        </p>
      )}
      <div className="grid">
        <TextField kit={kit} name="baseUrl" label={t('settings.baseUrl')} type="url" />
        <TextField kit={kit} name="clientId" label={t('settings.clientId')} />
        <TextField
          kit={kit}
          name="secret"
          label={t('settings.tuyaSecret')}
          type="password"
          autoComplete="new-password"
          placeholder={secretKept ? t('settings.secretKept') : undefined}
          hint={secretHint}
        />
        <TextField kit={kit} name="projectId" label={t('settings.projectId')} />
        <TextField kit={kit} name="lockDeviceIds" label={t('settings.lockDeviceIds')} hint={t('settings.lockDeviceIdsHint')} />
      </div>
      <AddressChangedNote secrets={moved && y?.hasSecret ? [t('settings.tuyaSecret')] : []} />
      <SaveBar busy={save.busy} saved={saved} error={save.error}>
        <TestConnection provider="tuya" />
      </SaveBar>
    </SettingsPanel>
  );
}
