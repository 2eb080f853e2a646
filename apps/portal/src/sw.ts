/**
 * The portal's service worker (plain, no library): the officer's inbox and cases stay readable
 * offline. The app's files are precached at install (their list is written into this file at build
 * by vite.config.ts; the command centre's chart library is left out); pages are network first with
 * the app page as the fallback; tRPC reads are network first, the last answer kept and given back
 * while offline. Writes are never touched: a resolution made offline waits in the page's outbox
 * (IndexedDB) and is sent by the page, with its request key, when the connection returns.
 */

// a module, so that `self` below is this file's own (the worker scope), not the page's window
export {};

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface MessageEventLike extends ExtendableEvent {
  readonly data: unknown;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}
declare const self: WorkerScope;
/** The built files to precache, and the build's id: replaced by the build (vite.config.ts, precacheList). */
declare const __GONGZHI_PRECACHE__: { build: string; files: string[] };

const PRECACHE = __GONGZHI_PRECACHE__;
const SHELL = `gongzhi-shell-${PRECACHE.build}`;
/** What the signed-in person read: dropped when they sign out (the page sends `sign-out`). */
const DATA = 'gongzhi-data-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(['/', ...PRECACHE.files]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('gongzhi-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'sign-out') event.waitUntil(caches.delete(DATA));
});

/** The network's answer, kept in `cache` when good; the kept one when the network cannot be reached. */
async function networkFirst(request: Request, cache: string, fallback?: string): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(cache)).put(request, response.clone());
    return response;
  } catch (error) {
    const kept = (await caches.match(request)) ?? (fallback ? await caches.match(fallback) : undefined);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // live inbox streams (server-sent events) are never cached
  if (request.headers.get('accept')?.includes('text/event-stream')) return;
  if (request.mode === 'navigate') return event.respondWith(networkFirst(request, SHELL, '/'));
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) return event.respondWith(cacheFirst(request));
  if (url.pathname.startsWith('/trpc/')) return event.respondWith(networkFirst(request, DATA));
  if (/^\/files\/[^/]+\/thumb$/.test(url.pathname)) return event.respondWith(networkFirst(request, DATA));
});
