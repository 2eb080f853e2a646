import { createSignal } from 'solid-js';

const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
/** Whether the browser believes it has a connection (the offline banner; the outbox sends when it returns). */
export const isOnline = online;
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
}
