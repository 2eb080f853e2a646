import { A } from '@solidjs/router';
import { For, Show, createResource, createSignal, onCleanup } from 'solid-js';
import { fill, formatTime, nameOf, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { onInboxChange } from '../lib/live.ts';
import { grid, matterName, matterOf, reference, unitName } from '../lib/reference.ts';
import { formatDuration, now } from '../lib/clock.ts';
import { hasRole, myInboxes, principal } from '../lib/session.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { DepartmentChecks } from '../components/DepartmentChecks.tsx';
import { inboxLabels } from './Inbox.tsx';

type Dispute = Awaited<ReturnType<typeof api.dispute.list.query>>[number];
const ctxOf = (d: Dispute) => d.view;
/** Waiting for leadership: statements still coming, or both in. Either way it can be ruled from here. */
const awaitsRuling = (d: Dispute) => d.view.state === 'statements' || d.view.state === 'awaitingRuling';

type DeskFilter = 'all' | 'statements' | 'awaitingRuling' | 'overdue';
const SHOWS: readonly DeskFilter[] = ['all', 'statements', 'awaitingRuling', 'overdue'];
/** Rows opened, by dispute id: a row stays open when the list is fetched again (after a ruling, a live change). */
const [opened, setOpened] = createSignal<ReadonlySet<string>>(new Set());
const toggle = (id: string, open: boolean) =>
  setOpened((old) => {
    const next = new Set(old);
    if (open) next.add(id);
    else next.delete(id);
    return next;
  });
const mostOverdueFirst = (a: Dispute, b: Dispute) => a.view.ruleBy.localeCompare(b.view.ruleBy);

/**
 * Leadership's dispute desk: compact rows, most overdue first, with counts and filters; a row opens
 * its statements, cited clauses and precedents, and the ruling form, on demand.
 */
export default function Disputes() {
  const [open, { refetch }] = createResource(
    () => principal()?.userId,
    () => api.dispute.list.query({ open: true }),
  );
  const [recent, { refetch: refetchRecent }] = createResource(
    () => principal()?.userId,
    () => api.dispute.list.query({ open: false, limit: 30 }),
  );
  const reload = () => {
    void refetch();
    void refetchRecent();
  };
  onCleanup(onInboxChange(reload));
  const [show, setShow] = createSignal<DeskFilter>('all');
  const [domain, setDomain] = createSignal('');
  const late = (d: Dispute) => Date.parse(d.view.ruleBy) < now();
  const pending = () => (open() ?? []).filter(awaitsRuling).sort(mostOverdueFirst);
  const shown = () =>
    pending().filter(
      (d) =>
        (show() === 'all' || (show() === 'overdue' ? late(d) : d.view.state === show())) && (!domain() || matterOf(d.view.matterCode)?.domain === domain()),
    );
  const ruled = () => (recent() ?? []).filter((d) => d.state === 'ruled' || d.state === 'amended').slice(0, 10);
  return (
    <section aria-labelledby="disputes-title">
      <h1 id="disputes-title">{t().disputes.title}</h1>
      <p class="intro">{t().disputes.intro}</p>
      <Show when={open.error}>
        <ErrorMessage failure={failureOf(open.error)} />
      </Show>
      <Show when={open()} fallback={<p aria-busy="true">{t().common.loading}</p>}>
        <form class="filters" aria-label={t().inbox.filters} onSubmit={(e) => e.preventDefault()}>
          <label>
            {t().disputes.show}
            <select name="show" value={show()} onChange={(e) => setShow(e.currentTarget.value as DeskFilter)}>
              <For each={SHOWS}>{(x) => <option value={x}>{t().disputes.shows[x]}</option>}</For>
            </select>
          </label>
          <label>
            {t().inbox.domain}
            <select name="domain" value={domain()} onChange={(e) => setDomain(e.currentTarget.value)}>
              <option value="">{t().common.all}</option>
              <For each={grid()?.domains}>{(d) => <option value={d.code}>{nameOf(d.name)}</option>}</For>
            </select>
          </label>
        </form>
        <p class="count" aria-live="polite" data-testid="dispute-count">
          {fill(t().disputes.count, { n: pending().length, late: pending().filter(late).length, shown: shown().length })}
        </p>
        <Show when={shown().length > 0} fallback={<p class="muted">{t().disputes.empty}</p>}>
          <div class="stack compact-list">
            <For each={shown()}>{(d) => <DisputeCard dispute={d} onDone={reload} />}</For>
          </div>
        </Show>
      </Show>
      <Show when={ruled().length > 0}>
        <h2 class="section-title">{t().disputes.recent}</h2>
        <div class="stack compact-list">
          <For each={ruled()}>{(d) => <DisputeCard dispute={d} onDone={reload} />}</For>
        </div>
      </Show>
    </section>
  );
}

function DisputeCard(props: { dispute: Dispute; onDone: () => void }) {
  const c = () => ctxOf(props.dispute);
  const labels = inboxLabels();
  const [precedents] = createResource(
    () => c().matterCode,
    (matterCode) => api.dispute.precedents.query({ matterCode }),
  );
  const [caseData] = createResource(
    () => c().caseId,
    (caseId) => api.case.get.query({ caseId }).catch(() => null),
  );
  const [promoting, setPromoting] = createSignal(false);
  const expanded = () => opened().has(props.dispute.id);
  const setExpanded = (open: boolean) => toggle(props.dispute.id, open);
  const [ruling, setRuling] = createSignal(false);
  const [stating, setStating] = createSignal<string | null>(null);
  const left = () => Date.parse(c().ruleBy) - now();
  const myParty = () => c().parties.find((p) => myInboxes().includes(p) && !c().statements[p]);
  return (
    <article class="card dispute compact" data-dispute={props.dispute.id} data-state={props.dispute.state} aria-labelledby={`d-${props.dispute.id}`}>
      <div class="page-head">
        <h2 id={`d-${props.dispute.id}`}>
          <Show when={caseData()}>
            {(x) => (
              <>
                <A href={`/cases/${c().caseId}`}>#{x().case.number}</A>{' '}
              </>
            )}
          </Show>
          {c().matterCode} {matterName(c().matterCode)}
        </h2>
        <span class="badge state">{t().flowState[props.dispute.view.state]}</span>
        <Show when={awaitsRuling(props.dispute)}>
          <span class={`countdown ${left() < 0 ? 'breached' : left() < 24 * 3_600_000 ? 'warning' : 'normal'}`} role="timer">
            {t().disputes.ruleBy}: {formatTime(c().ruleBy)} ·{' '}
            {left() >= 0
              ? fill(t().disputes.left, { time: formatDuration(left(), t().common.day) })
              : fill(t().disputes.late, { time: formatDuration(left(), t().common.day) })}
            <Show when={c().provisionalDeadline}> {t().disputes.provisional}</Show>
          </span>
        </Show>
        <span class="row-actions">
          <button type="button" class="button small secondary" aria-expanded={expanded()} onClick={() => setExpanded(!expanded())}>
            {expanded() ? t().disputes.hideDetails : t().disputes.details}
          </button>
          <Show when={hasRole('leadership') && awaitsRuling(props.dispute) && !ruling()}>
            <button
              type="button"
              class="button small"
              onClick={() => {
                setExpanded(true);
                setRuling(true);
              }}
            >
              {t().disputes.openRuling}
            </button>
          </Show>
        </span>
      </div>
      <p class="hint one-line">
        {c()
          .parties.map((p) => unitName(p, labels))
          .join(' ↔ ')}
        <Show when={caseData()}>
          {(x) => (
            <>
              {' · '}
              <span data-user>{x().case.description}</span>
            </>
          )}
        </Show>
      </p>
      <Show when={expanded()}>
        <p class="hint">
          {t().disputes.trigger}:{' '}
          <span data-user={c().trigger !== 'second transfer' ? '' : undefined}>
            {c().trigger === 'second transfer' ? t().disputes.secondTransfer : c().trigger}
          </span>
        </p>
        <div class="parties">
          <For each={c().parties}>
            {(party) => (
              <div class="party" data-party={party}>
                <h3>{unitName(party, labels)}</h3>
                <Show when={c().statements[party]} fallback={<p class="muted">{t().disputes.noStatement}</p>}>
                  {(s) => (
                    <>
                      <p data-user>{s().text}</p>
                      <p class="hint">
                        {t().disputes.clauses}:{' '}
                        <For each={s().clauses}>
                          {(code) => (
                            <A class="chip" href={`/matrix?matter=${code}`}>
                              {code} {matterName(code)}
                            </A>
                          )}
                        </For>
                      </p>
                    </>
                  )}
                </Show>
                <Show when={myParty() === party && props.dispute.state === 'statements'}>
                  <button type="button" class="button small" onClick={() => setStating(party)}>
                    {t().disputes.fileStatement}
                  </button>
                </Show>
              </div>
            )}
          </For>
        </div>
        <details class="precedents">
          <summary>
            {t().disputes.precedents} ({precedents()?.filter((p) => p.id !== props.dispute.id).length ?? 0})
          </summary>
          <Show when={(precedents() ?? []).filter((p) => p.id !== props.dispute.id).length > 0} fallback={<p class="muted">{t().disputes.noPrecedents}</p>}>
            <ul>
              <For each={(precedents() ?? []).filter((p) => p.id !== props.dispute.id)}>
                {(p) => {
                  const r = p.ruling;
                  return (
                    <li>
                      {formatTime(p.updatedAt)} · {r ? fill(t().disputes.ruled, { lead: unitName(r.lead, labels) }) : t().flowState[p.state]} —{' '}
                      <span data-user>{r?.reasons}</span>
                    </li>
                  );
                }}
              </For>
            </ul>
          </Show>
        </details>
        <Show when={c().ruling}>
          {(r) => (
            <div class="ruling" data-testid="ruling">
              <p>
                <strong>{fill(t().disputes.ruled, { lead: unitName(r().lead, labels) })}</strong>
                {r().supports.length > 0
                  ? ` · ${t().disputes.supports}: ${r()
                      .supports.map((s) => unitName(s, labels))
                      .join('、')}`
                  : ''}
              </p>
              <p data-user>{r().reasons}</p>
              <Show when={c().amendment}>
                <p class="badge ok">{t().disputes.promoted}</p>
              </Show>
              <Show when={hasRole('leadership') && props.dispute.state === 'ruled'}>
                <button type="button" class="button small secondary" onClick={() => setPromoting(true)}>
                  {t().disputes.promote}
                </button>
              </Show>
            </div>
          )}
        </Show>
      </Show>
      <Show when={ruling() && hasRole('leadership') && awaitsRuling(props.dispute)}>
        <RulingForm dispute={props.dispute} onDone={props.onDone} />
      </Show>
      <Show when={promoting()}>
        <PromoteDialog dispute={props.dispute} onDone={props.onDone} onClose={() => setPromoting(false)} />
      </Show>
      <Show when={stating()}>
        <StatementDialog dispute={props.dispute} onDone={props.onDone} onClose={() => setStating(null)} />
      </Show>
    </article>
  );
}

function RulingForm(props: { dispute: Dispute; onDone: () => void }) {
  const c = () => ctxOf(props.dispute);
  const partyDepartments = () => c().parties.map((p) => p.slice(p.indexOf(':') + 1));
  const [lead, setLead] = createSignal(partyDepartments()[0] ?? '');
  const [supports, setSupports] = createSignal<string[]>([]);
  const [reasons, setReasons] = createSignal('');
  const { busy, failure, act } = createAction(() =>
    api.dispute.rule.mutate({ workflowId: props.dispute.id, lead: lead() as never, supports: supports() as never, reasons: reasons() }).then(props.onDone),
  );
  function submit(event: SubmitEvent) {
    event.preventDefault();
    void act();
  }
  return (
    <form class="form ruling-form" onSubmit={submit} aria-label={t().disputes.ruling}>
      <h3>{t().disputes.ruling}</h3>
      <label>
        {t().disputes.lead}
        <select name="lead" value={lead()} onChange={(e) => setLead(e.currentTarget.value)}>
          <For each={reference()?.departments}>{(d) => <option value={d.code}>{nameOf(d.name)}</option>}</For>
        </select>
      </label>
      <DepartmentChecks legend={t().disputes.supports} name="supports" except={lead()} selected={supports()} onChange={setSupports} />
      <label>
        {t().disputes.reasons}
        <textarea required rows={3} maxLength={4000} name="reasons" value={reasons()} onInput={(e) => setReasons(e.currentTarget.value)} />
      </label>
      <ErrorMessage failure={failure()} />
      <button type="submit" class="button" disabled={busy()}>
        {t().disputes.rule}
      </button>
    </form>
  );
}

function PromoteDialog(props: { dispute: Dispute; onDone: () => void; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  return (
    <Dialog
      title={t().disputes.promote}
      submitLabel={t().common.confirm}
      onSubmit={() => api.dispute.promote.mutate({ workflowId: props.dispute.id, reason: reason() }).then(props.onDone)}
      onClose={props.onClose}
    >
      <label>
        {t().common.reason}
        <textarea required rows={3} maxLength={2000} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}

function StatementDialog(props: { dispute: Dispute; onDone: () => void; onClose: () => void }) {
  const [text, setText] = createSignal('');
  const [clauses, setClauses] = createSignal<string[]>([ctxOf(props.dispute).matterCode]);
  return (
    <Dialog
      title={t().disputes.fileStatement}
      submitLabel={t().common.submit}
      onSubmit={() => api.dispute.statement.mutate({ workflowId: props.dispute.id, text: text(), clauses: clauses() }).then(props.onDone)}
      onClose={props.onClose}
    >
      <label>
        {t().disputes.statementText}
        <textarea required rows={4} maxLength={4000} name="statement" value={text()} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <label>
        {t().disputes.chooseClauses}
        <select multiple size={8} name="clauses" onChange={(e) => setClauses([...e.currentTarget.selectedOptions].map((o) => o.value))}>
          <For each={grid()?.matters}>
            {(m) => (
              <option value={m.code} selected={clauses().includes(m.code)}>
                {m.code} {nameOf(m.name)}
              </option>
            )}
          </For>
        </select>
      </label>
    </Dialog>
  );
}
