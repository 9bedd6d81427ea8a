import { lazy, Suspense, useEffect, useRef, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { CloudNotice } from './components/CloudNotice';
import { ProgressDisplay } from './components/ProgressDisplay';
import { SimulateCard } from './components/SimulateCard';
import { StatusBar } from './components/StatusBar';
import { dispatchEscape } from './components/escape';
import { LanguageSwitch } from './i18n/LanguageSwitch';
import { useCard } from './store/card';
import { SCREENS, SHORTCUTS, useNav, type Screen } from './store/nav';
import { useStatus } from './store/status';
import { HomeScreen } from './features/home/HomeScreen';

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
};

/** Placing a card while nothing else wants it opens it on the Read screen. */
function useOpenPlacedCard() {
  const seq = useCard((s) => s.seq);
  const go = useNav((s) => s.go);
  useEffect(() => {
    if (seq > 0 && useNav.getState().screen === 'home') go('read');
  }, [seq, go]);
}

export function App() {
  const { t } = useTranslation();
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const demo = useStatus((s) => s.status?.mode === 'demo' && s.status.encoder.driver === 'simulator');
  const mainRef = useRef<HTMLElement>(null);
  useOpenPlacedCard();
  // The desk's main screen loads its code while the station is idle, so its first opening is as fast as the next.
  useEffect(() => {
    const timer = setTimeout(() => void loadRooms().catch(() => {}), 1_000);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
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
        go(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  // Moving to a screen moves focus into it (its first field, else its heading), so a keyboard user starts there.
  useEffect(() => {
    const main = mainRef.current;
    if (!main || main.contains(document.activeElement)) return; // a field of the screen took focus itself
    const h = main.querySelector('h1');
    if (h instanceof HTMLElement) h.focus();
  }, [screen]);

  const Current = screen === 'home' ? HomeScreen : screens[screen];
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <StatusBar />
        <LanguageSwitch />
      </header>
      <nav aria-label={t('nav.label')} className="app-nav">
        <ul>
          {SCREENS.map((s) => (
            <li key={s}>
              <button
                type="button"
                aria-current={s === screen ? 'page' : undefined}
                onClick={() => go(s)}
                aria-keyshortcuts={`Alt+${SHORTCUTS[s]}`}
              >
                {t(`nav.${s}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main ref={mainRef} className="app-main" aria-label={t(`nav.${screen}`)}>
        {(screen === 'issue' || screen === 'lost' || screen === 'cancel') && <CloudNotice />}
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
