import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkOutRequestSchema,
  duplicateRequestSchema,
  extendRequestSchema,
  newStayRequestSchema,
  type CardKind,
  type RoomActionPlan,
  type RoomActionRequestInput,
  type RoomCard,
  type RoomDetails,
} from '../../../../shared/domain/rooms';
import { isMobileFor, MOBILE_FOR_AREA_CODE } from '../../../../shared/text/phone';
import { call } from '../../api/station';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { useEscape } from '../../components/escape';
import { compact, validate, type FieldErrors } from '../../components/form';
import { formatLocal, localInputValue } from '../../components/format';
import { defaultStay } from '../issue/dates';
import { OpentypeField } from '../issue/opentype-field';
import { CheckField, SelectField, TextField, choices, inlineErrorsFrom, opt, optNumber, useValues } from '../shared/form-kit';
import { SubmitForm } from '../shared/form-shells';
import { useAsync } from '../shared/use-async';
import { useCardOnEncoder } from '../shared/use-card-on-encoder';
import { EncoderHoldNotice, useEncoderHold } from '../shared/use-encoder-hold';
import { ActionProgressById, useRoomAction } from './action-progress';
import { QrCardPanel } from './qr-card-panel';
import { kindLabel } from './room-words';

/** The cards that stop working, as the confirmation lists them. */
export function StoppingCards({ cards }: { cards: RoomCard[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="stopping-cards" data-testid="stopping-cards">
      {cards.map((c) => (
        <li key={c.id}>
          {kindLabel(c.kind, t)} <span className="mono">{c.label}</span>
          {c.validTo ? `${t('punct.sep')}${t('rooms.validUntil', { end: formatLocal(c.validTo, i18n.language) })}` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * Preview, confirm, then act: what would stop working is shown before anything is queued;
 * main refuses an action whose confirmed cards no longer match (`rooms.confirm-stale`).
 */
function useRoomActionRun(onFieldErrors?: (errors: FieldErrors) => void) {
  const [plan, setPlan] = useState<RoomActionPlan | null>(null);
  const [pending, setPending] = useState<RoomActionRequestInput | null>(null);
  const [actionId, setActionId] = useState<string | null>(null);
  const run = useAsync();
  const fieldErrors = (err: Parameters<typeof inlineErrorsFrom>[0]) => onFieldErrors?.(inlineErrorsFrom(err, ''));

  const act = async (request: RoomActionRequestInput) => {
    const a = await run.run(() => call('rooms:action', request), fieldErrors);
    if (a) setActionId(a.id);
  };
  /** Asks main what the request would do; acts at once when nothing stops working and there is nothing to note. */
  const start = async (request: RoomActionRequestInput, alwaysConfirm = false) => {
    setActionId(null);
    const p = await run.run(() => call('rooms:preview', request), fieldErrors);
    if (!p) return;
    if (!alwaysConfirm && p.revoke.length === 0 && p.notes.length === 0) return act(request);
    setPlan(p);
    setPending(request);
  };
  const confirm = () => {
    const request = pending;
    const p = plan;
    setPlan(null);
    setPending(null);
    if (!request || !p) return;
    const confirmRevoke = p.revoke.map((c) => c.id);
    return act(request.action === 'new-stay' || request.action === 'check-out' ? { ...request, confirmRevoke } : request);
  };
  const cancel = () => {
    setPlan(null);
    setPending(null);
  };
  return { plan, actionId, busy: run.busy, error: run.error, start, confirm, cancel };
}

type Run = ReturnType<typeof useRoomActionRun>;

/** The confirmation naming what stops working, and the action's progress per card once started. */
function RunOutcome({
  run,
  title,
  confirmLabel,
  body,
  roomName,
}: {
  run: Run;
  title: string;
  confirmLabel: string;
  body: (plan: RoomActionPlan) => string;
  roomName: string;
}) {
  const render = useErrorText();
  const action = useRoomAction(run.actionId);
  const qrDone = action?.steps.find(
    (s) => s.role === 'issue' && s.cardKind === 'qr' && s.progress === 'done' && typeof s.result?.cardNo === 'string',
  );
  return (
    <>
      <ErrorNotice error={run.error} />
      <ConfirmDialog
        open={Boolean(run.plan)}
        title={title}
        body={run.plan ? body(run.plan) : ''}
        confirmLabel={confirmLabel}
        onCancel={run.cancel}
        onConfirm={() => void run.confirm()}
      >
        {run.plan && run.plan.revoke.length > 0 && <StoppingCards cards={run.plan.revoke} />}
        {run.plan?.notes.map((n, i) => (
          <p key={i} className="notice">
            {render(n).text}
          </p>
        ))}
      </ConfirmDialog>
      {run.actionId && <ActionProgressById id={run.actionId} />}
      {qrDone && <QrCardPanel cardNo={String(qrDone.result!.cardNo)} roomName={roomName} />}
    </>
  );
}

function useClose(onClose: () => void) {
  useEscape(() => {
    onClose();
    return true;
  });
}

/** New key (new stay) or Duplicate key: card kind and locks come from the room, never asked. */
export function NewCardPanel({
  details,
  mode,
  serialNum,
  onClose,
}: {
  details: RoomDetails;
  mode: 'new-stay' | 'duplicate';
  serialNum?: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const room = details.room;
  const available = details.available.find((a) => a.action === mode);
  const kinds: CardKind[] = available?.cardKinds?.length ? available.cardKinds : room.cardKinds;
  const stay = defaultStay();
  const kit = useValues({
    cardKind: kinds[0] ?? 'qr',
    // A duplicate is for the same guest; a new stay is a new guest.
    mobile: mode === 'duplicate' ? (details.stay?.holderMobile ?? '') : '',
    areaCode: mode === 'duplicate' ? (details.stay?.holderAreaCode ?? '86') : '86',
    sendSms: false,
    serialNum: serialNum ?? '',
    owner: '',
    start: stay.start,
    end: stay.end,
    opentype: 'single',
    times: '',
    cipherType: 'none',
    outInfo: '',
  });
  const run = useRoomActionRun(kit.setErrors);
  useClose(onClose);
  const kind = kit.values.cardKind as CardKind;
  // A card on the encoder is waited for, and the encoder kept for it, until the action is made.
  const hold = useEncoderHold(kind !== 'qr' && !run.actionId ? mode : null, room.displayName);
  useCardOnEncoder((card) => kit.set('serialNum', card.serialNum), hold.acceptsCards);

  const onSubmit = async () => {
    const v = kit.values;
    const card = compact({
      cardKind: kind,
      mobile: opt(v.mobile),
      areaCode: v.areaCode,
      sendSms: kind === 'qr' ? v.sendSms : undefined,
      serialNum: kind === 'qr' ? undefined : opt(v.serialNum),
      owner: kind === 'proximity' ? opt(v.owner) : undefined,
      opentype: kind === 'tuya' ? undefined : (v.opentype as 'single' | 'normally-open'),
      times: kind === 'qr' ? optNumber(v.times) : undefined,
      cipherType: kind === 'qr' ? (v.cipherType as 'none' | 'period' | 'one-time') : undefined,
      outInfo: kind === 'qr' ? opt(v.outInfo) : undefined,
    });
    const errors: FieldErrors = {};
    if (kind === 'qr' && !card.mobile) errors.mobile = 'is required';
    if (kind !== 'qr' && !card.serialNum) errors.serialNum = 'is required';
    if (card.mobile && /^\d{5,20}$/.test(card.mobile) && !isMobileFor(String(card.areaCode), card.mobile))
      errors.mobile = MOBILE_FOR_AREA_CODE;
    const request =
      mode === 'new-stay'
        ? { action: 'new-stay' as const, room: room.key, start: opt(v.start), end: v.end as string, ...card }
        : { action: 'duplicate' as const, room: room.key, ...card };
    const checked = validate(mode === 'new-stay' ? newStayRequestSchema : duplicateRequestSchema, request);
    if (!checked.ok || Object.keys(errors).length) return kit.setErrors({ ...(checked.ok ? {} : checked.errors), ...errors });
    await run.start(request);
  };

  const title = mode === 'new-stay' ? t('roomActions.new-stay') : t('roomActions.duplicate');
  return (
    <section className="card-panel" aria-labelledby="room-panel-title" data-testid={`panel-${mode}`}>
      <h2 id="room-panel-title">{title}</h2>
      <p className="lead">
        {mode === 'new-stay'
          ? details.cards.length
            ? t('rooms.newStayRevokes', { count: details.cards.length })
            : t('rooms.newStayVacant')
          : t('rooms.duplicateCopies', { end: formatLocal(details.stay?.end, i18n.language) })}
      </p>
      <EncoderHoldNotice hold={hold} />
      <SubmitForm aria-label={title} onSubmit={onSubmit}>
        <div className="grid">
          <SelectField
            kit={kit}
            name="cardKind"
            label={t('rooms.cardKind')}
            options={kinds.map((k) => ({ value: k, label: kindLabel(k, t) }))}
          />
          {kind === 'qr' ? (
            <>
              <TextField kit={kit} name="mobile" label={t('fields.mobile')} type="tel" autoFocus />
              <TextField kit={kit} name="areaCode" label={t('fields.areaCode')} type="tel" />
              <CheckField kit={kit} name="sendSms" label={t('fields.sendSms')} />
              <TextField kit={kit} name="times" label={t('fields.times')} type="number" hint={t('issue.timesHint')} />
              <SelectField
                kit={kit}
                name="cipherType"
                label={t('fields.cipherType')}
                options={choices(['none', 'period', 'one-time'], (c) => t(`issue.cipherTypes.${c}`))}
              />
              <TextField kit={kit} name="outInfo" label={t('fields.outInfo')} />
            </>
          ) : (
            <>
              <TextField
                kit={kit}
                name="serialNum"
                label={t('fields.serialNum')}
                hint={kit.values.serialNum ? undefined : t('issue.placeBlank')}
                autoFocus
              />
              {kind === 'proximity' && (
                <>
                  <TextField kit={kit} name="owner" label={t('fields.owner')} />
                  <TextField kit={kit} name="mobile" label={t('fields.mobile')} type="tel" />
                  <TextField kit={kit} name="areaCode" label={t('fields.areaCode')} type="tel" />
                </>
              )}
            </>
          )}
          {kind !== 'tuya' && <OpentypeField kit={kit} />}
          {mode === 'new-stay' && (
            <>
              <TextField kit={kit} name="start" label={t('fields.start')} type="datetime-local" />
              <TextField kit={kit} name="end" label={t('fields.end')} type="datetime-local" />
            </>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={run.busy}>
            {mode === 'new-stay' ? t('rooms.issueNewKey') : t('rooms.issueDuplicate')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.back')}
          </button>
        </div>
      </SubmitForm>
      <RunOutcome
        run={run}
        roomName={room.displayName}
        title={t('rooms.confirmNewStayTitle', { room: room.displayName })}
        confirmLabel={t('rooms.confirmNewStay')}
        body={(p) => t('rooms.confirmNewStayBody', { count: p.revoke.length, room: room.displayName })}
      />
    </section>
  );
}

/** Check-out: every active card of the room stops, in order, across clouds, after confirmation. */
export function CheckOutPanel({ details, onClose }: { details: RoomDetails; onClose: () => void }) {
  const { t } = useTranslation();
  const room = details.room;
  const run = useRoomActionRun();
  useClose(onClose);
  const request = { action: 'check-out' as const, room: room.key };
  const start = () => {
    const checked = validate(checkOutRequestSchema, request);
    if (checked.ok) void run.start(request, true);
  };
  return (
    <section className="card-panel" aria-labelledby="room-panel-title" data-testid="panel-check-out">
      <h2 id="room-panel-title">{t('roomActions.check-out')}</h2>
      <p className="lead">{t('rooms.checkOutLead', { count: details.cards.length, room: room.displayName })}</p>
      {details.cards.length > 0 && <StoppingCards cards={details.cards} />}
      <div className="actions">
        <button type="button" className="danger" disabled={run.busy || Boolean(run.actionId)} onClick={start} autoFocus>
          {t('rooms.checkOutButton', { room: room.displayName })}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
      </div>
      <RunOutcome
        run={run}
        roomName={room.displayName}
        title={t('rooms.confirmCheckOutTitle', { room: room.displayName })}
        confirmLabel={t('rooms.confirmCheckOut')}
        body={(p) => t('rooms.confirmCheckOutBody', { count: p.revoke.length, room: room.displayName })}
      />
    </section>
  );
}

/** A later end for the stay; no key stops working before its replacement works. */
export function ExtendPanel({ details, onClose }: { details: RoomDetails; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const room = details.room;
  const current = details.stay?.end;
  const suggested = (() => {
    const base = current ? new Date(`${current}:00`) : new Date();
    if (Number.isNaN(base.getTime())) return defaultStay().end;
    base.setDate(base.getDate() + 1);
    return localInputValue(base);
  })();
  const kit = useValues({ end: suggested, sendSms: false });
  const run = useRoomActionRun(kit.setErrors);
  useClose(onClose);
  const hasQr = details.cards.some((c) => c.kind === 'qr');
  const onSubmit = async () => {
    const request = {
      action: 'extend' as const,
      room: room.key,
      end: kit.values.end as string,
      sendSms: hasQr ? Boolean(kit.values.sendSms) : false,
    };
    const checked = validate(extendRequestSchema, request);
    if (!checked.ok) return kit.setErrors(checked.errors);
    await run.start(request);
  };
  return (
    <section className="card-panel" aria-labelledby="room-panel-title" data-testid="panel-extend">
      <h2 id="room-panel-title">{t('roomActions.extend')}</h2>
      <p className="lead">{t('rooms.extendLead', { end: formatLocal(current, i18n.language), count: details.cards.length })}</p>
      <SubmitForm aria-label={t('roomActions.extend')} onSubmit={onSubmit}>
        <div className="grid">
          <TextField kit={kit} name="end" label={t('rooms.newEnd')} type="datetime-local" autoFocus />
          {hasQr && <CheckField kit={kit} name="sendSms" label={t('rooms.extendSms')} />}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={run.busy}>
            {t('rooms.extendButton')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.back')}
          </button>
        </div>
      </SubmitForm>
      <RunOutcome
        run={run}
        roomName={room.displayName}
        title={t('rooms.confirmExtendTitle', { room: room.displayName })}
        confirmLabel={t('rooms.confirmExtend')}
        body={(p) =>
          t('rooms.confirmExtendBody', {
            room: room.displayName,
            end: formatLocal(p.validity?.end ?? (kit.values.end as string), i18n.language),
          })
        }
      />
    </section>
  );
}
