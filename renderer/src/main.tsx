import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n, setLanguage } from './i18n';
import { useSettings } from './store/settings';
import { wireStores } from './store/wire';
import './styles.css';

initI18n();
wireStores();

// The station's saved language wins over this window's last choice once settings arrive.
let applied = false;
useSettings.subscribe((s) => {
  if (!applied && s.settings) {
    applied = true;
    setLanguage(s.settings.language);
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
