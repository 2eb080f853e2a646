import { A, useNavigate } from '@solidjs/router';
import { For, Show, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { onInboxChange } from '../lib/live.ts';
import { hasRole, principal } from '../lib/session.ts';
import { actorText } from '../lib/words.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

/** The matrix's draft amendments: the offices open them; the consulted find the ones they are asked about. */
export default function Drafts() {
  const navigate = useNavigate();
  const [drafts, { refetch }] = createResource(
    () => principal()?.userId,
    () => api.drafts.list.query(),
  );
  onCleanup(onInboxChange(() => void refetch()));
  const [title, setTitle] = createSignal('');
  const opening = createAction(async () => {
    const { draftId } = await api.drafts.open.mutate({ title: title() });
    navigate(`/matrix/drafts/${draftId}`);
  });
  const office = () => hasRole('leadership') || hasRole('alliance');
  return (
    <section aria-labelledby="drafts-title">
      <h1 id="drafts-title">{t().drafts.title}</h1>
      <p class="intro">{t().drafts.intro}</p>
      <Show when={office()}>
        <form
          class="card inline-form"
          aria-label={t().drafts.open}
          onSubmit={(e) => {
            e.preventDefault();
            void opening.act();
          }}
        >
          <label>
            {t().drafts.titleLabel}
            <input name="title" required maxLength={200} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button" disabled={opening.busy()}>
            {t().drafts.open}
          </button>
          <Show when={opening.failure()}>{(f) => <ErrorMessage failure={f()} />}</Show>
        </form>
      </Show>
      <Show when={drafts.error}>
        <ErrorMessage failure={failureOf(drafts.error)} />
      </Show>
      <div class="card">
        <h2>{t().drafts.list}</h2>
        <Show when={(drafts() ?? []).length > 0} fallback={<p class="muted">{t().drafts.empty}</p>}>
          <ul class="plain draft-list">
            <For each={drafts()}>
              {(d) => (
                <li>
                  <A href={`/matrix/drafts/${d.id}`} data-user>
                    {d.title}
                  </A>{' '}
                  <span class={`badge ${d.state === 'open' ? (d.stale ? 'warn' : 'support') : 'lead'}`}>{t().drafts.states[d.state]}</span>
                  <p class="hint">
                    {t().drafts.office[d.office]} · {fill(t().drafts.basedOn, { n: d.basedOn })} ·{' '}
                    <span data-user={d.createdByName ? '' : undefined}>{actorText(d.createdBy, d.createdByName)}</span> · {formatTime(d.updatedAt)}
                  </p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </section>
  );
}
