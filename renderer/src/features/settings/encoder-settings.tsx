import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ENCODER_DRIVERS,
  SERIAL_FORMATS,
  type CardRead,
  type EncoderDriverId,
  type EncoderStatus,
  type PortInfo,
} from '../../../../shared/domain/encoder';
import { encoderConfigSchema } from '../../../../shared/config';
import type { SettingsView } from '../../../../shared/settings';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/error-notice';
import { compact, validate } from '../../components/form';
import { useSettings } from '../../store/settings';
import { LockTypeField, SelectField, choices, TextField, opt, optNumber, useValues } from '../shared/form-kit';
import { useAsync } from '../shared/use-async';
import { SettingsPanel, useSave } from './settings-panel';
import { SaveBar, fieldErrorsFrom } from './save-bar';

function portLabel(p: PortInfo): string {
  return [
    p.path,
    p.manufacturer ?? p.product,
    p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : '',
    p.likelyEncoder ? `★ ${p.likelyEncoder}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function EncoderSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const update = useSettings((s) => s.update);
  const e = settings.encoder;
  const kit = useValues({
    driver: e.driver as string,
    port: e.port ?? '',
    baudRate: e.baudRate ? String(e.baudRate) : '',
    serialFormat: e.serialFormat as string,
    issueMac: e.issueMac ?? '',
    lockType: e.lockType as string,
  });
  const [listed, setPorts] = useState<PortInfo[]>([]);
  // Entries with `unavailable` say a kind of device could not be listed (e.g. libusb missing): shown, never offered.
  const ports = listed.filter((p) => !p.unavailable);
  const listingProblems = listed.filter((p) => p.unavailable);
  const [macs, setMacs] = useState<string[] | null>(null);
  const [tested, setTested] = useState<EncoderStatus | null>(null);
  const [read, setRead] = useState<CardRead | null>(null);
  const portsLoad = useAsync();
  const macLoad = useAsync();
  const test = useAsync();
  const save = useSave();
  const { saved, setSaved } = save;
  const { run: runPorts } = portsLoad;

  const refreshPorts = () => void runPorts(async () => setPorts(await call('station:ports', {})));
  useEffect(() => {
    void runPorts(async () => setPorts(await call('station:ports', {})));
  }, [runPorts]);

  const draft = () =>
    compact({
      driver: kit.values.driver,
      port: opt(kit.values.port),
      baudRate: optNumber(kit.values.baudRate),
      serialFormat: kit.values.serialFormat,
      issueMac: opt(kit.values.issueMac),
      lockType: kit.values.lockType,
    });

  const onSubmit = async () => {
    setSaved(false);
    const checked = validate(encoderConfigSchema, draft());
    if (!checked.ok) return kit.setErrors(checked.errors);
    const r = await save.run(
      () => update({ encoder: checked.data }),
      (err) => kit.setErrors(fieldErrorsFrom(err, 'encoder')),
    );
    if (r) setSaved(true);
  };

  const testEncoder = async () => {
    setTested(null);
    setRead(null);
    const d = draft();
    const r = await test.run(() =>
      call('encoder:test', {
        driver: d.driver as EncoderDriverId,
        port: d.port as string | undefined,
        baudRate: d.baudRate as number | undefined,
      }),
    );
    if (r) setTested(r);
  };

  return (
    <SettingsPanel id="settings-encoder" title={t('settings.encoder')} onSubmit={onSubmit}>
      <datalist id="encoder-ports">
        {ports.map((p) => (
          <option key={p.path} value={p.path}>
            {portLabel(p)}
          </option>
        ))}
      </datalist>
      <datalist id="issue-macs">
        {macs?.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <div className="grid">
        <SelectField kit={kit} name="driver" label={t('settings.driver')} options={choices(ENCODER_DRIVERS, (d) => t(`drivers.${d}`))} />
        <TextField
          kit={kit}
          name="port"
          label={t('settings.port')}
          list="encoder-ports"
          hint={ports.length ? t('settings.portsFound', { count: ports.length }) : t('settings.noPorts')}
        />
        <TextField kit={kit} name="baudRate" label={t('settings.baudRate')} type="number" />
        <SelectField
          kit={kit}
          name="serialFormat"
          label={t('settings.serialFormat')}
          options={choices(SERIAL_FORMATS, (f) => t(`serialFormats.${f}`))}
        />
        <TextField
          kit={kit}
          name="issueMac"
          label={t('settings.issueMac')}
          list="issue-macs"
          hint={macs ? t('settings.macsFound', { count: macs.length }) : t('settings.issueMacHint')}
        />
        <LockTypeField kit={kit} />
      </div>
      {ports.length > 0 && (
        <ul className="port-list" aria-label={t('settings.portList')}>
          {ports.map((p) => (
            <li key={p.path}>
              <button type="button" className="link" onClick={() => kit.set('port', p.path)}>
                {t('settings.usePort', { port: portLabel(p) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <SaveBar busy={save.busy} saved={saved} error={save.error}>
        <button type="button" onClick={refreshPorts} disabled={portsLoad.busy}>
          {t('settings.refreshPorts')}
        </button>
        <button
          type="button"
          onClick={() => void macLoad.run(async () => setMacs(await call('cloud:macList', {})))}
          disabled={macLoad.busy}
        >
          {t('settings.loadMacs')}
        </button>
        <button type="button" onClick={() => void testEncoder()} disabled={test.busy}>
          {t('settings.testEncoder')}
        </button>
        <button
          type="button"
          onClick={() => void test.run(async () => setRead(await call('encoder:read', { timeoutMs: 15_000 })))}
          disabled={test.busy}
        >
          {t('settings.testRead')}
        </button>
      </SaveBar>
      {listingProblems.map((p) => (
        <ErrorNotice key={`${p.kind}-unavailable`} error={p.unavailable} />
      ))}
      <ErrorNotice error={portsLoad.error ?? macLoad.error ?? test.error} />
      {tested && (
        <p role="status">
          {t('settings.testResult', {
            state: t(`encoderState.${tested.state}`),
            model: tested.model ?? '—',
            firmware: tested.firmware ?? '—',
            port: tested.port ?? '—',
          })}
        </p>
      )}
      {tested?.error && <ErrorNotice error={tested.error} />}
      {read && <p role="status">{t('settings.readResult', { serial: read.serialNum, uid: read.uid })}</p>}
    </SettingsPanel>
  );
}
