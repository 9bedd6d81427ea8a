import { useTranslation } from 'react-i18next';
import type { AuditEntry, CardRecord } from '../../../../shared/domain/registry';
import { auditActionKey, formatDateTime, formatLocal, kindKey } from '../../components/format';
import { RecordList, type RecordRow } from '../../components/record-list';

export function roomLabel(c: Pick<CardRecord, 'buildNo' | 'floorNo' | 'roomNo'>): string {
  return [c.buildNo, c.floorNo, c.roomNo].filter(Boolean).join('-');
}

export function CardRecordView({ card }: { card: CardRecord }) {
  const { t, i18n } = useTranslation();
  const rows: RecordRow[] = [
    [t('card.provider'), t(`providers.${card.provider}`)],
    [t('card.status'), t(`cardStatus.${card.status}`)],
    [t('card.room'), roomLabel(card) || undefined],
    [t('card.holder'), card.holderMobile ? `+${card.holderAreaCode ?? ''} ${card.holderMobile}` : undefined],
    [t('card.validFrom'), formatLocal(card.validFrom, i18n.language) || undefined],
    [t('card.validTo'), formatLocal(card.validTo, i18n.language) || undefined],
    [t('card.cardNo'), card.cardNo],
    [t('card.serialNum'), card.serialNum],
    [t('card.lockCardId'), card.lockCardId],
    [t('card.deviceId'), card.deviceId],
  ];
  return <RecordList aria-label={t('card.registry')} rows={rows} />;
}

export function HistoryList({ history }: { history: AuditEntry[] }) {
  const { t, i18n } = useTranslation();
  if (!history.length) return <p>{t('card.noHistory')}</p>;
  return (
    <table className="table" aria-label={t('card.history')}>
      <thead>
        <tr>
          <th scope="col">{t('activity.at')}</th>
          <th scope="col">{t('activity.action')}</th>
          <th scope="col">{t('activity.kind')}</th>
          <th scope="col">{t('activity.state')}</th>
          <th scope="col">{t('activity.operator')}</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.seq}>
            <td>{formatDateTime(h.at, i18n.language)}</td>
            <td>{i18n.exists(auditActionKey(h.action)) ? t(auditActionKey(h.action)) : h.action}</td>
            <td>{h.kind ? t(`kinds.${kindKey(h.kind)}`) : ''}</td>
            <td>{h.state ? t(`opState.${h.state}`) : ''}</td>
            <td>{h.operator}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
