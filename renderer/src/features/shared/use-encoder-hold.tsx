import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskEncoderJob, EncoderHolder } from '../../../../shared/domain/encoder';
import type { StationError } from '../../../../shared/errors/types';
import { asStationError } from '../../api/errors';
import { call, onEvent } from '../../api/station';
import { ErrorNotice, useErrorText } from '../../components/error-notice';
import { isActive, useSession } from '../../store/session';

export type EncoderHoldState =
  | { state: 'off' }
  | { state: 'taking' }
  | { state: 'held'; holder: EncoderHolder }
  /** Another job has the encoder (a PMS request, another window): taken as soon as it is free. */
  | { state: 'busy'; error: StationError }
  /** Main gave it back after the idle time without input here; the next input keeps it again. */
  | { state: 'ended'; idleMs: number }
  | { state: 'failed'; error: StationError };

export type EncoderHold = EncoderHoldState & {
  /** Whether cards placed now are this screen's (not while another job has the encoder). */
  acceptsCards: boolean;
  retake(): void;
};

/** A screen that only flashes by (a card already on the encoder fills it at once) takes nothing. */
const TAKE_AFTER_MS = 60;
/** While refused, asked again this often, besides at once when the encoder is free. */
const RETRY_BUSY_MS = 3_000;
const INPUT_EVENTS = ['keydown', 'pointerdown'] as const;

/**
 * Holds the encoder for this screen's job while `job` is set and the window is unlocked, as a PMS
 * request does (`encoder:hold`): the PMS is told the encoder is busy meanwhile, and the cards placed
 * are the clerk's. Given back when `job` becomes null (done, or a card kind without the encoder),
 * when the screen goes, and by main on lock, sign-out or the idle time.
 */
export function useEncoderHold(job: DeskEncoderJob | null, room?: string): EncoderHold {
  const active = useSession((s) => isActive(s.view));
  const [attempt, setAttempt] = useState(0);
  const key = active && job !== null ? `${job}|${room ?? ''}|${attempt}` : null;
  // The state of the current take only (keyed): a new job, room or attempt starts from "taking".
  const [current, setCurrent] = useState<{ key: string; hold: EncoderHoldState } | null>(null);

  useEffect(() => {
    if (!key || !job) return;
    const set = (hold: EncoderHoldState) => setCurrent({ key, hold });
    let gone = false;
    let mode: EncoderHoldState['state'] = 'taking';
    let held: { holdId: string; holderId: string; idleMs: number } | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const take = () => {
      clearTimeout(retry);
      mode = 'taking';
      call('encoder:hold', { job, ...(room ? { room } : {}) }).then(
        (h) => {
          if (gone) {
            void call('encoder:release', { holdId: h.holdId }).catch(() => {});
            return;
          }
          held = { holdId: h.holdId, holderId: h.holder.id, idleMs: h.idleMs };
          mode = 'held';
          set({ state: 'held', holder: h.holder });
        },
        (err: unknown) => {
          if (gone) return;
          const error = asStationError(err);
          mode = error.code === 'encoder.busy' ? 'busy' : 'failed';
          set(mode === 'busy' ? { state: 'busy', error } : { state: 'failed', error });
          if (mode === 'busy') retry = setTimeout(take, RETRY_BUSY_MS);
        },
      );
    };
    const first = setTimeout(take, TAKE_AFTER_MS);
    const offHolder = onEvent('encoder:holder', ({ holder }) => {
      if (mode === 'held' && held && holder?.id !== held.holderId) {
        // Main gave it back: nobody touched this window for the idle time.
        mode = 'ended';
        set({ state: 'ended', idleMs: held.idleMs });
        held = undefined;
      } else if (mode === 'busy' && !holder) take();
    });
    return () => {
      gone = true;
      clearTimeout(first);
      clearTimeout(retry);
      offHolder();
      if (held) void call('encoder:release', { holdId: held.holdId }).catch(() => {});
    };
  }, [key, job, room]);

  const hold: EncoderHoldState = !key ? { state: 'off' } : current?.key === key ? current.hold : { state: 'taking' };
  const ended = hold.state === 'ended';
  useEffect(() => {
    if (!ended) return;
    const again = () => setAttempt((a) => a + 1);
    for (const e of INPUT_EVENTS) window.addEventListener(e, again, { capture: true });
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, again, { capture: true });
    };
  }, [ended]);

  return { ...hold, acceptsCards: hold.state !== 'busy', retake: () => setAttempt((a) => a + 1) };
}

/** What the screen says about the encoder: kept for it, in use by someone else (and whom to ask), given back. */
export function EncoderHoldNotice({ hold }: { hold: EncoderHold }) {
  const { t } = useTranslation();
  const render = useErrorText();
  switch (hold.state) {
    case 'held':
      return (
        <p className="hint" data-testid="encoder-held">
          {t('encoderHold.held')}
        </p>
      );
    case 'busy':
      return (
        <div role="alert" className="notice notice-error" data-testid="encoder-busy">
          <span>{render(hold.error).text}</span>{' '}
          <span className="notice-action">
            {hold.error.params?.holder === 'desk' ? t('encoderHold.busyDesk') : t('encoderHold.busyPms')}
          </span>
        </div>
      );
    case 'ended':
      return (
        <div role="status" className="notice" data-testid="encoder-released">
          <span>{t('encoderHold.ended', { count: Math.max(1, Math.round(hold.idleMs / 60_000)) })}</span>{' '}
          <button type="button" onClick={hold.retake}>
            {t('encoderHold.takeAgain')}
          </button>
        </div>
      );
    case 'failed':
      return <ErrorNotice error={hold.error} />;
    default:
      return null;
  }
}
