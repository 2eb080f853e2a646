import { A, useParams } from '@solidjs/router';
import { For, Show, createResource, createSignal, onCleanup, type JSX } from 'solid-js';
import type { DepartmentCode, DomainCode, DraftOperation, Tier } from '@gongzhi/domain';
import { fill, fillNodes, formatTime, lang, nameOf, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { createAction } from '../lib/action.ts';
import { onInboxChange } from '../lib/live.ts';
import { cityName, departmentName, grid, matterName, reference, refetchGrid, unitName } from '../lib/reference.ts';
import { hasRole, principal } from '../lib/session.ts';
import { actorText } from '../lib/words.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { MatterOptions } from '../components/MatterOptions.tsx';
import { DepartmentChecks } from '../components/DepartmentChecks.tsx';
import { DiffRows } from '../components/MatrixHistory.tsx';
import { inboxLabels } from './Inbox.tsx';

type Detail = Awaited<ReturnType<typeof api.drafts.get.query>>;
type Party = NonNullable<Detail['consultation']>['view']['parties'][number];
const TIERS: Tier[] = ['simple', 'complex', 'difficult'];
const words = (text: string) =>
  text
    .split(/[、,，;；\s]+/)
    .map((w) => w.trim())
    .filter(Boolean);

/** An operation of a draft in words. */
function describe(o: DraftOperation): JSX.Element {
  const d = t().drafts;
  if (o.op === 'add') return fill(d.opAdd, { name: nameOf(o.matter.name), lead: departmentName(o.matter.lead) });
  if (o.op === 'retire') return fill(d.opRetire, { matter: matterName(o.matter), successor: matterName(o.successor) });
  const what: string[] = [];
  if (o.set.lead) what.push(fill(d.setLead, { v: departmentName(o.set.lead) }));
  const supports = o.set.supports?.filter((s) => s !== o.set.lead);
  if (supports) what.push(fill(d.setSupports, { v: supports.map(departmentName).join(t().common.listSeparator) || t().common.none }));
  if (o.set.tier) what.push(fill(d.setTier, { v: t().tier[o.set.tier] }));
  if (o.set.legalBasis !== undefined) what.push(d.setLegalBasis);
  if (o.set.keywords) what.push(d.setKeywords);
  return fill(d.opChange, { matter: matterName(o.matter), what: what.join(t().common.listSeparator) });
}

/** A draft amendment: its changes and diff, staleness and rebase, consultation beside the what-if figures, adoption. */
export default function Draft() {
  const params = useParams<{ id: string }>();
  const [detail, { refetch }] = createResource(
    () => (principal() ? params.id : undefined),
    (draftId) => api.drafts.get.query({ draftId }),
  );
  onCleanup(onInboxChange(() => void refetch()));
  const labels = () => inboxLabels();
  const office = (d: Detail) => hasRole(d.draft.office);
  const editable = (d: Detail) => office(d) && d.draft.state === 'open' && d.consultation === null;
  const done = async (p: Promise<unknown>) => {
    await p;
    await refetch();
  };
  const edit = createAction((d: Detail, operations: DraftOperation[]) =>
    done(api.drafts.edit.mutate({ draftId: d.draft.id, revision: d.draft.revision, operations })),
  );
  const rebase = createAction((d: Detail) => done(api.drafts.rebase.mutate({ draftId: d.draft.id, revision: d.draft.revision })));

  return (
    <section aria-labelledby="draft-title">
      <p>
        <A href="/matrix/drafts">{t().drafts.back}</A>
      </p>
      <Show when={detail.error}>
        <ErrorMessage failure={failureOf(detail.error)} />
      </Show>
      <Show when={detail()} fallback={<Show when={!detail.error}>{<p aria-busy="true">{t().common.loading}</p>}</Show>}>
        {(d) => (
          <>
            <h1 id="draft-title">
              <span data-user>{d().draft.title}</span> <span class="badge state">{t().drafts.states[d().draft.state]}</span>
            </h1>
            <p class="version">
              {t().drafts.office[d().draft.office]} · {fill(t().drafts.basedOn, { n: d().draft.basedOn })} ·{' '}
              {fillNodes(t().drafts.by, {
                by: <span data-user={d().draft.createdByName ? '' : undefined}>{actorText(d().draft.createdBy, d().draft.createdByName)}</span>,
                at: <>{formatTime(d().draft.createdAt)}</>,
              })}
            </p>

            <Show when={d().stale && d().draft.state === 'open'}>
              <div class="card warn-card" role="alert" data-testid="draft-stale">
                <p>{fill(t().drafts.stale, { basedOn: d().draft.basedOn, latest: d().latest })}</p>
                <Show when={d().conflicts.length > 0} fallback={<p>{t().drafts.noConflicts}</p>}>
                  <p>{t().drafts.conflicts}</p>
                  <ul>
                    <For each={d().conflicts}>
                      {(c) => (
                        <li data-testid="draft-conflict">
                          {describe(c.operation)} —{' '}
                          {fill(t().drafts.conflictReasons[c.reason], {
                            fields: c.fields.map((f) => t().history.fields[f as 'lead']).join(t().common.listSeparator),
                          })}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={office(d())}>
                  <button type="button" class="button small" disabled={rebase.busy()} onClick={() => void rebase.act(d())}>
                    {t().drafts.rebase}
                  </button>
                  <Show when={rebase.failure()}>{(f) => <ErrorMessage failure={f()} />}</Show>
                </Show>
              </div>
            </Show>

            <div class="card">
              <h2>{t().drafts.changes}</h2>
              <Show when={d().draft.operations.length > 0} fallback={<p class="muted">{t().drafts.noOperations}</p>}>
                <ul class="plain operations">
                  <For each={d().draft.operations}>
                    {(o, i) => (
                      <li data-testid="draft-operation">
                        {describe(o)}{' '}
                        <Show when={editable(d())}>
                          <button
                            type="button"
                            class="button small secondary"
                            onClick={() =>
                              void edit.act(
                                d(),
                                d().draft.operations.filter((_, j) => j !== i()),
                              )
                            }
                          >
                            {t().drafts.remove}
                          </button>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={edit.failure()}>{(f) => <ErrorMessage failure={f()} />}</Show>
              <Show when={editable(d())}>
                <OperationForms onAdd={(o) => edit.act(d(), [...d().draft.operations, o])} busy={edit.busy()} />
              </Show>
            </div>

            <div class="card">
              <h2>{fill(t().drafts.diff, { n: d().draft.basedOn })}</h2>
              <Show when={d().departments.length > 0}>
                <p>{fill(t().drafts.affected, { list: d().departments.map(departmentName).join(t().common.listSeparator) })}</p>
              </Show>
              <Show when={!d().sound && d().draft.operations.length > 0}>
                <p class="warn-text">{t().drafts.unsound}</p>
              </Show>
              <Show when={d().changes.length > 0} fallback={<p class="muted">{t().history.noChanges}</p>}>
                <div class="table-scroll">
                  <table class="simple diff" data-testid="draft-diff">
                    <thead>
                      <tr>
                        <th scope="col">{t().matter.code}</th>
                        <th scope="col" />
                        <th scope="col">{t().history.before}</th>
                        <th scope="col">{t().history.after}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={d().changes}>{(c) => <DiffRows change={c} />}</For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </div>

            <div class="side-by-side">
              <Consultation detail={d()} labels={labels()} onDone={() => void refetch()} />
              <WhatIf detail={d()} />
            </div>
            <TriageWhatIf detail={d()} />

            <Show when={office(d()) && d().draft.state === 'open'}>
              <Adoption
                detail={d()}
                onDone={() => {
                  void refetch();
                  void refetchGrid();
                }}
              />
            </Show>
            <Show when={d().consultation?.view.adoption}>
              {(a) => (
                <p class="card" data-testid="draft-adopted">
                  {fill(t().drafts.adopted, { version: a().version, at: formatTime(a().effectiveAt) })}
                </p>
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** The three kinds of change a draft is made of. */
function OperationForms(props: { onAdd: (o: DraftOperation) => Promise<boolean>; busy: boolean }) {
  const d = () => t().drafts;
  const [kind, setKind] = createSignal<'change' | 'add' | 'retire'>('change');
  const [matter, setMatter] = createSignal('');
  const [lead, setLead] = createSignal('');
  const [supports, setSupports] = createSignal<string[] | null>(null);
  const [tier, setTier] = createSignal('');
  const [legalBasis, setLegalBasis] = createSignal('');
  const [keywords, setKeywords] = createSignal('');
  const [successor, setSuccessor] = createSignal('');
  const [code, setCode] = createSignal('');
  const [domain, setDomain] = createSignal('');
  const [nameZh, setNameZh] = createSignal('');
  const [nameEn, setNameEn] = createSignal('');
  const [examples, setExamples] = createSignal('');
  const current = () => grid()?.matters.find((m) => m.code === matter());
  const reset = () => {
    setLead('');
    setSupports(null);
    setTier('');
    setLegalBasis('');
    setKeywords('');
  };
  const submit = async () => {
    let o: DraftOperation;
    if (kind() === 'retire') o = { op: 'retire', matter: matter(), successor: successor() };
    else if (kind() === 'add')
      o = {
        op: 'add',
        matter: {
          code: code().trim().toUpperCase(),
          domain: domain() as DomainCode,
          name: { zh: nameZh(), en: nameEn() },
          lead: lead() as DepartmentCode,
          supports: (supports() ?? []) as DepartmentCode[],
          tier: (tier() || 'simple') as Tier,
          legalBasis: legalBasis(),
          keywords: words(keywords()),
          examples: examples()
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean),
        },
      };
    else {
      const set: Extract<DraftOperation, { op: 'change' }>['set'] = {};
      if (lead()) set.lead = lead() as DepartmentCode;
      if (supports() !== null) set.supports = (supports() ?? []) as DepartmentCode[];
      if (tier()) set.tier = tier() as Tier;
      if (legalBasis().trim()) set.legalBasis = legalBasis();
      if (keywords().trim()) set.keywords = words(keywords());
      o = { op: 'change', matter: matter(), set };
    }
    if (await props.onAdd(o)) reset();
  };
  return (
    <form
      class="stack draft-form"
      aria-label={d().changes}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset class="inline-form">
        <legend>{d().changes}</legend>
        <For each={['change', 'add', 'retire'] as const}>
          {(k) => (
            <label class="inline">
              <input type="radio" name="kind" value={k} checked={kind() === k} onChange={() => setKind(k)} />
              {k === 'change' ? d().addChange : k === 'add' ? d().addMatter : d().retire}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={kind() !== 'add'}>
        <label>
          {d().matter}
          <select name="matter" required value={matter()} onChange={(e) => (setMatter(e.currentTarget.value), reset())}>
            <option value="">{t().route.chooseMatter}</option>
            <MatterOptions selected={matter()} />
          </select>
        </label>
      </Show>
      <Show when={kind() === 'retire'}>
        <label>
          {d().successor}
          <select name="successor" required value={successor()} onChange={(e) => setSuccessor(e.currentTarget.value)}>
            <option value="">{t().route.chooseMatter}</option>
            <MatterOptions selected={successor()} />
          </select>
        </label>
      </Show>
      <Show when={kind() === 'add'}>
        <label>
          {d().code}
          <input name="code" required pattern="[A-Za-z]{3}-[0-9]{2}" value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        <label>
          {d().domain}
          <select name="domain" required value={domain()} onChange={(e) => setDomain(e.currentTarget.value)}>
            <option value="" />
            <For each={reference()?.domains}>{(x) => <option value={x.code}>{nameOf(x.name)}</option>}</For>
          </select>
        </label>
        <label>
          {d().nameZh}
          <input name="nameZh" required value={nameZh()} onInput={(e) => setNameZh(e.currentTarget.value)} />
        </label>
        <label>
          {d().nameEn}
          <input name="nameEn" required value={nameEn()} onInput={(e) => setNameEn(e.currentTarget.value)} />
        </label>
      </Show>
      <Show when={kind() !== 'retire'}>
        <label>
          {d().lead}
          <select name="lead" required={kind() === 'add'} value={lead()} onChange={(e) => setLead(e.currentTarget.value)}>
            <option value="">{kind() === 'change' ? d().keep : ''}</option>
            <For each={reference()?.departments}>
              {(x) => (
                <option value={x.code} disabled={kind() === 'change' && current()?.lead === x.code}>
                  {nameOf(x.name)}
                </option>
              )}
            </For>
          </select>
        </label>
        <DepartmentChecks
          legend={d().supports}
          name="supports"
          except={lead() || current()?.lead}
          selected={supports() ?? current()?.supports ?? []}
          onChange={setSupports}
        />
        <label>
          {d().tier}
          <select name="tier" value={tier()} onChange={(e) => setTier(e.currentTarget.value)}>
            <option value="">{kind() === 'change' ? d().keep : ''}</option>
            <For each={TIERS}>{(x) => <option value={x}>{t().tier[x]}</option>}</For>
          </select>
        </label>
        <label>
          {d().legalBasis}
          <textarea name="legalBasis" required={kind() === 'add'} value={legalBasis()} onInput={(e) => setLegalBasis(e.currentTarget.value)} />
        </label>
        <label>
          {d().keywords}
          <input name="keywords" required={kind() === 'add'} value={keywords()} onInput={(e) => setKeywords(e.currentTarget.value)} />
        </label>
      </Show>
      <Show when={kind() === 'add'}>
        <label>
          {d().examples}
          <textarea name="examples" rows="3" value={examples()} onInput={(e) => setExamples(e.currentTarget.value)} />
        </label>
      </Show>
      <button type="submit" class="button" disabled={props.busy}>
        {d().add}
      </button>
    </form>
  );
}

/** Chengdu's adcode: leadership is the Chengdu government's, and asks its own city unless it chooses more. */
const CHENGDU = '510100';

/** Who was asked, by when, and what they answered; the reader's own answer when asked. */
function Consultation(props: { detail: Detail; labels: { coordinator: string; leadership: string; alliance: string }; onDone: () => void }) {
  const d = () => t().drafts;
  const c = () => props.detail.consultation;
  const [workingDays, setWorkingDays] = createSignal(5);
  // The cities asked: Chengdu for leadership's draft, the four for the alliance office's, as the office chooses.
  const [chosen, setChosen] = createSignal<string[] | null>(null);
  const cities = () => chosen() ?? (props.detail.draft.office === 'alliance' ? (reference()?.cities.map((x) => x.adcode) ?? []) : [CHENGDU]);
  const toggleCity = (adcode: string, on: boolean) => setChosen(on ? [...cities(), adcode] : cities().filter((x) => x !== adcode));
  const send = createAction(async () => {
    await api.drafts.send.mutate({ draftId: props.detail.draft.id, workingDays: workingDays(), cities: cities() });
    props.onDone();
  });
  const [reason, setReason] = createSignal('');
  const answer = createAction(async (verdict: 'agree' | 'object') => {
    await api.drafts.answer.mutate({ draftId: props.detail.draft.id, verdict, reason: verdict === 'object' ? reason() : '' });
    props.onDone();
  });
  const mine = (p: Party) => p.answer === null && isMine(p.inbox);
  const canSend = () => hasRole(props.detail.draft.office) && props.detail.draft.state === 'open' && c() === null && props.detail.changes.length > 0;
  return (
    <div class="card" data-testid="consultation">
      <h2>{d().consultation}</h2>
      <Show
        when={c()}
        fallback={
          <>
            <p class="muted">{d().notSent}</p>
            <Show when={canSend()}>
              <form
                class="inline-form"
                aria-label={d().send}
                onSubmit={(e) => {
                  e.preventDefault();
                  void send.act();
                }}
              >
                <label>
                  {d().workingDays}
                  <input
                    type="number"
                    name="workingDays"
                    min="1"
                    max="30"
                    required
                    value={workingDays()}
                    onInput={(e) => setWorkingDays(Number(e.currentTarget.value))}
                  />
                </label>
                <fieldset class="inline-form" data-testid="consultation-cities">
                  <legend>{d().consultCities}</legend>
                  <For each={reference()?.cities ?? []}>
                    {(city) => (
                      <label class="inline">
                        <input
                          type="checkbox"
                          name="cities"
                          value={city.adcode}
                          checked={cities().includes(city.adcode)}
                          onChange={(e) => toggleCity(city.adcode, e.currentTarget.checked)}
                        />
                        {cityName(city.adcode)}
                      </label>
                    )}
                  </For>
                </fieldset>
                <button type="submit" class="button" disabled={send.busy() || cities().length === 0}>
                  {d().send}
                </button>
                <Show when={send.failure()}>{(f) => <ErrorMessage failure={f()} />}</Show>
              </form>
            </Show>
          </>
        }
      >
        {(w) => (
          <>
            <div class="table-scroll">
              <table class="simple" data-testid="consultation-parties">
                <thead>
                  <tr>
                    <th scope="col">{d().party}</th>
                    <th scope="col">{d().due}</th>
                    <th scope="col">{d().answer}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={w().view.parties}>
                    {(p) => (
                      <tr data-party={p.inbox} class={p.answer?.verdict === 'object' ? 'objected' : ''}>
                        <th scope="row">{unitName(p.inbox, props.labels)}</th>
                        <td>
                          {formatTime(p.dueAt)}
                          <Show when={p.provisional}>
                            <span class="hint"> {d().provisional}</span>
                          </Show>
                        </td>
                        <td>
                          <Show when={p.answer} fallback={<span class={`badge ${p.late ? 'escalated' : 'state'}`}>{p.late ? d().late : d().pending}</span>}>
                            {(a) => (
                              <>
                                <span class={`badge ${a().verdict === 'object' ? 'warn' : 'ok'}`}>{d().verdicts[a().verdict]}</span>
                                <Show when={a().reason}>
                                  {' '}
                                  <span data-user>{a().reason}</span>
                                </Show>
                              </>
                            )}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={w().view.state === 'consulting' && w().view.parties.some(mine)}>
              <form
                class="stack"
                aria-label={d().yourAnswer}
                onSubmit={(e) => {
                  e.preventDefault();
                  void answer.act('object');
                }}
              >
                <h3>{d().yourAnswer}</h3>
                <button type="button" class="button" disabled={answer.busy()} onClick={() => void answer.act('agree')}>
                  {d().agree}
                </button>
                <label>
                  {d().objectReason}
                  <textarea name="reason" required value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
                </label>
                <button type="submit" class="button secondary" disabled={answer.busy()}>
                  {d().sendObjection}
                </button>
                <Show when={answer.failure()}>{(f) => <ErrorMessage failure={f()} />}</Show>
              </form>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

/** Whether an inbox is one of the reader's (a unit they work for, or their city's coordination office). */
function isMine(inbox: string): boolean {
  const ms = principal()?.memberships ?? [];
  return ms.some((m) =>
    inbox.startsWith('coordinator:')
      ? m.role === 'coordinator' && `coordinator:${m.cityAdcode}` === inbox
      : (m.role === 'liaison' || m.role === 'supervisor') && `${m.cityAdcode}:${m.departmentCode}` === inbox,
  );
}

/** The what-if replay's workload shift for the draft: the window's cases re-routed under it (the replay use case). */
function WhatIf(props: { detail: Detail }) {
  const d = () => t().drafts;
  const [figures] = createResource(
    () => (props.detail.changes.length > 0 ? `${props.detail.draft.id}:${props.detail.draft.revision}` : undefined),
    () => api.drafts.whatIf.query({ draftId: props.detail.draft.id }),
  );
  const labels = inboxLabels();
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  return (
    <div class="card" data-testid="what-if">
      <h2>{d().whatIf}</h2>
      <Show when={figures.error}>
        <ErrorMessage failure={failureOf(figures.error)} />
      </Show>
      <Show
        when={figures()}
        fallback={<Show when={!figures.error}>{<p class="muted">{props.detail.changes.length > 0 ? t().common.loading : d().noOperations}</p>}</Show>}
      >
        {(f) => (
          <>
            <p>{fill(d().whatIfWindow, { from: formatTime(f().window.from), to: formatTime(f().window.to), cases: f().cases, moved: f().moved })}</p>
            <p>
              <a href={`/reports/what-if?draft=${encodeURIComponent(props.detail.draft.id)}&lang=${lang()}`} download="" data-testid="what-if-xlsx">
                {d().whatIfExport}
              </a>
            </p>
            <Show when={f().avoided.transfers + f().avoided.disputes > 0}>
              <p>{fill(d().whatIfAvoided, { transfers: f().avoided.transfers, disputes: f().avoided.disputes })}</p>
            </Show>
            <Show when={f().units.some((u) => u.gained + u.lost > 0)} fallback={<p class="muted">{d().whatIfNone}</p>}>
              <div class="table-scroll">
                <table class="simple" data-testid="what-if-units">
                  <thead>
                    <tr>
                      <th scope="col">{d().party}</th>
                      <th scope="col">{d().whatIfCases}</th>
                      <th scope="col">{d().whatIfPerMonth}</th>
                      <th scope="col">{d().whatIfHours}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={f().units.filter((u) => u.gained + u.lost > 0)}>
                      {(u) => (
                        <tr data-unit={u.unit} class={u.overThreshold ? 'objected' : ''}>
                          <th scope="row">{unitName(u.unit, labels)}</th>
                          <td>
                            {u.before} → {u.after}
                          </td>
                          <td>{signed(u.changePerMonth)}</td>
                          <td>
                            {u.hoursPerMonthBefore} → {u.hoursPerMonthAfter}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

/** The triage queue's change for a draft that adds, retires or relearns matters (a classifier trained as the draft would). */
function TriageWhatIf(props: { detail: Detail }) {
  const d = () => t().drafts;
  const [figures] = createResource(
    () => (props.detail.changes.length > 0 ? `${props.detail.draft.id}:${props.detail.draft.revision}` : undefined),
    () => api.drafts.triageWhatIf.query({ draftId: props.detail.draft.id }),
  );
  return (
    <Show when={props.detail.changes.length > 0}>
      <div class="card" data-testid="what-if-triage">
        <h2>{d().triage}</h2>
        <Show when={figures.error}>
          <ErrorMessage failure={failureOf(figures.error)} />
        </Show>
        <Show when={figures()} fallback={<Show when={!figures.error}>{<p class="muted">{d().triageRunning}</p>}</Show>}>
          {(f) => {
            const r = f();
            if (r.state === 'unchanged') return <p class="muted">{d().triageUnchanged}</p>;
            if (r.state === 'unavailable') return <p class="muted">{d().triageUnavailable}</p>;
            const named = (code: string) => {
              const name = r.matterNames[code];
              return name ? nameOf(name) : matterName(code);
            };
            return (
              <>
                <p>{fill(d().triageSummary, { texts: r.texts, before: r.triageBefore, after: r.triageAfter, changed: r.changed })}</p>
                <ul>
                  <For each={r.added}>{(a) => <li>{fill(d().triageAdded, { matter: named(a.matterCode), cases: a.cases, fromTriage: a.fromTriage })}</li>}</For>
                  <For each={r.retired}>{(x) => <li>{fill(d().triageRetired, { matter: named(x.matterCode), cases: x.cases, toTriage: x.toTriage })}</li>}</For>
                </ul>
                <p class="muted">{fill(d().triageModel, { corrections: r.corrections })}</p>
              </>
            );
          }}
        </Show>
      </div>
    </Show>
  );
}

/** The office adopts: at once, or from a set time (cases arriving from then route by the new version). */
function Adoption(props: { detail: Detail; onDone: () => void }) {
  const d = () => t().drafts;
  const [reason, setReason] = createSignal('');
  const [scheduled, setScheduled] = createSignal(false);
  const [when, setWhen] = createSignal('');
  const adopt = createAction(async () => {
    await api.drafts.adopt.mutate({
      draftId: props.detail.draft.id,
      reason: reason(),
      ...(scheduled() && when() ? { effectiveAt: new Date(when()).toISOString() } : {}),
    });
    props.onDone();
  });
  const withdraw = createAction(async () => {
    await api.drafts.withdraw.mutate({ draftId: props.detail.draft.id });
    props.onDone();
  });
  return (
    <form
      class="card stack"
      aria-label={d().adoption}
      onSubmit={(e) => {
        e.preventDefault();
        void adopt.act();
      }}
    >
      <h2>{d().adoption}</h2>
      <label>
        {d().adoptReason}
        <textarea name="adoptReason" required minLength={4} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <fieldset class="inline-form">
        <legend>{d().effectiveAt}</legend>
        <label class="inline">
          <input type="radio" name="when" checked={!scheduled()} onChange={() => setScheduled(false)} />
          {d().atOnce}
        </label>
        <label class="inline">
          <input type="radio" name="when" value="scheduled" checked={scheduled()} onChange={() => setScheduled(true)} />
          {d().scheduled}
        </label>
        <Show when={scheduled()}>
          <input
            type="datetime-local"
            name="effectiveAt"
            aria-label={d().effectiveAt}
            required
            value={when()}
            onInput={(e) => setWhen(e.currentTarget.value)}
          />
        </Show>
      </fieldset>
      <p class="hint">{d().scheduledNote}</p>
      <div class="inline-form">
        <button type="submit" class="button" disabled={adopt.busy()}>
          {d().adopt}
        </button>
        <button type="button" class="button secondary" disabled={withdraw.busy()} onClick={() => void withdraw.act()}>
          {d().withdraw}
        </button>
      </div>
      <Show when={adopt.failure() ?? withdraw.failure()}>{(f) => <ErrorMessage failure={f()} />}</Show>
    </form>
  );
}
