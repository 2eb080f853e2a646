import { useSearchParams } from '@solidjs/router';
import { For, Show, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { valueOf } from '../lib/resource.ts';
import { cityName, countyName, matterName, unitName } from '../lib/reference.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { inboxLabels } from './Inbox.tsx';

/**
 * The public's page (no sign-in): a case's status by its number, with the department answerable,
 * the published result and the rating; the reporter rates with the code they were given.
 */
export default function Status() {
  const [params, setParams] = useSearchParams<{ number?: string }>();
  const [number, setNumber] = createSignal(params.number ?? '');
  const wanted = () => (params.number && /^\d+$/.test(params.number) ? Number(params.number) : null);
  const [status, { mutate, refetch }] = createResource(wanted, (n) => api.public.status.query({ number: n }));
  const found = () => valueOf(status);
  const [rated, setRated] = createSignal(false);
  // A case found earlier is read again when the page comes back into view: its status may have moved on.
  const onVisible = () => document.visibilityState === 'visible' && wanted() !== null && void refetch();
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => document.removeEventListener('visibilitychange', onVisible));
  return (
    <section aria-labelledby="status-title" class="status-page">
      <h1 id="status-title">{t().status.title}</h1>
      <p class="intro">{t().status.intro}</p>
      <form
        class="inline-form card"
        onSubmit={(e) => {
          e.preventDefault();
          const next = number().trim();
          setRated(false);
          // Searching the number shown again reads it afresh (the source is unchanged, so nothing else would).
          if (next === params.number) void refetch();
          else setParams({ number: next });
        }}
      >
        <label>
          {t().status.number}
          <input name="number" required inputMode="numeric" pattern="[0-9]+" value={number()} onInput={(e) => setNumber(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {t().status.search}
        </button>
      </form>
      <Show when={status.error}>
        <ErrorMessage failure={failureOf(status.error)} />
      </Show>
      <Show when={found()}>
        {(s) => (
          <article class="card" aria-label={`${t().status.number} ${s().number}`} data-testid="public-status">
            <dl class="facts">
              <dt>{t().status.number}</dt>
              <dd>#{s().number}</dd>
              <dt>{t().status.state}</dt>
              <dd>
                <span class={`badge state state-${s().state}`}>{t().caseState[s().state]}</span>
                <Show when={s().supervised}>
                  {' '}
                  <span class="badge warn">{t().status.supervised}</span>
                </Show>
              </dd>
              <dt>{t().status.matter}</dt>
              <dd>{s().matterCode ? matterName(s().matterCode) : t().inbox.unrouted}</dd>
              <dt>{t().status.lead}</dt>
              <dd>{unitName(s().leadUnit, inboxLabels())}</dd>
              <dt>{t().status.place}</dt>
              <dd>
                {cityName(s().cityAdcode)} {countyName(s().countyAdcode)}
              </dd>
              <dt>{t().status.received}</dt>
              <dd>{formatTime(s().receivedAt)}</dd>
              <dt>{t().status.updated}</dt>
              <dd>{formatTime(s().updatedAt)}</dd>
              <dt>{t().status.result}</dt>
              <dd data-testid="published-result">{s().publishedResult ? <span data-user>{s().publishedResult}</span> : t().status.noResult}</dd>
              <dt>{t().status.rating}</dt>
              <dd>{t().status.ratings[s().rating ?? 'none']}</dd>
            </dl>
            <Show when={s().photos.length > 0}>
              <figure class="before-after" data-testid="public-photos">
                <For each={s().photos}>
                  {(p) => (
                    <div>
                      <img
                        src={`/public/cases/${s().number}/photos/${p.id}`}
                        alt={fill(t().attachments.alt, { step: t().attachments.steps[p.step] })}
                        loading="lazy"
                      />
                      <figcaption>{t().attachments.steps[p.step]}</figcaption>
                    </div>
                  )}
                </For>
              </figure>
            </Show>
            <Show when={rated()}>
              <p class="success" role="status">
                {t().status.thanks}
              </p>
            </Show>
            <Show when={s().rateable}>
              <RatingForm
                number={s().number}
                onRated={(next) => {
                  setRated(true);
                  mutate(next);
                }}
              />
            </Show>
          </article>
        )}
      </Show>
    </section>
  );
}

type PublicStatus = Awaited<ReturnType<typeof api.public.status.query>>;

function RatingForm(props: { number: number; onRated: (s: PublicStatus) => void }) {
  const [code, setCode] = createSignal('');
  const [satisfied, setSatisfied] = createSignal<boolean | null>(null);
  const [comment, setComment] = createSignal('');
  const { busy, failure, act } = createAction(async (answer: boolean) =>
    props.onRated(await api.public.rate.mutate({ number: props.number, code: code(), satisfied: answer, comment: comment() || undefined })),
  );
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const answer = satisfied();
    if (answer !== null) await act(answer);
  }
  return (
    <form class="form rating-form" onSubmit={submit} aria-label={t().status.rate}>
      <h2>{t().status.rate}</h2>
      <label>
        {t().status.code}
        <input name="code" required autocomplete="off" maxLength={32} value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>{t().status.rating}</legend>
        <label class="inline">
          <input type="radio" name="satisfied" required checked={satisfied() === true} onChange={() => setSatisfied(true)} />
          {t().status.satisfied}
        </label>
        <label class="inline">
          <input type="radio" name="satisfied" checked={satisfied() === false} onChange={() => setSatisfied(false)} />
          {t().status.unsatisfied}
        </label>
      </fieldset>
      <label>
        {t().status.comment}
        <textarea name="comment" rows={2} maxLength={500} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <ErrorMessage failure={failure()} />
      <button type="submit" class="button" disabled={busy()}>
        {t().status.submitRating}
      </button>
    </form>
  );
}
