import { lazy, Suspense, useEffect, useRef, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { mayUseChannel } from '../../shared/permissions';
import { CloudNotice } from './components/CloudNotice';
import { ProgressDisplay } from './components/ProgressDisplay';
import { SimulateCard } from './components/SimulateCard';
import { StatusBar } from './components/StatusBar';
import { dispatchEscape } from './components/escape';
import { LanguageSwitch } from './i18n/LanguageSwitch';
import { useCard } from './store/card';
import { SCREEN_NEEDS, SCREENS, SHORTCUTS, useNav, type Screen } from './store/nav';
import { isActive, useSession } from './store/session';
import { useStatus } from './store/status';
import { HomeScreen } from './features/home/HomeScreen';
import { SessionBar } from './features/staff/SessionBar';
import { SignInScreen } from './features/staff/SignInScreen';
import { useActivityReport } from './features/staff/useActivityReport';

const loadRooms = () => import('./features/rooms/RoomsScreen');

const screens: Record<Exclude<Screen, 'home'>, LazyExoticComponent<ComponentType>> = {
  read: lazy(() => import('./features/read/ReadScreen')),
  issue: lazy(() => import('./features/issue/IssueScreen')),
  lost: lazy(() => import('./features/lost/ReportLostScreen')),
  cancel: lazy(() => import('./features/cancel/CancelScreen')),
  queue: lazy(() => import('./features/queue/QueueScreen')),
  activity: lazy(() => import('./features/activity/ActivityScreen')),
  settings: lazy(() => import('./features/settings/SettingsScreen')),
  rooms: lazy(loadRooms),
  reports: lazy(() => import('./features/reports/ReportsScreen')),
  operators: lazy(() => import('./features/staff/OperatorsScreen')),
};

/** Placing a card while nothing else wants it opens it on the Read screen. */
function useOpenPlacedCard() {
  const seq = useCard((s) => s.seq);
  const go = useNav((s) => s.go);
  useEffect(() => {
    if (seq > 0 && useNav.getState().screen === 'home') go('read');
  }, [seq, go]);
}

/**
 * The screens of the signed-in person. While the window is locked it stays mounted (so the same
 * person finds their form as they left it) but hidden and inert: nothing of it shows, nothing
 * reaches it. A new person gets a fresh one (App keys it by the session's epoch).
 */
function Workspace({ locked }: { locked: boolean }) {
  const { t } = useTranslation();
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const role = useSession((s) => s.view?.operator?.role);
  const demo = useStatus((s) => s.status?.mode === 'demo' && s.status.encoder.driver === 'simulator');
  const mainRef = useRef<HTMLElement>(null);
  const allowed = (s: Screen) => mayUseChannel(SCREEN_NEEDS[s], role);
  useOpenPlacedCard();
  // The desk's main screen loads its code while the station is idle, so its first opening is as fast as the next.
  useEffect(() => {
    const timer = setTimeout(() => void loadRooms().catch(() => {}), 1_000);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (locked) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        if (document.querySelector('dialog[open]')) return;
        if (dispatchEscape()) return;
        if (useNav.getState().screen !== 'home') go('home');
        return;
      }
      const target = e.altKey && !e.ctrlKey && !e.metaKey ? SCREENS.find((s) => SHORTCUTS[s] === e.key) : undefined;
      if (target) {
        e.preventDefault();
        if (mayUseChannel(SCREEN_NEEDS[target], useSession.getState().view?.operator?.role)) go(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, locked]);

  // A question left open (a confirmation naming a card) must not wait behind the lock screen.
  useEffect(() => {
    if (!locked) return;
    document.querySelectorAll('dialog[open]').forEach((d) => d.dispatchEvent(new Event('cancel', { cancelable: true })));
  }, [locked]);

  // Moving to a screen moves focus into it (its first field, else its heading), so a keyboard user starts there.
  useEffect(() => {
    const main = mainRef.current;
    if (!main || locked || main.contains(document.activeElement)) return; // a field of the screen took focus itself
    const h = main.querySelector('h1');
    if (h instanceof HTMLElement) h.focus();
  }, [screen, locked]);

  // A role change (or a screen this person may not use) falls back to the start.
  const current: Screen = allowed(screen) ? screen : 'home';
  const Current = current === 'home' ? HomeScreen : screens[current];
  return (
    <div className="workspace" hidden={locked} inert={locked}>
      <nav aria-label={t('nav.label')} className="app-nav">
        <ul>
          {SCREENS.map((s) =>
            allowed(s) ? (
              <li key={s}>
                <button
                  type="button"
                  aria-current={s === current ? 'page' : undefined}
                  onClick={() => go(s)}
                  aria-keyshortcuts={SHORTCUTS[s] ? `Alt+${SHORTCUTS[s]}` : undefined}
                >
                  {t(`nav.${s}`)}
                </button>
              </li>
            ) : null,
          )}
        </ul>
      </nav>
      <main ref={mainRef} className="app-main" aria-label={t(`nav.${current}`)}>
        {(current === 'issue' || current === 'lost' || current === 'cancel') && <CloudNotice />}
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <Current />
        </Suspense>
      </main>
      <footer className="app-footer">
        <ProgressDisplay />
        {demo && <SimulateCard />}
      </footer>
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const view = useSession((s) => s.view);
  const active = isActive(view);
  useActivityReport();
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <StatusBar />
        {active && <SessionBar />}
        <LanguageSwitch />
      </header>
      {view && !active && <SignInScreen view={view} />}
      {view?.operator && <Workspace key={view.epoch} locked={!active} />}
    </div>
  );
}
