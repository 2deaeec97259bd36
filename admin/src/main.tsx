import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { getLang, loadLang } from './i18n/i18n.tsx';
import './styles.css';

// Someone who chose English gets it from the first paint.
await loadLang(getLang());
document.documentElement.lang = getLang();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
