import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tabs } from '../../components/tabs';
import { CancelProximity } from './cancel-proximity';
import { CancelQr } from './cancel-qr';
import { TuyaCardActions } from './tuya-card-actions';

type Tab = 'prox' | 'qr' | 'tuya';

export default function CancelScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('prox');
  return (
    <>
      <h1 tabIndex={-1}>{t('cancel.title')}</h1>
      <Tabs
        label={t('cancel.kinds')}
        active={tab}
        onChange={setTab}
        tabs={[
          { key: 'prox', label: t('cancel.proxTab') },
          { key: 'qr', label: t('cancel.qrTab') },
          { key: 'tuya', label: t('cancel.tuyaTab') },
        ]}
      >
        {tab === 'prox' && <CancelProximity />}
        {tab === 'qr' && <CancelQr />}
        {tab === 'tuya' && <TuyaCardActions />}
      </Tabs>
    </>
  );
}
