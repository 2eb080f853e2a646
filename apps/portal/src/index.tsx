import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { lang } from './i18n/index.ts';
import { installValidationMessages } from './lib/validation.ts';
import './styles.css';

installValidationMessages(document);
document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
render(() => <App />, root);

// The installable app's service worker (src/sw.ts): the inbox and cases readable offline. Built files only.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
// A resolution an earlier visit left on this phone goes out whichever page opens first (its own chunk).
window.addEventListener('load', () => void import('./lib/outbox-browser.ts'));
