import { createResource, createSignal, For, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { createAction } from '../lib/action.ts';
import { principal, refreshPrincipal, rolesOf } from '../lib/session.ts';
import { homeFor } from '../lib/home.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

const MIN_PASSWORD_LENGTH = 10;

export default function Account() {
  const navigate = useNavigate();
  const [current, setCurrent] = createSignal('');
  const [next, setNext] = createSignal('');
  const [again, setAgain] = createSignal('');
  const [changed, setChanged] = createSignal(false);
  const temporary = () => principal()?.mustChangePassword === true;
  const [sessions, { refetch }] = createResource(
    () => !temporary() && principal()?.userId,
    () => api.account.sessions.query(),
  );
  const change = createAction(async () => {
    if (next() !== again()) throw new Error('mismatch');
    const wasTemporary = temporary();
    await api.account.changePassword.mutate({ current: current(), next: next() });
    setCurrent('');
    setNext('');
    setAgain('');
    setChanged(true);
    await refreshPrincipal();
    if (wasTemporary) navigate(homeFor(rolesOf(principal())));
    else await refetch();
  });
  const end = createAction(async (input: { sessionId: string } | { others: true }) => {
    await api.account.endSession.mutate(input);
    await refetch();
  });
  const mismatch = () => again() !== '' && next() !== again();

  return (
    <section class="account-page" aria-labelledby="account-title">
      <h1 id="account-title">{t().account.title}</h1>
      <Show when={temporary()}>
        <p class="notice warn" role="alert">
          {t().account.mustChange}
        </p>
      </Show>
      <form
        class="card form narrow"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mismatch()) void change.act();
        }}
      >
        <h2>{t().account.changePassword}</h2>
        <label>
          {t().account.current}
          <input name="current" type="password" autocomplete="current-password" required value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
        <label>
          {t().account.next}
          <input name="next" type="password" autocomplete="new-password" required value={next()} onInput={(e) => setNext(e.currentTarget.value)} />
        </label>
        <label>
          {t().account.again}
          <input name="again" type="password" autocomplete="new-password" required value={again()} onInput={(e) => setAgain(e.currentTarget.value)} />
        </label>
        <p class="hint">{fill(t().account.rule, { min: MIN_PASSWORD_LENGTH })}</p>
        <Show when={mismatch()}>
          <p class="error" role="alert">
            {t().account.mismatch}
          </p>
        </Show>
        <Show when={change.failure() && !mismatch()}>
          <ErrorMessage failure={change.failure()} />
        </Show>
        <Show when={changed()}>
          <p class="notice" role="status">
            {t().account.changed}
          </p>
        </Show>
        <button type="submit" class="button" disabled={change.busy()}>
          {t().account.submit}
        </button>
      </form>
      <Show when={!temporary()}>
        <section class="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">{t().account.sessions}</h2>
          <Show when={sessions.error}>
            <ErrorMessage failure={failureOf(sessions.error)} />
          </Show>
          <ErrorMessage failure={end.failure()} />
          <ul class="sessions">
            <For each={valueOf(sessions) ?? []}>
              {(s) => (
                <li class="session-row">
                  <div>
                    <strong>{s.device ? <span data-user>{s.device}</span> : t().account.unknownDevice}</strong>
                    <Show when={s.current}>
                      <span class="badge ok">{t().account.current_}</span>
                    </Show>
                  </div>
                  <div class="hint">
                    {t().account.lastSeen}: {formatTime(s.lastSeenAt)} · {t().account.opened}: {formatTime(s.createdAt)}
                    <Show when={s.clientAddress}>
                      {' '}
                      · {t().account.from}: <span data-user>{s.clientAddress}</span>
                    </Show>
                  </div>
                  <Show when={!s.current}>
                    <button type="button" class="button small secondary" disabled={end.busy()} onClick={() => void end.act({ sessionId: s.id })}>
                      {t().account.end}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={(valueOf(sessions) ?? []).length > 1}>
            <button type="button" class="button small secondary" disabled={end.busy()} onClick={() => void end.act({ others: true })}>
              {t().account.endOthers}
            </button>
          </Show>
        </section>
      </Show>
    </section>
  );
}
