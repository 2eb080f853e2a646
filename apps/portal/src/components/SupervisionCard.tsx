import { For, Show } from 'solid-js';
import type { CaseView } from '@gongzhi/domain';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { actorText } from '../lib/words.ts';
import { myInboxes } from '../lib/session.ts';
import { answerButton, assignButton, ButtonRow, oversee, type Button } from './TaskActions.tsx';

/**
 * Supervision on the case page: who works it, reminders (催办), supervision orders (督办) with their
 * deadlines and answers, comments; and the actions the user may take (the server decides each).
 */
export function SupervisionCard(props: { caseId: string; view: CaseView; people: Record<string, string>; onDone: () => void }) {
  const v = () => props.view;
  const name = (username: string | null | undefined) => (username ? actorText(username, props.people[username]) : t().supervision.nobody);
  const open = () => v().state !== 'closed';
  const holds = () => myInboxes().includes(v().holder);
  const buttons = (): Button[] => [
    ...(open() ? oversee(props.caseId) : []),
    ...(open() ? assignButton(props.caseId, v().holder) : []),
    ...(open() && holds() && v().supervisionOrders.some((o) => o.answeredAt === null) ? answerButton(props.caseId) : []),
    {
      label: t().supervision.comment,
      ask: {
        title: t().supervision.commentTitle,
        label: t().supervision.text,
        submit: t().common.submit,
        run: (text) => api.case.comment.mutate({ caseId: props.caseId, text }),
      },
    },
  ];
  return (
    <div class="card" data-testid="supervision">
      <h2>{t().supervision.title}</h2>
      <dl class="facts">
        <dt>{t().supervision.assignee}</dt>
        <dd data-user={v().assignee ? '' : undefined}>{name(v().assignee)}</dd>
      </dl>
      <p class="muted">{fill(t().supervision.counts, { reminders: v().reminders, orders: v().supervisionOrders.length })}</p>
      <ul class="plain">
        <Show when={v().reminder}>
          {(r) => (
            <li class="warn-line">
              {fill(t().supervision.reminder, { at: formatTime(r().at) })} · <span data-user>{name(r().by)}</span>: <span data-user>{r().note}</span>
            </li>
          )}
        </Show>
        <For each={v().supervisionOrders}>
          {(o) => (
            <li data-order={o.n}>
              {fill(t().supervision.order, { n: o.n, at: formatTime(o.at), dueBy: formatTime(o.dueBy) })} · <span data-user>{name(o.by)}</span>:{' '}
              <span data-user>{o.note}</span>
              <Show
                when={o.answeredAt}
                fallback={
                  <Show when={o.overdue}>
                    {' '}
                    <span class="badge escalated">{t().supervision.overdue}</span>
                  </Show>
                }
              >
                {(at) => (
                  <p class="hint">
                    {fill(t().supervision.answered, { at: formatTime(at()) })}: <span data-user>{o.answer}</span>
                  </p>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={v().comments.length > 0}>
        <h3>{t().supervision.comments}</h3>
        <ul class="plain">
          <For each={v().comments}>
            {(c) => (
              <li>
                <time>{formatTime(c.at)}</time> <span data-user>{name(c.by)}</span>: <span data-user>{c.text}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ButtonRow buttons={buttons()} onDone={props.onDone} />
    </div>
  );
}
