import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { t } from '../i18n/index.ts';
import { principal, rolesOf, signIn } from '../lib/session.ts';
import { homeFor } from '../lib/home.ts';
import { createAction } from '../lib/action.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

export default function Login() {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const { busy, failure, act } = createAction(async () => {
    await signIn(username(), password());
    navigate(principal()?.mustChangePassword ? '/account' : homeFor(rolesOf(principal())));
  });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void act();
  }

  return (
    <section class="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t().login.title}</h1>
      <Show when={search.ended}>
        <p class="notice warn" role="alert" data-signed-out>
          {t().account.signedOut}
        </p>
      </Show>
      <form onSubmit={submit} class="form">
        <label>
          {t().login.username}
          <input name="username" autocomplete="username" required value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t().login.password}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <ErrorMessage failure={failure()} />
        <button type="submit" class="button" disabled={busy()}>
          {busy() ? t().login.submitting : t().login.submit}
        </button>
      </form>
      <p class="hint">{t().login.hint}</p>
    </section>
  );
}
