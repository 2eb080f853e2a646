import { A } from '@solidjs/router';
import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, nameOf, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { onInboxChange } from '../lib/live.ts';
import { cityName, countyName, matterName, reference, unitName } from '../lib/reference.ts';
import { inboxLabels } from './Inbox.tsx';
import { hasRole, principal } from '../lib/session.ts';
import { Countdown } from '../components/Countdown.tsx';
import { now } from '../lib/clock.ts';
import { flowOf } from '../lib/workflows.ts';
import { valueOf } from '../lib/resource.ts';
import { MatterOptions } from '../components/MatterOptions.tsx';
import { SuggestionWhy } from '../components/SuggestionWhy.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TaskActions } from '../components/TaskActions.tsx';

type Row = Awaited<ReturnType<typeof api.case.inbox.query>>[number];

/** The city coordinator's desk: cases to triage, referrals from other cities, referring a case away. */
export default function Triage() {
  const [rows, { refetch }] = createResource(
    () => principal()?.userId,
    () => api.case.inbox.query({ limit: 2000 }),
  );
  onCleanup(onInboxChange(() => void refetch()));
  const [county, setCounty] = createSignal('');
  const [overdueOnly, setOverdueOnly] = createSignal(false);
  const late = (r: Row) => r.dueAt !== null && Date.parse(r.dueAt) < now();
  // the inbox comes soonest deadline first: the most overdue lead each list
  const coordinatorTasks = createMemo(() =>
    (rows() ?? []).filter((r) => r.inbox.startsWith('coordinator:') && (!county() || r.countyAdcode === county()) && (!overdueOnly() || late(r))),
  );
  const counties = createMemo(() => {
    const mine = new Set((rows() ?? []).filter((r) => r.inbox.startsWith('coordinator:')).map((r) => r.countyAdcode));
    return [...mine].filter((c): c is string => c !== null);
  });
  const queue = () => coordinatorTasks().filter((r) => r.action === 'triage');
  const referrals = () => coordinatorTasks().filter((r) => r.action === 'accept-referral');
  const oversight = () => coordinatorTasks().filter((r) => r.role === 'oversight');

  return (
    <section aria-labelledby="triage-title">
      <h1 id="triage-title">{t().triage.title}</h1>
      <p class="intro">{t().triage.intro}</p>
      <Show when={hasRole('coordinator')} fallback={<p class="notice">{t().triage.needRole}</p>}>
        <Show when={rows.error}>
          <ErrorMessage failure={failureOf(rows.error)} />
        </Show>
        <form class="filters" aria-label={t().inbox.filters} onSubmit={(e) => e.preventDefault()}>
          <label>
            {t().inbox.county}
            <select name="county" value={county()} onChange={(e) => setCounty(e.currentTarget.value)}>
              <option value="">{t().common.all}</option>
              <For each={counties()}>{(c) => <option value={c}>{countyName(c)}</option>}</For>
            </select>
          </label>
          <label class="check">
            <input type="checkbox" name="overdue" checked={overdueOnly()} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} />
            {t().triage.overdueOnly}
          </label>
        </form>
        <p class="count" aria-live="polite">
          {fill(t().triage.count, { n: queue().length + referrals().length, late: [...queue(), ...referrals()].filter(late).length })}
        </p>
        <div class="triage-layout">
          <div class="card">
            <h2>
              {t().triage.queue} <span class="count-badge">{queue().length}</span>
            </h2>
            <Show when={queue().length > 0} fallback={<p class="muted">{t().triage.empty}</p>}>
              <ul class="plain stack">
                <For each={queue()}>{(row) => <TriageItem row={row} onDone={() => void refetch()} />}</For>
              </ul>
            </Show>
          </div>
          <div class="stack-col">
            <div class="card">
              <h2>
                {t().triage.referrals} <span class="count-badge">{referrals().length}</span>
              </h2>
              <Show when={referrals().length > 0} fallback={<p class="muted">{t().triage.noReferrals}</p>}>
                <ul class="plain stack">
                  <For each={referrals()}>
                    {(row) => (
                      <li class="task-line" data-case={row.caseNumber}>
                        <div>
                          <A href={`/cases/${row.caseId}`}>#{row.caseNumber}</A> {matterName(row.matterCode)} · {cityName(row.cityAdcode)}{' '}
                          {countyName(row.countyAdcode)}
                          <p class="task-desc" data-user>
                            {row.description}
                          </p>
                          <Countdown dueAt={row.dueAt} warnAt={row.warnAt} />
                        </div>
                        <TaskActions task={row} onDone={() => void refetch()} />
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
            <ReferForm />
            <RepeatKpi />
            <div class="card">
              <h2>{t().triage.oversight}</h2>
              <Show when={oversight().length > 0} fallback={<p class="muted">{t().triage.noOversight}</p>}>
                <ul class="plain stack">
                  <For each={oversight().slice(0, 50)}>
                    {(row) => (
                      <li>
                        <A href={`/cases/${row.caseId}`}>#{row.caseNumber}</A> {t().taskAction[row.action]} · {matterName(row.matterCode)}{' '}
                        <Countdown dueAt={row.dueAt} warnAt={row.warnAt} /> <span class="badge escalated">L{row.escalation}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          </div>
        </div>
      </Show>
    </section>
  );
}

function TriageItem(props: { row: Row; onDone: () => void }) {
  const [detail] = createResource(
    () => props.row.caseId,
    (caseId) => api.case.get.query({ caseId }),
  );
  const ctx = () => flowOf(detail()?.workflows, 'triage')?.view;
  // The text is read again by the model in use: its explanation, and the guesses of a case stored
  // without any (taken in where no classifier ran).
  const [live] = createResource(
    () => (ctx() ? props.row.description : null),
    (text) => api.case.suggest.query({ text }),
  );
  const suggestions = () => (ctx()?.suggestions.length ? (ctx()?.suggestions ?? []) : (valueOf(live)?.suggestions ?? []));
  const why = () => {
    const now = valueOf(live);
    return { matterCode: now?.suggestions[0]?.matterCode, why: now?.explanation };
  };
  const [matter, setMatter] = createSignal('');
  const { busy, failure, act } = createAction(() => api.case.route.mutate({ caseId: props.row.caseId ?? '', matterCode: matter() }).then(props.onDone));
  function route(event: SubmitEvent) {
    event.preventDefault();
    void act();
  }
  return (
    <li class="triage-item" data-case={props.row.caseNumber}>
      <p>
        <A href={`/cases/${props.row.caseId}`}>#{props.row.caseNumber}</A> · {cityName(props.row.cityAdcode)} {countyName(props.row.countyAdcode)}{' '}
        <Countdown dueAt={props.row.dueAt} warnAt={props.row.warnAt} />
        <Show when={ctx()}>{(c) => <span class="badge warn">{t().triage.reasons[c().reason]}</span>}</Show>
      </p>
      <p class="complaint" data-user>
        {props.row.description}
      </p>
      <Show when={suggestions().length > 0}>
        <p class="hint" data-testid="suggestions">
          {t().triage.suggestions}:{' '}
          <For each={suggestions()}>
            {(s) => (
              <button type="button" class="chip" onClick={() => setMatter(s.matterCode)}>
                {s.matterCode} {matterName(s.matterCode)} ({fill(t().triage.confidence, { pct: Math.round(s.confidence * 100) })})
              </button>
            )}
          </For>
        </p>
        <SuggestionWhy matterCode={why().matterCode} why={why().why} />
      </Show>
      <form class="inline-form" onSubmit={route}>
        <label>
          <span class="sr-only">{t().triage.chooseMatter}</span>
          <select required value={matter()} onChange={(e) => setMatter(e.currentTarget.value)} name="matter" aria-label={t().triage.chooseMatter}>
            <option value="">{t().triage.chooseMatter}</option>
            <MatterOptions selected={matter()} />
          </select>
        </label>
        <button type="submit" class="button small" disabled={busy()}>
          {t().triage.route}
        </button>
      </form>
      <ErrorMessage failure={failure()} />
    </li>
  );
}

function ReferForm() {
  const [number, setNumber] = createSignal('');
  const [city, setCity] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [done, setDone] = createSignal(false);
  const { busy, failure, act } = createAction(async () => {
    const found = await api.case.get.query({ number: Number(number()) });
    await api.crossCity.refer.mutate({ caseId: found.case.id, city: city(), reason: reason() });
    setNumber('');
    setReason('');
  });
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setDone(false);
    setDone(await act());
  }
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="refer-title">
      <h2 id="refer-title">{t().triage.refer}</h2>
      <div class="row">
        <label>
          {t().triage.referCase}
          <input required inputMode="numeric" pattern="[0-9]+" name="number" value={number()} onInput={(e) => setNumber(e.currentTarget.value)} />
        </label>
        <label>
          {t().triage.referCity}
          <select required name="city" value={city()} onChange={(e) => setCity(e.currentTarget.value)}>
            <option value="">—</option>
            <For each={reference()?.cities}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
          </select>
        </label>
      </div>
      <label>
        {t().triage.referReason}
        <textarea required rows={2} maxLength={2000} name="reason" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <ErrorMessage failure={failure()} />
      <Show when={done()}>
        <p class="success" role="status">
          {t().triage.referred}
        </p>
      </Show>
      <button type="submit" class="button" disabled={busy()}>
        {t().triage.referSubmit}
      </button>
    </form>
  );
}

function RepeatKpi() {
  const [rows] = createResource(
    () => principal()?.userId,
    () => api.kpi.repeats.query({}),
  );
  return (
    <div class="card" data-testid="repeat-kpi">
      <h2>{t().repeats.kpi}</h2>
      <Show when={(rows() ?? []).length > 0} fallback={<p class="muted">{t().repeats.none}</p>}>
        <table class="simple">
          <thead>
            <tr>
              <th scope="col">{t().repeats.unit}</th>
              <th scope="col">{t().inbox.matter}</th>
              <th scope="col">{t().repeats.count}</th>
              <th scope="col">{t().repeats.cases}</th>
            </tr>
          </thead>
          <tbody>
            <For each={(rows() ?? []).slice(0, 15)}>
              {(r) => (
                <tr>
                  <th scope="row">{unitName(r.unit, inboxLabels())}</th>
                  <td>{matterName(r.matterCode)}</td>
                  <td>{r.repeats}</td>
                  <td>{r.cases}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}
