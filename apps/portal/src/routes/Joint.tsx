import { A, useParams } from '@solidjs/router';
import { For, Show, createMemo, createResource, onCleanup } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { onInboxChange } from '../lib/live.ts';
import { valueOf } from '../lib/resource.ts';
import { unitName } from '../lib/reference.ts';
import { hasRole, myInboxes } from '../lib/session.ts';
import { Countdown } from '../components/Countdown.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TaskActions } from '../components/TaskActions.tsx';
import { inboxLabels } from './Inbox.tsx';
import { flowOf } from '../lib/workflows.ts';

/** A joint enforcement action (联合执法): each department's co-sign and deadline, parts reported, closure. */
export default function Joint() {
  const params = useParams<{ caseId: string; workflowId: string }>();
  const [data, { refetch }] = createResource(
    () => params.caseId,
    (caseId) => api.case.get.query({ caseId }),
  );
  onCleanup(onInboxChange((change) => (change.resync || change.cases.includes(params.caseId)) && void refetch()));
  const loaded = () => valueOf(data);
  const flow = () => flowOf(loaded()?.workflows, 'joint', params.workflowId);
  const ctx = () => flow()?.view;
  const myTasks = createMemo(() => (loaded()?.tasks ?? []).filter((task) => task.workflowId === params.workflowId && myInboxes().includes(task.inbox)));
  const labels = inboxLabels();
  const coordinator = () => {
    const city = ctx()?.cityAdcode;
    return city ? hasRole('coordinator', city) : false;
  };

  return (
    <section aria-labelledby="joint-title">
      <Show when={data.error}>
        <ErrorMessage failure={failureOf(data.error)} />
      </Show>
      <Show when={loaded() && !flow()}>
        <p class="notice">{t().joint.notFound}</p>
      </Show>
      <Show when={ctx()}>
        {(c) => (
          <>
            <div class="page-head">
              <h1 id="joint-title">
                {t().joint.title} · <A href={`/cases/${params.caseId}`}>{fill(t().case.title, { number: loaded()?.case.number ?? '' })}</A>
              </h1>
              <span class="badge state" data-testid="joint-state">
                {t().flowState[c().state]}
              </span>
            </div>
            <div class="card">
              <dl class="facts">
                <dt>{t().joint.action}</dt>
                <dd data-user>{c().action}</dd>
                <dt>{t().joint.scheduledFor}</dt>
                <dd>{formatTime(c().scheduledFor)}</dd>
                <dt>{t().joint.lead}</dt>
                <dd>{unitName(c().lead, labels)}</dd>
                <Show when={c().leadReport}>
                  <dt>{t().joint.report}</dt>
                  <dd>{c().leadReport}</dd>
                </Show>
                <Show when={c().summary}>
                  <dt>{t().joint.summary}</dt>
                  <dd data-user>{c().summary}</dd>
                </Show>
              </dl>
              <div class="table-scroll">
                <table class="simple parts">
                  <thead>
                    <tr>
                      <th scope="col">{t().joint.unit}</th>
                      <th scope="col">{t().joint.status}</th>
                      <th scope="col">{t().joint.due}</th>
                      <th scope="col">{t().joint.report}</th>
                      <th scope="col">{t().joint.closure}</th>
                      <Show when={coordinator()}>
                        <th scope="col" />
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={Object.entries(c().parts)}>
                      {([unit, part]) => (
                        <tr data-unit={unit}>
                          <th scope="row">{unitName(unit, labels)}</th>
                          <td>
                            <span class={`badge cosign-${part.cosign}`}>{t().joint.cosign[part.cosign]}</span>
                            <Show when={part.reason}>
                              <p class="hint" data-user>
                                {part.reason}
                              </p>
                            </Show>
                          </td>
                          <td>
                            <Show when={part.cosign === 'pending'} fallback={formatTime(part.dueAt)}>
                              <Countdown dueAt={part.dueAt} />
                            </Show>
                          </td>
                          <td data-user>{part.report ?? '—'}</td>
                          <td>{part.closureSigned ? t().joint.signed : t().joint.notSigned}</td>
                          <Show when={coordinator()}>
                            <td>
                              <Show when={part.cosign === 'declined' || part.cosign === 'missed'}>
                                <button
                                  type="button"
                                  class="button small"
                                  onClick={() => void api.joint.order.mutate({ workflowId: params.workflowId, unit }).then(() => refetch())}
                                >
                                  {t().joint.order}
                                </button>
                              </Show>
                            </td>
                          </Show>
                        </tr>
                      )}
                    </For>
                    <tr data-unit={c().lead}>
                      <th scope="row">{unitName(c().lead, labels)}</th>
                      <td>
                        <span class="badge lead">{t().matrix.lead}</span>
                      </td>
                      <td>—</td>
                      <td>{c().leadReport ?? '—'}</td>
                      <td>{c().leadClosureSigned ? t().joint.signed : t().joint.notSigned}</td>
                      <Show when={coordinator()}>
                        <td />
                      </Show>
                    </tr>
                  </tbody>
                </table>
              </div>
            </div>
            <div class="card">
              <h2>{t().case.myTasks}</h2>
              <Show when={myTasks().length > 0} fallback={<p class="muted">{t().case.noTasks}</p>}>
                <For each={myTasks()}>
                  {(task) => (
                    <div class="task-line">
                      <span>{t().taskAction[task.action]}</span>
                      <TaskActions
                        task={{
                          kind: 'joint',
                          workflowId: task.workflowId,
                          caseId: params.caseId,
                          action: task.action,
                          inbox: task.inbox,
                          matterCode: loaded()?.case.matterCode ?? null,
                        }}
                        onDone={() => void refetch()}
                      />
                    </div>
                  )}
                </For>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
