import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, formatTime, nameOf, t } from '../i18n/index.ts';
import { api, failureOf, type ApiFailure } from '../lib/trpc.ts';
import { onInboxChange } from '../lib/live.ts';
import { cityName, grid, matterName } from '../lib/reference.ts';
import { hasRole, principal } from '../lib/session.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { StandardsCompare } from '../components/StandardsCompare.tsx';

type Proposal = Awaited<ReturnType<typeof api.harmonisation.list.query>>[number];
/** The four cities' standards per matter, conflicts highlighted, and the harmonisation proposals. */
export default function Standards() {
  const [data] = createResource(() => api.standards.compare.query({}));
  // Proposals are for signed-in users (the alliance office and the cities' coordinators).
  const [proposals, { refetch }] = createResource(
    () => principal()?.userId,
    (): Promise<Proposal[]> => api.harmonisation.list.query({ open: false, limit: 50 }),
  );
  onCleanup(onInboxChange(() => void refetch()));
  const [onlyConflicts, setOnlyConflicts] = createSignal(false);
  const [proposing, setProposing] = createSignal(false);
  const shown = createMemo(() => (data()?.comparisons ?? []).filter((c) => !onlyConflicts() || c.conflicts.length > 0));
  const conflictCount = () => (data()?.comparisons ?? []).filter((c) => c.conflicts.length > 0).length;
  return (
    <section aria-labelledby="standards-title">
      <h1 id="standards-title">{t().standards.title}</h1>
      <p class="intro">{t().standards.intro}</p>
      <Show when={data.error}>
        <ErrorMessage failure={failureOf(data.error)} />
      </Show>

      <div class="card">
        <div class="page-head">
          <h2>{t().standards.proposals}</h2>
          <Show when={hasRole('alliance')}>
            <button type="button" class="button small" onClick={() => setProposing(true)}>
              {t().standards.propose}
            </button>
          </Show>
        </div>
        <Show when={(proposals() ?? []).length > 0} fallback={<p class="muted">{t().standards.noProposals}</p>}>
          <ul class="plain stack">
            <For each={proposals()}>{(p) => <ProposalItem proposal={p} onDone={() => void refetch()} />}</For>
          </ul>
        </Show>
        <Show when={(data()?.published ?? []).length > 0}>
          <h3>{t().standards.published}</h3>
          <ul>
            <For each={data()?.published ?? []}>
              {(p) => (
                <li>
                  <strong>
                    {p.matterCode} {matterName(p.matterCode)}
                  </strong>{' '}
                  · {formatTime(p.publishedAt)} — <span data-user>{p.text}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>

      <label class="inline toggle">
        <input type="checkbox" checked={onlyConflicts()} onChange={(e) => setOnlyConflicts(e.currentTarget.checked)} name="onlyConflicts" />
        {t().standards.onlyConflicts} ({conflictCount()})
      </label>
      <Show when={data()} fallback={<p aria-busy="true">{t().common.loading}</p>}>
        <div class="stack">
          <For each={shown()}>
            {(c) => (
              <section
                class="card matter-standards"
                data-matter={c.matterCode}
                data-conflicts={c.conflicts.join(' ')}
                aria-label={`${c.matterCode} ${matterName(c.matterCode)}`}
              >
                <h3>
                  {c.matterCode} {matterName(c.matterCode)}
                </h3>
                <StandardsCompare comparison={c} />
              </section>
            )}
          </For>
        </div>
      </Show>
      <Show when={proposing()}>
        <ProposeDialog onDone={() => void refetch()} onClose={() => setProposing(false)} />
      </Show>
    </section>
  );
}

function ProposalItem(props: { proposal: Proposal; onDone: () => void }) {
  const c = () => props.proposal.view;
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);
  const [asking, setAsking] = createSignal<'object' | 'revise' | null>(null);
  const [text, setText] = createSignal('');
  const workflowId = props.proposal.id;
  const myPendingCity = () => c().cities.find((city) => c().positions[city] === 'pending' && hasRole('coordinator', city));
  const act = (p: Promise<unknown>) => p.then(props.onDone).catch((e) => setFailure(failureOf(e)));
  return (
    <li class="proposal" data-proposal={workflowId} data-state={props.proposal.state}>
      <p>
        <strong>
          {c().matterCode} {matterName(c().matterCode)}
        </strong>{' '}
        <span class="badge state">{t().flowState[props.proposal.view.state]}</span> <span class="muted">{fill(t().standards.round, { round: c().round })}</span>
      </p>
      <p data-user>{c().text}</p>
      <p class="positions">
        <For each={c().cities}>
          {(city) => (
            <span class={`badge position-${c().positions[city]}`} data-city={city}>
              {cityName(city)}: {t().standards.positions[c().positions[city] ?? 'pending']}
            </span>
          )}
        </For>
      </p>
      <Show when={c().objection}>
        {(o) => (
          <p class="hint">
            {cityName(o().city)} · <span data-user>{fill(t().standards.objection, { reason: o().reason })}</span>
          </p>
        )}
      </Show>
      <div class="task-actions">
        <Show when={props.proposal.state === 'circulating' && myPendingCity()}>
          <button type="button" class="button small" onClick={() => act(api.harmonisation.concur.mutate({ workflowId }))}>
            {t().actions.concur}
          </button>
          <button type="button" class="button small secondary" onClick={() => (setText(''), setAsking('object'))}>
            {t().actions.object}
          </button>
        </Show>
        <Show when={hasRole('alliance') && props.proposal.state === 'draft'}>
          <button type="button" class="button small secondary" onClick={() => (setText(c().text), setAsking('revise'))}>
            {t().standards.revise}
          </button>
        </Show>
        <Show when={hasRole('alliance') && props.proposal.state === 'adopted'}>
          <button type="button" class="button small" onClick={() => act(api.harmonisation.publish.mutate({ workflowId }))}>
            {t().standards.publish}
          </button>
        </Show>
      </div>
      <ErrorMessage failure={failure()} />
      <Show when={asking()}>
        {(kind) => (
          <Dialog
            title={kind() === 'object' ? t().actions.object : t().standards.revise}
            submitLabel={t().common.submit}
            onSubmit={() =>
              (kind() === 'object'
                ? api.harmonisation.object.mutate({ workflowId, reason: text() })
                : api.harmonisation.revise.mutate({ workflowId, text: text() })
              ).then(props.onDone)
            }
            onClose={() => setAsking(null)}
          >
            <label>
              {kind() === 'object' ? t().common.reason : t().standards.proposalText}
              <textarea required rows={4} maxLength={4000} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
            </label>
          </Dialog>
        )}
      </Show>
    </li>
  );
}

function ProposeDialog(props: { onDone: () => void; onClose: () => void }) {
  const [matter, setMatter] = createSignal('');
  const [text, setText] = createSignal('');
  return (
    <Dialog
      title={t().standards.propose}
      submitLabel={t().common.submit}
      onSubmit={() => api.harmonisation.propose.mutate({ matterCode: matter(), text: text() }).then(props.onDone)}
      onClose={props.onClose}
    >
      <label>
        {t().standards.matter}
        <select required value={matter()} onChange={(e) => setMatter(e.currentTarget.value)}>
          <option value="">—</option>
          <For each={grid()?.matters}>
            {(m) => (
              <option value={m.code}>
                {m.code} {nameOf(m.name)}
              </option>
            )}
          </For>
        </select>
      </label>
      <label>
        {t().standards.proposalText}
        <textarea required rows={4} maxLength={4000} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}
