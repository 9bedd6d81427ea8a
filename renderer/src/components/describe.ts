/**
 * What an operation, an ordering line or an activity entry is about, in the clerk's words:
 * "Room 1-1-101", "QR card 8A2F01", never `uclbrt:room:1-1-101` or `attempt 1, next at ...Z`.
 */
import type { TFunction } from 'i18next';
import type { Operation } from '../../../shared/domain/operations';
import { fieldLabel } from '../i18n/field-label';
import { formatDateTime } from './format';

type T = TFunction;
type Room = { buildNo?: string; floorNo?: string; roomNo?: string };

/** `1-2-202`, or `101` for a room addressed by number only. */
export function roomText(room: Room): string {
  return room.buildNo || room.floorNo ? [room.buildNo ?? '', room.floorNo ?? '', room.roomNo ?? ''].join('-') : (room.roomNo ?? '');
}

/** The room, card or lock an operation concerns. */
export function operationTarget(op: Pick<Operation, 'kind' | 'input'>, t: T): string {
  const i = op.input as Record<string, unknown> & Room;
  const room = i.roomNo ? t('target.room', { room: roomText(i) }) : '';
  switch (op.kind) {
    case 'uclbrt.qr.issue':
      return room;
    case 'uclbrt.prox.issue':
      return `${room} · ${t('target.proxCard', { card: String(i.serialNum) })}`;
    case 'uclbrt.qr.reportLost':
    case 'uclbrt.qr.cancel': {
      const card = t('target.qrCard', { card: String(i.cardNo) });
      return room ? `${card} · ${room}` : card;
    }
    case 'uclbrt.prox.cancel':
      return t('target.proxCard', { card: String(i.serialNum) });
    case 'tuya.issue':
      return t('target.tuyaCard', { card: String(i.cardId), lock: String(i.deviceId) });
    default:
      return t('target.tuyaCard', { card: String(i.lockCardId), lock: String(i.deviceId) });
  }
}

/** An ordering line (`uclbrt:room:1-1-101`, `tuya:lock:X`, `uclbrt:qr:N`, ...) as words. */
export function subjectText(subject: string | undefined, t: T): string {
  if (!subject) return '';
  const room = /^(?:[a-z]+:)?room:([^-]*)-([^-]*)-(.*)$/.exec(subject);
  if (room) return t('target.room', { room: roomText({ buildNo: room[1] || undefined, floorNo: room[2] || undefined, roomNo: room[3] }) });
  const lock = /^tuya:lock:(.*)$/.exec(subject);
  if (lock) return t('target.lock', { lock: lock[1] });
  const tuya = /^tuya:([^:]+):(?:card|lock-card):(.*)$/.exec(subject);
  if (tuya) return t('target.tuyaCard', { card: tuya[2], lock: tuya[1] });
  const qr = /^uclbrt:qr:(.*)$/.exec(subject);
  if (qr) return t('target.qrCard', { card: qr[1] });
  const prox = /^uclbrt:prox:(.*)$/.exec(subject);
  if (prox) return t('target.proxCard', { card: prox[1] });
  return subject;
}

/** The activity log's detail line (written in English by main) in the UI language. */
export function auditDetailText(detail: string | undefined, t: T, exists: (key: string) => boolean, lang: string): string {
  if (!detail) return '';
  let m = /^attempt (\d+)(?:, next at (.+))?$/.exec(detail);
  if (m) {
    const attempt = t('auditDetail.attempt', { count: Number(m[1]) });
    return m[2] ? t('auditDetail.attemptNext', { attempt, time: formatDateTime(m[2], lang) }) : attempt;
  }
  m = /^was (\w+)$/.exec(detail);
  if (m && exists(`opState.${m[1]}`)) return t('auditDetail.was', { state: (t as unknown as (k: string) => string)(`opState.${m[1]}`) });
  m = /^replaced by (.+)$/.exec(detail);
  if (m) return t('auditDetail.replacedBy', { id: m[1] });
  m = /^replaces (.+)$/.exec(detail);
  if (m) return t('auditDetail.replaces', { id: m[1] });
  if (detail === 'the program sending it stopped before the answer was recorded') return t('auditDetail.senderStopped');
  m = /^(\S+) was discarded$/.exec(detail);
  if (m) return t('auditDetail.prerequisiteDiscarded', { id: m[1] });
  m = /^(\d+) rooms \((\d+) added, (\d+) updated, (\d+) removed\)(;.*)?$/.exec(detail);
  if (m) {
    const counts = t('auditDetail.roomsRefreshed', {
      total: Number(m[1]),
      added: Number(m[2]),
      updated: Number(m[3]),
      removed: Number(m[4]),
    });
    return m[5] ? `${counts}${t('punct.stop')}${t('auditDetail.refreshProblem')}` : counts;
  }
  m = /^(\d+) added, (\d+) updated, (\d+) unchanged$/.exec(detail);
  if (m) return t('auditDetail.roomsImported', { added: Number(m[1]), updated: Number(m[2]), unchanged: Number(m[3]) });
  m = /^at (.+?)(?:, taking over from (.+))?$/.exec(detail);
  if (m) return m[2] ? t('auditDetail.signedInTakingOver', { desk: m[1], previous: m[2] }) : t('auditDetail.signedInAt', { desk: m[1] });
  m = /^wrong PIN or password, (\d+) tries left$/.exec(detail);
  if (m) return t('auditDetail.wrongTry', { count: Number(m[1]) });
  m = /^(\d+) wrong tries in a row$/.exec(detail);
  if (m) return t('auditDetail.lockedAfter', { count: Number(m[1]) });
  if (detail === 'signed out') return t('auditDetail.signedOut');
  if (detail === 'demo accounts end with demo mode') return t('auditDetail.demoEnded');
  if (detail === 'account disabled') return t('auditDetail.accountDisabled');
  m = /^(.+) \((clerk|supervisor|administrator)\)(, the station's first operator)?$/.exec(detail);
  if (m) return t(m[3] ? 'auditDetail.firstOperator' : 'auditDetail.operatorWithRole', { name: m[1], role: t(`roles.${m[2] as 'clerk'}`) });
  m = /^(.+): (clerk|supervisor|administrator) → (clerk|supervisor|administrator)(, new password)?$/.exec(detail);
  if (m) {
    const changed = t('auditDetail.roleChanged', { name: m[1], from: t(`roles.${m[2] as 'clerk'}`), to: t(`roles.${m[3] as 'clerk'}`) });
    return m[4] ? `${changed}${t('auditDetail.listSeparator')}${t('auditDetail.newPassword')}` : changed;
  }
  m = /^action (\S+): (.*)$/.exec(detail);
  if (m) {
    const steps = m[2]
      .split(', ')
      .map((part) => /^(\d+) (\S+)$/.exec(part))
      .map((p) =>
        p && exists(`actionRoles.${p[2]}`)
          ? t('auditDetail.stepCount', { role: (t as unknown as (k: string) => string)(`actionRoles.${p[2]}`), count: Number(p[1]) })
          : '',
      )
      .filter(Boolean)
      .join(t('auditDetail.listSeparator'));
    return t('auditDetail.roomAction', { id: m[1], steps });
  }
  m = /^changed: (.*?)(?:; secrets replaced: (.*))?$/.exec(detail);
  if (m) {
    const sep = t('auditDetail.listSeparator');
    const names = (list: string) =>
      list
        .split(', ')
        .filter((f) => f && f !== 'nothing')
        .map((f) => fieldLabel(t, exists, f.replace(/^(uclbrt|tuya)\./, '').replace(/^passwordMd5$/, 'password')) ?? sectionLabel(f, t))
        .join(sep);
    const changed = names(m[1]) || t('auditDetail.nothing');
    return m[2]
      ? t('auditDetail.settingsChangedSecrets', { fields: changed, secrets: names(m[2]) })
      : t('auditDetail.settingsChanged', { fields: changed });
  }
  return detail;
}

/** A whole settings section (`uclbrt`, `tuya`, `encoder`) by its screen name. */
function sectionLabel(name: string, t: T): string {
  if (name === 'uclbrt' || name === 'tuya') return t(`providers.${name}`);
  if (name === 'encoder') return t('settings.encoder');
  return name;
}
