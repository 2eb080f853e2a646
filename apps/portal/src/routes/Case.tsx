import { A, useParams } from '@solidjs/router';
import { For, Show, createMemo, createResource, createSignal, lazy, onCleanup } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { onInboxChange } from '../lib/live.ts';
import { valueOf } from '../lib/resource.ts';
import { actorText, legalBasisText } from '../lib/words.ts';
import { cityName, countyName, matterName, unitName } from '../lib/reference.ts';
import { myInboxes } from '../lib/session.ts';
import { formatDuration } from '../lib/clock.ts';
import { Countdown } from '../components/Countdown.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { DepartmentChecks } from '../components/DepartmentChecks.tsx';
import { StandardsCompare } from '../components/StandardsCompare.tsx';
import { TaskActions } from '../components/TaskActions.tsx';
import { ResolutionDeadline } from '../components/ResolutionDeadline.tsx';
import { SupervisionCard } from '../components/SupervisionCard.tsx';
import { Attachments } from '../components/Attachments.tsx';
import { EnforcementCard } from '../components/EnforcementCard.tsx';
import { RegistersCard } from '../components/RegistersCard.tsx';
import { OutboxList } from '../components/OutboxList.tsx';
import { WhereAmI } from '../components/WhereAmI.tsx';
import { inboxLabels } from './Inbox.tsx';
import { flowOf, stateText } from '../lib/workflows.ts';

const CityMap = lazy(() => import('../components/CityMap.tsx'));

/** One case: why it is where it is, what I can do on it, where it is, who held it how long, and what happened. */
export default function Case() {
  const params = useParams<{ id: string }>();
  const [data, { refetch }] = createResource(
    () => params.id,
    (caseId) => api.case.get.query({ caseId }),
  );
  onCleanup(onInboxChange((change) => (change.resync || change.cases.includes(params.id)) && void refetch()));
  const loaded = () => valueOf(data);
  const c = () => loaded()?.case;
  const caseFlow = () => flowOf(loaded()?.workflows, 'case')?.view;
  const mine = createMemo(() => (loaded()?.tasks ?? []).filter((task) => myInboxes().includes(task.inbox)));
  const cities = () => {
    const x = c();
    return x ? [...new Set([x.cityAdcode, ...x.borderCities, ...(x.reportedIn ? [x.reportedIn] : [])])] : [];
  };
  const [standards] = createResource(
    () => {
      const matterCode = c()?.matterCode;
      return matterCode && cities().length > 1 ? { matterCode, cities: cities() } : null;
    },
    (input) => (input ? api.standards.compare.query(input) : undefined),
  );
  const [matter] = createResource(
    () => {
      const x = c();
      return x?.matterCode ? { code: x.matterCode, version: x.matrixVersion ?? undefined } : null;
    },
    (input) => (input ? api.matrix.matter.query(input) : undefined),
  );
  const [proposing, setProposing] = createSignal(false);
  const labels = inboxLabels();

  return (
    <section aria-labelledby="case-title" class="case-page">
      <Show when={data.error}>
        <ErrorMessage failure={failureOf(data.error)} />
      </Show>
      <Show
        when={loaded()}
        fallback={
          <Show when={!data.error}>
            <p aria-busy="true">{t().common.loading}</p>
          </Show>
        }
      >
        {(d) => {
          const x = () => d().case;
          return (
            <>
              <div class="page-head">
                <h1 id="case-title">{fill(t().case.title, { number: x().number })}</h1>
                <span class={`badge state state-${x().state}`}>{t().caseState[x().state]}</span>
                <Show when={x().tier}>{(tier) => <span class="badge">{t().tier[tier()]}</span>}</Show>
                <Show when={caseFlow()?.transferLocked}>
                  <span class="badge warn" data-testid="transfer-locked">
                    {t().case.transferLocked}
                  </span>
                </Show>
              </div>
              <div class="case-layout">
                <div class="case-main">
                  <div class="card">
                    <h2>{t().case.description}</h2>
                    <p class="complaint" data-user>
                      {x().description}
                    </p>
                    <dl class="facts">
                      <Show when={x().address}>
                        <dt>{t().case.address}</dt>
                        <dd data-user>{x().address}</dd>
                      </Show>
                      <dt>{t().case.source}</dt>
                      <dd>{t().case.sources[x().source]}</dd>
                      <dt>{t().case.createdAt}</dt>
                      <dd>{formatTime(x().createdAt)}</dd>
                      <Show when={x().reporter}>
                        {(r) => (
                          <>
                            <dt>{t().case.reporter}</dt>
                            <dd data-user>
                              {r().name ?? '—'} {r().phone ?? ''}
                            </dd>
                          </>
                        )}
                      </Show>
                      <Show when={caseFlow()?.resolution}>
                        {(resolution) => (
                          <>
                            <dt>{t().case.resolution}</dt>
                            <dd data-user>{resolution()}</dd>
                          </>
                        )}
                      </Show>
                    </dl>
                  </div>

                  <Show when={d().repeatOf || d().repeats.length > 0}>
                    <div class="card" data-testid="repeats">
                      <h2>{t().repeats.list}</h2>
                      <Show when={d().repeatOf}>
                        {(o) => (
                          <p>
                            <A href={`/cases/${o().id}`}>{fill(t().repeats.of, { number: o().number })}</A>
                          </p>
                        )}
                      </Show>
                      <ul class="plain">
                        <For each={d().repeats}>
                          {(r) => (
                            <li>
                              <A href={`/cases/${r.id}`}>#{r.number}</A> · {formatTime(r.createdAt)} · {t().caseState[r.state]}
                            </li>
                          )}
                        </For>
                      </ul>
                    </div>
                  </Show>

                  <div class="card">
                    <h2>{t().case.myTasks}</h2>
                    <Show when={d().works && mine().length > 0}>
                      <WhereAmI lon={x().lon} lat={x().lat} />
                    </Show>
                    <Show when={mine().length > 0} fallback={<p class="muted">{t().case.noTasks}</p>}>
                      <ul class="plain tasks">
                        <For each={mine()}>
                          {(task) => (
                            <li class="task-line">
                              <span>
                                <span class="badge">{t().taskRole[task.role]}</span>
                                {t().taskAction[task.action]} <Countdown dueAt={task.dueAt} warnAt={task.warnAt} />
                              </span>
                              <TaskActions
                                task={{
                                  kind: task.kind,
                                  workflowId: task.workflowId,
                                  caseId: x().id,
                                  caseNumber: x().number,
                                  action: task.action,
                                  inbox: task.inbox,
                                  matterCode: x().matterCode,
                                  caseState: x().state,
                                  transferLocked: caseFlow()?.transferLocked ?? false,
                                  escalation: task.escalation,
                                }}
                                onDone={() => void refetch()}
                              />
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                    <Show when={caseFlow()?.holder}>
                      {(holder) => (
                        <>
                          <Show when={myInboxes().includes(holder()) && ['claimed', 'inProgress'].includes(x().state)}>
                            <button type="button" class="button small secondary" onClick={() => setProposing(true)}>
                              {t().case.proposeJoint}
                            </button>
                          </Show>
                          <Show when={proposing()}>
                            <ProposeJoint caseId={x().id} holder={holder()} onDone={() => void refetch()} onClose={() => setProposing(false)} />
                          </Show>
                        </>
                      )}
                    </Show>
                  </div>

                  <OutboxList caseId={x().id} />

                  <Show when={caseFlow()}>{(view) => <ResolutionDeadline view={view()} people={d().people} />}</Show>

                  <Show when={caseFlow()}>{(view) => <EnforcementCard caseId={x().id} view={view()} people={d().people} onDone={() => void refetch()} />}</Show>

                  <Show when={caseFlow()}>{(view) => <SupervisionCard caseId={x().id} view={view()} people={d().people} onDone={() => void refetch()} />}</Show>
                  <Attachments caseId={x().id} files={d().attachments} works={d().works} open={x().state !== 'closed'} onChange={() => void refetch()} />
                  <RegistersCard
                    caseId={x().id}
                    cityAdcode={x().cityAdcode}
                    files={d().attachments}
                    mayAsk={d().works && x().state !== 'closed'}
                    onFilesChange={() => void refetch()}
                  />

                  <div class="card">
                    <h2>{t().case.why}</h2>
                    <dl class="facts">
                      <dt>{t().case.matter}</dt>
                      <dd>
                        <Show when={x().matterCode} fallback={t().inbox.unrouted}>
                          <A href={`/matrix?matter=${x().matterCode}`}>
                            {x().matterCode} {matterName(x().matterCode)}
                          </A>
                        </Show>
                      </dd>
                      <Show when={matter()}>
                        {(m) => (
                          <>
                            <dt>{t().case.legalBasis}</dt>
                            <dd>{legalBasisText(m().legalBasis)}</dd>
                          </>
                        )}
                      </Show>
                      <dt>{t().case.matrixVersion}</dt>
                      <dd>{x().matrixVersion ?? '—'}</dd>
                      <dt>{t().case.holder}</dt>
                      <dd>{unitName(x().holderUnit, labels)}</dd>
                      <Show when={caseFlow()}>
                        {(flow) => (
                          <>
                            <dt>{t().case.supports}</dt>
                            <dd>
                              {flow()
                                .supports.map((s) => unitName(s, labels))
                                .join('、') || t().common.none}
                            </dd>
                          </>
                        )}
                      </Show>
                      <dt>{t().case.city}</dt>
                      <dd>{cityName(x().cityAdcode)}</dd>
                      <dt>{t().case.county}</dt>
                      <dd>{countyName(x().countyAdcode)}</dd>
                      <Show when={x().reportedIn && x().reportedIn !== x().cityAdcode}>
                        <dt>{t().case.reportedIn}</dt>
                        <dd>{cityName(x().reportedIn)}</dd>
                      </Show>
                      <dt>{t().case.border}</dt>
                      <dd data-testid="border-cities">
                        {x()
                          .borderCities.map((b) => cityName(b))
                          .join('、') || t().case.noBorder}
                      </dd>
                    </dl>
                  </div>

                  <Show when={standards()?.comparisons[0]}>
                    {(comparison) => (
                      <div class="card" data-testid="case-standards">
                        <h2>
                          {t().case.standards} · {matterName(x().matterCode)}
                        </h2>
                        <StandardsCompare comparison={comparison()} />
                      </div>
                    )}
                  </Show>

                  <div class="card">
                    <h2>{t().case.workflows}</h2>
                    <ul class="plain">
                      <For each={d().workflows}>
                        {(w) => (
                          <li>
                            <span class="badge">{t().case.kinds[w.kind]}</span> {stateText(w)}
                            <Show when={w.kind === 'joint'}>
                              {' '}
                              <A href={`/cases/${x().id}/joint/${w.id}`}>{t().actions.openJoint}</A>
                            </Show>
                            <Show when={w.kind === 'dispute'}>
                              {' '}
                              <A href="/disputes">{t().actions.openDesk}</A>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </div>
                </div>

                <div class="case-side">
                  <div class="card">
                    <h2>{t().case.map}</h2>
                    <CityMap cities={cities()} point={[x().lon, x().lat]} home={x().cityAdcode} county={x().countyAdcode} />
                  </div>
                  <div class="card">
                    <h2>{t().case.timeHeld}</h2>
                    <table class="simple">
                      <tbody>
                        <For each={d().timeHeld}>
                          {(h) => (
                            <tr>
                              <th scope="row">{unitName(h.unit, labels)}</th>
                              <td>
                                {formatDuration(h.ms, t().common.day)}{' '}
                                <Show when={h.current}>
                                  <span class="badge lead">{t().case.current}</span>
                                </Show>
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                  <div class="card">
                    <h2>{t().case.timeline}</h2>
                    <ol class="timeline">
                      <For each={d().timeline}>
                        {(e) => (
                          <li>
                            <time>{formatTime(e.at)}</time> <strong>{describeAction(e.action)}</strong>
                            <span class="muted">
                              {' '}
                              <span data-user={e.actorName ? '' : undefined}>{actorText(e.actor, e.actorName)}</span>
                              {e.unit ? ` · ${unitName(e.unit, labels)}` : ''}
                            </span>
                            <Show when={textOf(e.payload)}>
                              {(txt) => (
                                <p class="hint" data-user>
                                  {txt()}
                                </p>
                              )}
                            </Show>
                          </li>
                        )}
                      </For>
                    </ol>
                  </div>
                </div>
              </div>
            </>
          );
        }}
      </Show>
    </section>
  );
}

/** `case.CLAIM` → 案件 · 签收 (the workflow kind and the event, in the current language). */
function describeAction(action: string): string {
  const [kind = '', type = ''] = action.split('.');
  const kinds: Partial<Record<string, string>> = t().case.kinds;
  const verbs: Partial<Record<string, string>> = t().timeline.verbs;
  return `${kinds[kind] ?? kind} · ${verbs[type] ?? type}`;
}

const textOf = (payload: unknown): string | null => {
  const p = payload as Record<string, unknown> | null;
  const v = p?.note ?? p?.reason ?? p?.text ?? p?.reasons ?? p?.summary ?? p?.description;
  return typeof v === 'string' ? v : null;
};

function ProposeJoint(props: { caseId: string; holder: string; onDone: () => void; onClose: () => void }) {
  const [co, setCo] = createSignal<string[]>([]);
  const [action, setAction] = createSignal('');
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  const [when, setWhen] = createSignal(new Date(tomorrow.getTime() + 8 * 3_600_000).toISOString().slice(0, 16));
  const mine = props.holder.split(':')[1];
  return (
    <Dialog
      title={t().case.proposeJoint}
      submitLabel={t().case.propose}
      onSubmit={() =>
        api.joint.propose
          .mutate({ caseId: props.caseId, coDepartments: co() as never, action: action(), scheduledFor: new Date(`${when()}:00+08:00`).toISOString() })
          .then(props.onDone)
      }
      onClose={props.onClose}
    >
      <DepartmentChecks legend={t().case.coDepartments} name="co" except={mine} selected={co()} onChange={setCo} />
      <label>
        {t().case.jointAction}
        <textarea required rows={3} maxLength={2000} name="action" value={action()} onInput={(e) => setAction(e.currentTarget.value)} />
      </label>
      <label>
        {t().case.scheduledFor}
        <input type="datetime-local" required name="scheduledFor" value={when()} onInput={(e) => setWhen(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}
