import { useEffect } from 'react';
import { stationApi } from '../../api/station';
import { isActive, useSession } from '../../store/session';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/**
 * Tells main the person is at the window (at most every 15 s, more often when the idle lock is
 * shorter), so the idle lock main enforces counts from their last input, not from their last click
 * that happened to call main.
 */
export function useActivityReport(): void {
  const active = useSession((s) => isActive(s.view));
  const idleLockMs = useSession((s) => s.view?.idleLockMs ?? 300_000);
  useEffect(() => {
    if (!active) return;
    const every = Math.min(15_000, Math.max(200, Math.floor(idleLockMs / 4)));
    let last = 0;
    const onInput = () => {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      void stationApi().invoke('session:activity', {});
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { capture: true, passive: true });
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, [active, idleLockMs]);
}
