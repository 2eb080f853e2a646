import { A, useSearchParams } from '@solidjs/router';
import { For, Show, createEffect, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { onInboxChange } from '../lib/live.ts';
import { cityName, countyName, grid, matterName, matterOf, reference, unitName } from '../lib/reference.ts';
import { principal } from '../lib/session.ts';
import { nameOf } from '../i18n/index.ts';
import { Countdown } from '../components/Countdown.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TaskActions } from '../components/TaskActions.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import { OutboxList } from '../components/OutboxList.tsx';
import { RegisterUpload } from '../components/RegisterUpload.tsx';
import { isOnline } from '../lib/online.ts';

type Row = Awaited<ReturnType<typeof api.case.inbox.query>>[number];
const LIMIT = 20_000;
const ROLES = ['lead', 'support', 'cosign', 'party', 'ruling', 'referral', 'neighbour', 'city', 'oversight', 'triage'] as const;
/** Rows are taller at phone width, where a task takes three lines and its buttons are 44 px (touch). */
const narrow = window.matchMedia('(max-width: 900px)');
const [isNarrow, setNarrow] = createSignal(narrow.matches);
narrow.addEventListener('change', (e) => setNarrow(e.matches));

const late = (r: Row) => r.dueAt !== null && Date.parse(r.dueAt) < Date.now();
const byDeadline = (a: Row, b: Row) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.taskId - b.taskId;

export const inboxLabels = () => ({ coordinator: t().user.roles.coordinator, leadership: t().user.roles.leadership, alliance: t().user.roles.alliance });

/**
 * The liaison's inbox: every task of their inboxes, soonest deadline first, with live countdowns,
 * filters, and the actions each task allows. A change pushed by the server (SSE) refreshes only the
 * cases it names, so a colleague's claim makes the task disappear without a reload.
 */
export default function Inbox() {
  const [params, setParams] = useSearchParams<{
    inbox?: string;
    domain?: string;
    tier?: string;
    city?: string;
    county?: string;
    role?: string;
    overdue?: string;
  }>();
  const [mine] = createResource(
    () => principal()?.userId,
    () => api.case.myInboxes.query(),
  );
  const [rows, setRows] = createSignal<Row[] | null>(null);
  const [failure, setFailure] = createSignal<unknown>(null);
  const [renderedIn, setRenderedIn] = createSignal<number | null>(null);

  async function load() {
    const started = performance.now();
    try {
      const list = await api.case.inbox.query({ limit: LIMIT });
      setRows(list);
      setFailure(null);
      // Measured for the closing figures: from the request to the rows on screen.
      requestAnimationFrame(() => setRenderedIn(Math.round(performance.now() - started)));
    } catch (e) {
      setFailure(e);
    }
  }
  createEffect(() => {
    if (principal()) void load();
  });

  async function refreshCases(caseIds: string[]) {
    if (caseIds.length === 0 || caseIds.length > 500) return load();
    const fresh = await api.case.inbox.query({ caseIds, limit: LIMIT });
    const touched = new Set(caseIds);
    setRows((old) => [...(old ?? []).filter((r) => !r.caseId || !touched.has(r.caseId)), ...fresh].sort(byDeadline));
  }
  // A resync names no cases: everything is loaded again.
  const stop = onInboxChange((change) => void refreshCases(change.resync ? [] : change.cases));
  onCleanup(stop);

  const filtered = createMemo(() => {
    const all = rows() ?? [];
    return all.filter(
      (r) =>
        (!params.inbox || r.inbox === params.inbox) &&
        (!params.domain || matterOf(r.matterCode)?.domain === params.domain) &&
        (!params.tier || r.tier === params.tier) &&
        (!params.city || r.cityAdcode === params.city) &&
        (!params.county || r.countyAdcode === params.county) &&
        (!params.role || r.role === params.role) &&
        (!params.overdue || late(r)),
    );
  });
  const overdueCount = () => filtered().filter(late).length;
  const counties = () => reference()?.cities.find((c) => c.adcode === params.city)?.counties ?? [];
  const select = (key: 'inbox' | 'domain' | 'tier' | 'city' | 'county' | 'role') => (e: Event & { currentTarget: HTMLSelectElement }) =>
    setParams({ [key]: e.currentTarget.value || undefined, ...(key === 'city' ? { county: undefined } : {}) });

  return (
    <section aria-labelledby="inbox-title" class="inbox-page">
      <div class="page-head">
        <h1 id="inbox-title">{t().inbox.title}</h1>
        <Show when={isOnline()}>
          <span class="live" aria-label={t().inbox.live}>
            ● {t().inbox.live}
          </span>
        </Show>
      </div>
      <p class="intro">{t().inbox.intro}</p>
      <OutboxList />
      <Show when={principal()} fallback={<p class="notice">{t().errors.SIGN_IN_REQUIRED}</p>}>
        <form class="filters" aria-label={t().inbox.filters} onSubmit={(e) => e.preventDefault()}>
          <Show when={(mine() ?? []).length > 1}>
            <label>
              {t().inbox.inbox}
              <select value={params.inbox ?? ''} onChange={select('inbox')} name="inbox">
                <option value="">{t().common.all}</option>
                <For each={mine()}>{(i) => <option value={i}>{unitName(i, inboxLabels())}</option>}</For>
              </select>
            </label>
          </Show>
          <label>
            {t().inbox.domain}
            <select value={params.domain ?? ''} onChange={select('domain')} name="domain">
              <option value="">{t().common.all}</option>
              <For each={grid()?.domains}>{(d) => <option value={d.code}>{nameOf(d.name)}</option>}</For>
            </select>
          </label>
          <label>
            {t().inbox.tier}
            <select value={params.tier ?? ''} onChange={select('tier')} name="tier">
              <option value="">{t().common.all}</option>
              <For each={['simple', 'complex', 'difficult'] as const}>{(x) => <option value={x}>{t().tier[x]}</option>}</For>
            </select>
          </label>
          <label>
            {t().inbox.city}
            <select value={params.city ?? ''} onChange={select('city')} name="city">
              <option value="">{t().common.all}</option>
              <For each={reference()?.cities}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
            </select>
          </label>
          <label>
            {t().inbox.county}
            <select value={params.county ?? ''} onChange={select('county')} name="county" disabled={!params.city}>
              <option value="">{t().common.all}</option>
              <For each={counties()}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
            </select>
          </label>
          <label>
            {t().inbox.role}
            <select value={params.role ?? ''} onChange={select('role')} name="role">
              <option value="">{t().common.all}</option>
              <For each={ROLES}>{(r) => <option value={r}>{t().taskRole[r]}</option>}</For>
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="overdue"
              checked={!!params.overdue}
              onChange={(e) => setParams({ overdue: e.currentTarget.checked ? '1' : undefined })}
            />
            {t().inbox.overdueOnly}
          </label>
        </form>
        <Show when={failure()}>
          <ErrorMessage failure={failureOf(failure())} />
        </Show>
        <Show
          when={rows()}
          fallback={
            <Show when={!failure()}>
              <p aria-busy="true">{t().common.loading}</p>
            </Show>
          }
        >
          <p class="count" aria-live="polite" data-rendered-ms={renderedIn() ?? ''}>
            {fill(t().inbox.count, { n: filtered().length })}
            <Show when={overdueCount() > 0}> · {fill(t().inbox.overdueCount, { n: overdueCount() })}</Show>
          </p>
          <Show when={filtered().length > 0} fallback={<p class="empty-state">{t().inbox.empty}</p>}>
            <VirtualList items={filtered()} rowHeight={isNarrow() ? 140 : 92} height="calc(100vh - 300px)" label={t().inbox.title}>
              {(row) => <InboxRow row={row} onDone={() => row.caseId && void refreshCases([row.caseId])} />}
            </VirtualList>
          </Show>
        </Show>
      </Show>
      <Show when={principal()?.memberships.some((m) => m.departmentCode === 'market' && (m.role === 'liaison' || m.role === 'supervisor'))}>
        <RegisterUpload />
      </Show>
    </section>
  );
}

function InboxRow(props: { row: Row; onDone: () => void }) {
  const r = () => props.row;
  const actionText = () => t().taskAction[r().action];
  return (
    <article
      class={`task-row escalation-${r().escalation}`}
      data-case={r().caseNumber ?? ''}
      data-action={r().action}
      aria-label={`${r().caseNumber ?? ''} ${actionText()}`}
    >
      <div class="task-when">
        <Countdown dueAt={r().dueAt} warnAt={r().warnAt} />
        <Show when={r().escalation > 0}>
          <span class="badge escalated" title={(t().inbox.levels as Record<string, string>)[String(r().escalation)]}>
            L{r().escalation} {(t().inbox.levels as Record<string, string>)[String(r().escalation)]}
          </span>
        </Show>
      </div>
      <div class="task-what">
        <p class="task-title">
          <Show when={r().caseId} fallback={<span>{matterName(r().matterCode)}</span>}>
            <A href={`/cases/${r().caseId}`} class="case-link">
              #{r().caseNumber}
            </A>{' '}
          </Show>
          <span>{r().matterCode ? matterName(r().matterCode) : t().inbox.unrouted}</span>
          <Show when={r().repeats > 0}>
            {' '}
            <span class="badge repeat" title={t().repeats.list}>
              {fill(t().repeats.badge, { n: r().repeats })}
            </span>
          </Show>
        </p>
        <p class="task-desc" data-user>
          {r().description}
        </p>
      </div>
      <div class="task-where">
        {cityName(r().cityAdcode)} · {countyName(r().countyAdcode)}
      </div>
      <div class="task-kind">
        <span class={`badge role-${r().role}`}>{t().taskRole[r().role]}</span> {actionText()}
      </div>
      <TaskActions task={{ ...r(), caseState: r().caseState }} onDone={props.onDone} />
    </article>
  );
}
