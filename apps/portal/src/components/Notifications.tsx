import { useNavigate } from '@solidjs/router';
import { For, Show, createEffect, createResource, createSignal, on, onCleanup, onMount } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { onInboxChange } from '../lib/live.ts';
import { matterName } from '../lib/reference.ts';
import { principal } from '../lib/session.ts';
import { draftOfTask } from '../lib/drafts.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { placeBelow } from '../lib/popover.ts';

type Listing = Awaited<ReturnType<typeof api.notifications.list.query>>;
type Item = Listing['items'][number];

const BROWSER_KEY = 'gongzhi.browserNotifications';
const browserSupport = () => typeof Notification !== 'undefined';

/** Where a notification leads: its case, or the page of a workflow outside any case. */
const linkOf = (n: Item) =>
  n.caseId
    ? `/cases/${n.caseId}`
    : n.workflowKind === 'harmonisation'
      ? '/standards'
      : n.workflowKind === 'consultation'
        ? `/matrix/drafts/${draftOfTask(n.workflowId)}`
        : '/inbox';
const textOf = (n: Item) =>
  fill(t().notifications.item, {
    kind: t().notifications.kinds[n.kind],
    number: n.caseNumber === null ? '' : `#${n.caseNumber}`,
    matter: n.matterCode ? matterName(n.matterCode) : t().taskAction[n.action],
  }).trim();

/**
 * What changed for me (issue 11, item 11): the unread count in the header and the tab title, the
 * list with links, marking read; refreshed by the live inbox stream. Browser notifications only
 * once the person asks for them with the button.
 */
export function Notifications() {
  const navigate = useNavigate();
  const [listing, { refetch, mutate }] = createResource(
    () => principal()?.userId,
    () => api.notifications.list.query({}),
  );
  const [open, setOpen] = createSignal(false);
  // older pages, asked for with the button below the list ("older than the last one shown"); the
  // newest page above them is the resource, refetched live
  const [older, setOlder] = createSignal<Item[]>([]);
  const [olderMore, setOlderMore] = createSignal<boolean | null>(null);
  const [loadingOlder, setLoadingOlder] = createSignal(false);
  createEffect(
    on(
      () => principal()?.userId,
      () => {
        setOlder([]);
        setOlderMore(null);
      },
    ),
  );
  const [failure, setFailure] = createSignal<unknown>(null);
  const [permission, setPermission] = createSignal(browserSupport() ? Notification.permission : 'denied');
  // the last good answer, kept while a refetch runs (a failed one reads as nothing)
  const current = (): Listing | undefined => (listing.state === 'errored' ? undefined : listing.latest);
  const unread = () => current()?.unread ?? 0;
  const newest = () => current()?.items ?? [];
  /** the newest page, then the older pages below its last (a refetched newest page may have grown over them) */
  const items = (): Item[] => {
    const last = newest().at(-1)?.id;
    return [...newest(), ...older().filter((n) => last === undefined || n.id < last)];
  };
  const more = () => (older().length > 0 ? olderMore() === true : current()?.more === true);
  const shownUnread = () => (unread() >= 100 ? '99+' : String(unread()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let panel: HTMLDivElement | undefined;
  // One refetch for a burst of changes.
  onCleanup(
    onInboxChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void refreshNewest(), 400);
    }),
  );
  onCleanup(() => clearTimeout(timer));

  createEffect(() => {
    const base = `${t().appName} · ${t().appTagline}`;
    document.title = unread() > 0 ? `(${shownUnread()}) ${base}` : base;
  });
  onCleanup(() => (document.title = `${t().appName} · ${t().appTagline}`));

  // Browser notifications for what arrives after the page loaded, if the person turned them on.
  let seen = 0;
  createEffect(() => {
    const items = current()?.items;
    if (!items) return;
    const newest = items[0]?.id ?? 0;
    if (seen > 0 && permission() === 'granted' && localStorage.getItem(BROWSER_KEY) === 'on') {
      for (const n of items.filter((x) => x.id > seen && !x.read).slice(0, 3)) {
        const shown = new Notification(t().notifications.title, { body: textOf(n), tag: `gongzhi-${n.id}` });
        shown.onclick = () => {
          window.focus();
          void go(n);
        };
      }
    }
    seen = Math.max(seen, newest);
  });

  async function act(call: () => Promise<Listing>, read: (n: Item) => boolean) {
    try {
      mutate(await call());
      setOlder((ns) => ns.map((n) => (read(n) ? { ...n, read: true } : n)));
      setFailure(null);
    } catch (e) {
      setFailure(e);
    }
  }
  async function go(n: Item) {
    setOpen(false);
    if (!n.read)
      void act(
        () => api.notifications.read.mutate({ ids: [n.id] }),
        (x) => x.id === n.id,
      );
    navigate(linkOf(n));
  }
  /**
   * The newest page again. What arrived since pushes the newest page's last ones down: with older
   * pages shown, those would fall between the two, in neither; they are read again, a page at a time
   * from the newest page's end, until the older ones are reached.
   */
  async function refreshNewest() {
    const lastBefore = newest().at(-1)?.id;
    await refetch();
    let before = newest().at(-1)?.id;
    if (lastBefore === undefined || before === undefined || before <= lastBefore) return;
    try {
      for (let pages = 0; pages < 10; pages++) {
        const top = older()[0]?.id;
        if (top === undefined || before <= top) return;
        const page = await api.notifications.list.query({ before });
        setOlder((ns) => [...page.items.filter((n) => !ns.some((o) => o.id === n.id)), ...ns].sort((a, b) => b.id - a.id));
        const last = page.items.at(-1)?.id;
        if (!page.more || last === undefined) return;
        before = last;
      }
    } catch (e) {
      setFailure(e);
    }
  }
  async function showOlder() {
    const before = items().at(-1)?.id;
    if (before === undefined) return;
    setLoadingOlder(true);
    try {
      const page = await api.notifications.list.query({ before });
      setOlder((ns) => [...ns.filter((n) => n.id > before), ...page.items]);
      setOlderMore(page.more);
      setFailure(null);
    } catch (e) {
      setFailure(e);
    } finally {
      setLoadingOlder(false);
    }
  }
  async function enableBrowser() {
    const answer = await Notification.requestPermission();
    setPermission(answer);
    if (answer === 'granted') localStorage.setItem(BROWSER_KEY, 'on');
  }
  onMount(() => {
    const onClick = (e: MouseEvent) => {
      if (panel && !panel.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('click', onClick);
    onCleanup(() => document.removeEventListener('click', onClick));
  });

  return (
    <div class="notifications" ref={(el) => (panel = el)} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        class="button small secondary bell"
        aria-expanded={open()}
        aria-label={unread() > 0 ? fill(t().notifications.unread, { n: shownUnread() }) : t().notifications.title}
        onClick={() => setOpen(!open())}
      >
        {/* at phone width a bell instead of the word (the button's aria-label names it) */}
        <svg class="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        <span class="bell-label">{t().notifications.title}</span>
        <Show when={unread() > 0}>
          <span class="count-badge" data-testid="unread">
            {shownUnread()}
          </span>
        </Show>
      </button>
      <Show when={open()}>
        <div class="notification-panel" role="region" aria-label={t().notifications.title} ref={(el) => queueMicrotask(() => panel && placeBelow(panel, el))}>
          <div class="panel-head">
            <strong>{unread() > 0 ? fill(t().notifications.unread, { n: shownUnread() }) : t().notifications.allRead}</strong>
            <Show when={unread() > 0}>
              <button
                type="button"
                class="link-button"
                onClick={() =>
                  void act(
                    () => api.notifications.read.mutate({ all: true }),
                    () => true,
                  )
                }
              >
                {t().notifications.markAll}
              </button>
            </Show>
          </div>
          <ErrorMessage failure={failure() || listing.error ? failureOf(failure() ?? listing.error) : null} />
          <Show when={items().length > 0} fallback={<p class="muted">{t().notifications.none}</p>}>
            <ul class="plain">
              <For each={items()}>
                {(n) => (
                  <li classList={{ unread: !n.read }} data-kind={n.kind}>
                    <a
                      href={linkOf(n)}
                      onClick={(e) => {
                        e.preventDefault();
                        void go(n);
                      }}
                    >
                      {textOf(n)}
                    </a>
                    <span class="hint">{formatTime(n.at)}</span>
                  </li>
                )}
              </For>
            </ul>
            <Show when={more()}>
              <button type="button" class="link-button older" disabled={loadingOlder()} aria-busy={loadingOlder()} onClick={() => void showOlder()}>
                {loadingOlder() ? t().common.loading : t().notifications.older}
              </button>
            </Show>
          </Show>
          <Show when={browserSupport()}>
            <p class="hint">
              <Show when={permission() === 'default'}>
                <button type="button" class="link-button" onClick={() => void enableBrowser()}>
                  {t().notifications.enableBrowser}
                </button>
              </Show>
              <Show when={permission() === 'granted'}>{t().notifications.browserOn}</Show>
              <Show when={permission() === 'denied'}>{t().notifications.browserDenied}</Show>
            </p>
          </Show>
        </div>
      </Show>
    </div>
  );
}
