import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, ErrorBoundary, For, on, Show, type ParentProps } from 'solid-js';
import { lang, setLang, t } from '../i18n/index.ts';
import { hasRole, principal, rolesOf, signOut } from '../lib/session.ts';
import { failureOf } from '../lib/trpc.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { CaseSearch } from './CaseSearch.tsx';
import { Notifications } from './Notifications.tsx';
import { isOnline } from '../lib/online.ts';

export function Layout(props: ParentProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const roles = () => rolesOf(principal()) ?? [];
  // At phone width the navigation and the session fold into a menu, closed again on every page change.
  const [menuOpen, setMenuOpen] = createSignal(false);
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  // The tab's title in the portal's language (index.html carries the Chinese one for the first paint); signed in, Notifications keeps it with the unread count.
  createEffect(() => {
    if (!principal()) document.title = `${t().appName} · ${t().appTagline}`;
  });
  // Signed in with a temporary password: nothing but choosing one's own until it is done.
  createEffect(() => {
    if (principal()?.mustChangePassword && location.pathname !== '/account') navigate('/account', { replace: true });
  });
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="/">
          <span class="brand-mark">{t().appName}</span>
          <span class="brand-tagline">{t().appTagline}</span>
        </a>
        <Show when={principal()}>
          <CaseSearch />
        </Show>
        <button
          type="button"
          class="link-button lang-switch"
          lang={lang() === 'zh' ? 'en' : 'zh-CN'}
          onClick={() => setLang(lang() === 'zh' ? 'en' : 'zh')}
          aria-label={t().language.label}
        >
          {t().language.switchTo}
        </button>
        <Show when={principal()}>
          <Notifications />
        </Show>
        <button type="button" class="link-button menu-toggle" aria-expanded={menuOpen()} aria-controls="main-menu" onClick={() => setMenuOpen(!menuOpen())}>
          {t().nav.menu}
        </button>
        {/* One row on a desktop (brand, navigation, search, language, notifications, session); on a phone brand, search, language, notifications and the menu button, the rest in the menu. */}
        <div id="main-menu" class="menu" classList={{ open: menuOpen() }}>
          <nav aria-label={t().nav.main}>
            <Show when={['leadership', 'alliance', 'coordinator', 'supervisor'].some((r) => hasRole(r))}>
              <A href="/dashboard" activeClass="active">
                {t().nav.dashboard}
              </A>
            </Show>
            <Show when={principal()}>
              <A href="/inbox" activeClass="active">
                {t().nav.inbox}
              </A>
            </Show>
            <Show when={['liaison', 'supervisor', 'coordinator', 'admin'].some((r) => hasRole(r))}>
              <A href="/intake" activeClass="active">
                {t().nav.intake}
              </A>
            </Show>
            <Show when={['supervisor', 'coordinator', 'leadership'].some((r) => hasRole(r))}>
              <A href="/team" activeClass="active">
                {t().nav.team}
              </A>
            </Show>
            <Show when={hasRole('coordinator')}>
              <A href="/triage" activeClass="active">
                {t().nav.triage}
              </A>
            </Show>
            <Show when={principal()}>
              <A href="/disputes" activeClass="active">
                {t().nav.disputes}
              </A>
            </Show>
            <Show when={hasRole('admin')}>
              <A href="/admin" activeClass="active">
                {t().nav.admin}
              </A>
            </Show>
            <A href="/matrix" activeClass="active">
              {t().nav.matrix}
            </A>
            <Show when={['leadership', 'alliance', 'admin'].some((r) => hasRole(r))}>
              <A href="/classifier" activeClass="active">
                {t().nav.classifier}
              </A>
            </Show>
            <A href="/standards" activeClass="active">
              {t().nav.standards}
            </A>
            <A href="/status" activeClass="active">
              {t().nav.status}
            </A>
            <A href="/route" activeClass="active">
              {t().nav.route}
            </A>
          </nav>
          <div class="session">
            <Show
              when={principal()}
              fallback={
                <A href="/login" class="button small secondary">
                  {t().nav.login}
                </A>
              }
            >
              {(p) => (
                <>
                  <A class="who" href="/account" title={t().nav.account}>
                    <span data-user>{p().displayName}</span>
                    <For each={roles()}>{(r) => <span class="role">{t().user.roles[r]}</span>}</For>
                  </A>
                  <button type="button" class="button small secondary" onClick={() => void signOut()}>
                    {t().nav.logout}
                  </button>
                </>
              )}
            </Show>
          </div>
        </div>
      </header>
      <Show when={!isOnline()}>
        <p class="offline-banner" role="status" data-testid="offline">
          {t().field.offline}
        </p>
      </Show>
      <main>
        {/* Whatever a page fails on is said in the user's language, never left as a page that stops; a new page starts afresh. */}
        <Show when={location.pathname} keyed>
          <ErrorBoundary
            fallback={(error, reset) => (
              <section class="card">
                <ErrorMessage failure={failureOf(error)} />
                <button type="button" class="button small secondary" onClick={reset}>
                  {t().common.retry}
                </button>
              </section>
            )}
          >
            {props.children}
          </ErrorBoundary>
        </Show>
      </main>
    </div>
  );
}
