import { A, useSearchParams } from '@solidjs/router';
import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import { api, failureOf, type ApiFailure } from '../lib/trpc.ts';
import { onInboxChange } from '../lib/live.ts';
import { valueOf } from '../lib/resource.ts';
import { hasRole, principal } from '../lib/session.ts';
import { matterName, reference, unitName } from '../lib/reference.ts';
import { createAction } from '../lib/action.ts';
import { Countdown } from '../components/Countdown.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Disparities } from '../components/Disparities.tsx';
import { inboxLabels } from './Inbox.tsx';

type Team = Awaited<ReturnType<typeof api.case.team.query>>;
type Member = Team['team'][number];

/**
 * A supervisor's team view: who in the unit holds what, overdue per person (most overdue first),
 * with bulk assign and bulk claim. Coordinators and leadership choose the unit.
 */
export default function Team() {
  const [params, setParams] = useSearchParams<{ unit?: string }>();
  const [data, { refetch }] = createResource(
    () => (principal() ? { unit: params.unit } : null),
    (input) => api.case.team.query(input.unit ? { unit: input.unit } : {}),
  );
  onCleanup(onInboxChange(() => void refetch()));
  const team = () => valueOf(data);
  const [selected, setSelected] = createSignal<Set<string>>(new Set());
  const [to, setTo] = createSignal('');
  const [outcome, setOutcome] = createSignal<{ done: number; refused: ApiFailure | null; n: number } | null>(null);
  const toggle = (caseId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });
  const all = createMemo(() => (team()?.team ?? []).flatMap((m) => m.cases.map((c) => c.caseId)));
  const { busy, failure, act } = createAction(async (run: () => Promise<{ done: string[]; refused: Array<{ reason: string }> }>) => {
    const result = await run();
    const first = result.refused[0];
    setOutcome({ done: result.done.length, n: result.refused.length, refused: first ? { reason: first.reason, params: {} } : null });
    setSelected(new Set<string>());
    await refetch();
  });
  // Units a coordinator or leadership may choose: every unit of the cities they coordinate (all cities for leadership).
  const units = createMemo(() => {
    const own = team()?.units ?? [];
    const cities = (reference()?.cities ?? []).filter((c) => hasRole('leadership') || hasRole('coordinator', c.adcode));
    const others = cities.flatMap((c) => (reference()?.departments ?? []).map((d) => `${c.adcode}:${d.code}`));
    return [...new Set([...own, ...others])];
  });
  const labels = inboxLabels();

  return (
    <section aria-labelledby="team-title" class="team-page">
      <div class="page-head">
        <h1 id="team-title">{t().team.title}</h1>
      </div>
      <p class="intro">{t().team.intro}</p>
      <Show when={data.error}>
        <ErrorMessage failure={failureOf(data.error)} />
      </Show>
      <Show
        when={team()}
        fallback={
          <Show when={!data.error}>
            <p aria-busy="true">{t().common.loading}</p>
          </Show>
        }
      >
        {(d) => (
          <>
            <form class="filters" onSubmit={(e) => e.preventDefault()}>
              <label>
                {t().team.unit}
                <select name="unit" value={d().unit} onChange={(e) => (setSelected(new Set<string>()), setParams({ unit: e.currentTarget.value }))}>
                  <For each={units()}>{(u) => <option value={u}>{unitName(u, labels)}</option>}</For>
                </select>
              </label>
            </form>
            <table class="simple team-summary">
              <thead>
                <tr>
                  <th scope="col">{t().team.person}</th>
                  <th scope="col">{t().team.cases}</th>
                  <th scope="col">{t().team.due}</th>
                </tr>
              </thead>
              <tbody>
                <For each={d().team}>
                  {(m) => (
                    <tr data-person={m.username ?? ''}>
                      <th scope="row">{m.displayName ? <span data-user>{m.displayName}</span> : t().team.unassigned}</th>
                      <td>{fill(t().team.held, { n: m.cases.length })}</td>
                      <td>
                        <span class={m.overdue > 0 ? 'badge escalated' : 'badge'}>{fill(t().team.overdue, { n: m.overdue })}</span>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>

            <div class="bulk-bar card">
              <label class="check">
                <input
                  type="checkbox"
                  checked={all().length > 0 && selected().size === all().length}
                  onChange={(e) => setSelected(new Set<string>(e.currentTarget.checked ? all() : []))}
                />{' '}
                {t().team.selectAll}
              </label>
              <span aria-live="polite">{fill(t().team.selected, { n: selected().size })}</span>
              <label>
                {t().team.assignTo}
                <select name="assignee" value={to()} onChange={(e) => setTo(e.currentTarget.value)}>
                  <option value="">{t().team.choosePerson}</option>
                  <For each={d().team.filter((m) => m.username !== null)}>
                    {(m) => (
                      <option value={m.username ?? ''} data-user>
                        {m.displayName}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <button
                type="button"
                class="button small"
                disabled={busy() || selected().size === 0 || !to()}
                onClick={() => void act(() => api.case.assign.mutate({ caseIds: [...selected()], to: to() }))}
              >
                {t().team.assign}
              </button>
              <Show when={hasRole('supervisor') || hasRole('liaison')}>
                <button
                  type="button"
                  class="button small secondary"
                  disabled={busy() || selected().size === 0}
                  onClick={() => void act(() => api.case.claimMany.mutate({ caseIds: [...selected()] }))}
                >
                  {t().team.claim}
                </button>
              </Show>
              <Show when={outcome()}>
                {(o) => (
                  <p class="notice" role="status">
                    {fill(t().team.result, { done: o().done, refused: o().n })}
                  </p>
                )}
              </Show>
              <Show when={outcome()?.refused}>{(f) => <ErrorMessage failure={f()} />}</Show>
              <Show when={failure()}>
                <ErrorMessage failure={failure()} />
              </Show>
            </div>

            <For each={d().team.filter((m) => m.cases.length > 0)}>{(m) => <MemberCases member={m} selected={selected()} toggle={toggle} />}</For>
            <Show when={all().length === 0}>
              <p class="empty-state">{t().team.none}</p>
            </Show>
          </>
        )}
      </Show>
      <Show when={hasRole('supervisor') || hasRole('coordinator') || hasRole('leadership')}>
        <Disparities />
      </Show>
    </section>
  );
}

function MemberCases(props: { member: Member; selected: Set<string>; toggle: (caseId: string, on: boolean) => void }) {
  const m = () => props.member;
  return (
    <div class="card">
      <h2>
        {m().displayName ? <span data-user>{m().displayName}</span> : t().team.unassigned} · {fill(t().team.held, { n: m().cases.length })} ·{' '}
        {fill(t().team.overdue, { n: m().overdue })}
      </h2>
      <ul class="plain team-cases">
        <For each={m().cases}>
          {(c) => (
            <li class={`escalation-${c.escalation}`} data-case={c.number}>
              <label class="check">
                <input
                  type="checkbox"
                  aria-label={`#${c.number}`}
                  checked={props.selected.has(c.caseId)}
                  onChange={(e) => props.toggle(c.caseId, e.currentTarget.checked)}
                />
              </label>
              <A href={`/cases/${c.caseId}`}>#{c.number}</A> <span>{matterName(c.matterCode)}</span> <span class="badge state">{t().caseState[c.state]}</span>{' '}
              <Countdown dueAt={c.dueAt} warnAt={null} />
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
