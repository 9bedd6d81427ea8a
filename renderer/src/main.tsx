import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n, setLanguage } from './i18n';
import { useSession } from './store/session';
import { wireStores } from './store/wire';
import './styles.css';

initI18n();
wireStores();

// The station's saved language wins over this window's last choice once the session view arrives
// (it comes before anyone signs in, so the sign-in screen is already in the station's language).
let applied = false;
useSession.subscribe((s) => {
  if (!applied && s.view) {
    applied = true;
    setLanguage(s.view.language);
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
