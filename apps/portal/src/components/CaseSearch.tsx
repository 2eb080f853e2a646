import { A, useNavigate } from '@solidjs/router';
import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import { api, failureOf, type ApiFailure } from '../lib/trpc.ts';
import { countyName, matterName } from '../lib/reference.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { placeBelow } from '../lib/popover.ts';

type Found = Awaited<ReturnType<typeof api.case.search.query>>;

/**
 * The header's search box (issue 11, item 10): a case number, `#n` to go straight to a case, an
 * address, the complaint's words, or the reporter's phone where the server lets the reader match
 * it. "/" anywhere outside a field puts the cursor here.
 */
export function CaseSearch() {
  const navigate = useNavigate();
  const [q, setQ] = createSignal('');
  const [found, setFound] = createSignal<Found | null>(null);
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;
  let form: HTMLFormElement | undefined;

  const close = () => {
    setFound(null);
    setFailure(null);
  };
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const query = q().trim();
    if (!query) return;
    setBusy(true);
    try {
      const result = await api.case.search.query({ q: query });
      setFailure(null);
      const [only] = result.hits;
      // `#n` goes to the case; digits that are exactly one visible case's number do too
      if (only && only.matched.includes('number') && (result.goTo || result.hits.length === 1)) {
        close();
        setQ('');
        navigate(`/cases/${only.caseId}`);
        return;
      }
      setFound(result);
    } catch (e) {
      setFound(null);
      setFailure(failureOf(e));
    } finally {
      setBusy(false);
    }
  }
  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (form && !form.contains(e.target as Node)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    onCleanup(() => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    });
  });

  return (
    <form
      ref={(el) => (form = el)}
      class="case-search"
      role="search"
      aria-label={t().search.label}
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && close()}
      data-open={found() || failure() ? '' : undefined}
    >
      <input
        ref={(el) => (input = el)}
        type="search"
        name="q"
        maxLength={100}
        autocomplete="off"
        placeholder={t().search.placeholder}
        aria-label={t().search.label}
        title={t().search.hint}
        value={q()}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <button type="submit" class="button small secondary" disabled={busy()}>
        {t().search.go}
      </button>
      <Show when={found() || failure()}>
        <div
          class="search-results"
          role="region"
          aria-label={t().search.results}
          aria-live="polite"
          ref={(el) => queueMicrotask(() => form && placeBelow(form, el))}
        >
          <ErrorMessage failure={failure()} />
          <Show when={found()}>
            {(f) => (
              <Show when={f().hits.length > 0} fallback={<p class="muted">{f().goTo ? t().search.noSuchNumber : t().search.none}</p>}>
                <p class="hint">{fill(t().search.count, { n: f().hits.length })}</p>
                <ul class="plain">
                  <For each={f().hits}>
                    {(hit) => (
                      <li data-case={hit.number}>
                        <A href={`/cases/${hit.caseId}`} onClick={close}>
                          <strong>#{hit.number}</strong> {hit.matterCode ? matterName(hit.matterCode) : t().inbox.unrouted}
                        </A>{' '}
                        <span class="badge state">{t().caseState[hit.state]}</span>
                        <Show when={hit.matched.includes('phone')}>
                          {' '}
                          <span class="badge">{t().search.byPhone}</span>
                        </Show>
                        <span class="search-where">
                          {countyName(hit.countyAdcode)}
                          <Show when={hit.address}>
                            {' · '}
                            <span data-user>{hit.address}</span>
                          </Show>
                        </span>
                        <span class="task-desc" data-user>
                          {hit.description}
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
        </div>
      </Show>
    </form>
  );
}
