import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tabs } from '../../components/Tabs';
import { useNav, type IssuePrefill } from '../../store/nav';
import { IssueProximityForm } from './IssueProximityForm';
import { IssueQrForm } from './IssueQrForm';
import { IssueRoomTab } from './IssueRoomTab';
import { IssueTuyaForm } from './IssueTuyaForm';

type Tab = IssuePrefill['tab'] | 'room';

export default function IssueScreen() {
  const { t } = useTranslation();
  const [prefill] = useState(() => useNav.getState().takeIssuePrefill());
  const [tab, setTab] = useState<Tab>(prefill?.tab ?? 'room');
  return (
    <>
      <h1 tabIndex={-1}>{t('issue.title')}</h1>
      {prefill && <p className="notice">{t('issue.replacementNote')}</p>}
      <Tabs
        label={t('issue.kinds')}
        active={tab}
        onChange={setTab}
        tabs={[
          { key: 'room', label: t('issue.roomTab') },
          { key: 'qr', label: t('issue.qrTab') },
          { key: 'prox', label: t('issue.proxTab') },
          { key: 'tuya', label: t('issue.tuyaTab') },
        ]}
      >
        {tab === 'room' && <IssueRoomTab />}
        {tab === 'qr' && <IssueQrForm prefill={prefill?.tab === 'qr' ? prefill : null} />}
        {tab === 'prox' && <IssueProximityForm prefill={prefill?.tab === 'prox' ? prefill : null} />}
        {tab === 'tuya' && <IssueTuyaForm prefill={prefill?.tab === 'tuya' ? prefill : null} />}
      </Tabs>
    </>
  );
}
