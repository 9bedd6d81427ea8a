import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QrCardImage } from '../../../../shared/domain/rooms';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/error-notice';
import { formatLocal } from '../../components/format';
import { useAsync } from '../shared/use-async';
import { ActionProgressById } from './action-progress';

/** The QR card on screen right after issuing: the guest can scan it at once; print it or send the SMS again. */
export function QrCardPanel({ cardNo, roomName }: { cardNo: string; roomName: string }) {
  const { t, i18n } = useTranslation();
  const [image, setImage] = useState<QrCardImage | null>(null);
  const [smsAction, setSmsAction] = useState<string | null>(null);
  const load = useAsync();
  const sms = useAsync();
  const { run } = load;
  useEffect(() => {
    void run(async () => setImage(await call('cards:qrImage', { cardNo })));
  }, [cardNo, run]);
  return (
    <section className="card-panel qr-card qr-print" aria-label={t('qr.region', { card: cardNo })} data-testid="qr-card">
      <h3>{t('qr.title', { room: roomName })}</h3>
      <ErrorNotice error={load.error} />
      {image && (
        <>
          <img src={image.image} alt={t('qr.alt', { card: cardNo, room: roomName })} width={240} height={240} data-testid="qr-image" />
          <p>
            {t('qr.card', { card: cardNo })}
            {image.validTo ? `${t('punct.stop')}${t('qr.validTo', { end: formatLocal(image.validTo, i18n.language) })}` : ''}
          </p>
        </>
      )}
      <div className="actions no-print">
        <button type="button" disabled={!image} onClick={() => window.print()}>
          {t('qr.print')}
        </button>
        <button
          type="button"
          disabled={sms.busy}
          onClick={() => void sms.run(async () => setSmsAction((await call('cards:sendSmsAgain', { cardNo })).id))}
        >
          {t('qr.sendSmsAgain')}
        </button>
      </div>
      <p className="hint no-print">{t('qr.smsHint')}</p>
      <ErrorNotice error={sms.error} />
      {smsAction && <ActionProgressById id={smsAction} />}
    </section>
  );
}
