import { createResource, createSignal, For, Show } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

type Key = Awaited<ReturnType<typeof api.open311.keys.query>>[number];

/** Open311 clients' keys (the alliance's administrators): their use, issuing one (shown once), revoking one. */
export function ApiKeys() {
  const [keys, { refetch }] = createResource(() => api.open311.keys.query());
  const [issued, setIssued] = createSignal<{ name: string; apiKey: string } | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [dialog, setDialog] = createSignal<{ kind: 'issue' } | { kind: 'revoke'; key: Key } | null>(null);
  return (
    <>
      <p class="hint">{t().admin.keys.hint}</p>
      <div class="toolbar">
        <button type="button" class="button" onClick={() => setDialog({ kind: 'issue' })}>
          {t().admin.keys.issue}
        </button>
      </div>
      <Show when={notice()}>
        <p class="notice" role="status">
          {notice()}
        </p>
      </Show>
      <Show when={issued()}>
        {(k) => (
          <p class="notice temporary-password" role="status">
            {fill(t().admin.keys.issued, { name: k().name })} <code data-api-key>{k().apiKey}</code>
          </p>
        )}
      </Show>
      <Show when={keys.error}>
        <ErrorMessage failure={failureOf(keys.error)} />
      </Show>
      <ul class="people" aria-busy={keys.loading}>
        <For each={valueOf(keys) ?? []} fallback={<li class="empty">{t().admin.keys.none}</li>}>
          {(k) => (
            <li class="person card" data-api-client={k.name}>
              <div class="person-head">
                <strong>{k.name}</strong>
                <span class={k.revokedAt ? 'badge muted' : 'badge ok'}>
                  {k.revokedAt ? fill(t().admin.keys.revoked, { at: formatTime(k.revokedAt) }) : t().admin.keys.inUse}
                </span>
              </div>
              <div class="person-meta">
                <span>
                  {t().admin.keys.createdBy}: <span data-user>{k.createdByName ?? t().admin.audit.commandLine}</span>
                </span>
                <span>
                  {t().admin.keys.createdAt}: {formatTime(k.createdAt)}
                </span>
                <span>
                  {t().admin.keys.lastUsed}: {k.lastUsedAt ? formatTime(k.lastUsedAt) : t().admin.keys.never}
                </span>
                <span>
                  {t().admin.keys.requests}: <span data-requests>{k.requestCount}</span>
                </span>
                <span>{fill(t().admin.keys.perMinute, { rate: k.ratePerMinute })}</span>
              </div>
              <Show when={!k.revokedAt}>
                <div class="person-actions">
                  <button type="button" class="button small danger" onClick={() => setDialog({ kind: 'revoke', key: k })}>
                    {t().admin.keys.revoke}
                  </button>
                </div>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={dialog()} keyed>
        {(d) =>
          d.kind === 'issue' ? (
            <IssueDialog
              onClose={() => setDialog(null)}
              onDone={async (k) => {
                setNotice(null);
                setIssued(k);
                await refetch();
              }}
            />
          ) : (
            <Dialog
              title={fill(t().admin.keys.revokeTitle, { name: d.key.name })}
              submitLabel={t().admin.keys.revokeSubmit}
              onClose={() => setDialog(null)}
              onSubmit={async () => {
                await api.open311.revokeKey.mutate({ id: d.key.id });
                setIssued(null);
                setNotice(fill(t().admin.keys.revokedNotice, { name: d.key.name }));
                await refetch();
              }}
            >
              <p class="hint">{t().admin.keys.revokeHint}</p>
            </Dialog>
          )
        }
      </Show>
    </>
  );
}

function IssueDialog(props: { onClose: () => void; onDone: (k: { name: string; apiKey: string }) => Promise<void> }) {
  const [name, setName] = createSignal('');
  const [rate, setRate] = createSignal('60');
  return (
    <Dialog
      title={t().admin.keys.issueTitle}
      submitLabel={t().admin.keys.issueSubmit}
      onClose={props.onClose}
      onSubmit={async () => {
        const k = await api.open311.issueKey.mutate({ name: name(), ratePerMinute: Number(rate()) });
        await props.onDone({ name: k.name, apiKey: k.apiKey });
      }}
    >
      <label>
        {t().admin.keys.name}
        <input name="name" required minLength={2} maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t().admin.keys.rate}
        <input name="rate" type="number" required min="1" max="10000" inputmode="numeric" value={rate()} onInput={(e) => setRate(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}
