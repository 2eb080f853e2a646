import { For, Show, createResource } from 'solid-js';
import type { CaseView } from '@gongzhi/domain';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { hasRole } from '../lib/session.ts';
import { ButtonRow, approveEnforcement } from './TaskActions.tsx';
import { deviationText } from './ResolveDialog.tsx';

/**
 * A case's enforcement record (执法记录): the measure, the subject, how it departs from the
 * discretion standard (in words), and the supervisor's approval; while a record outside the
 * standard waits, the unit's supervisor approves it with a reason or sends it back here.
 */
export function EnforcementCard(props: { caseId: string; view: CaseView; people: Record<string, string>; onDone: () => void }) {
  const [data, { refetch }] = createResource(
    () => ({ caseId: props.caseId, v: props.view.enforcementDecisions.length, pending: props.view.enforcementApproval?.requestedAt ?? '' }),
    (input) => api.enforcement.forCase.query({ caseId: input.caseId }),
  );
  const e = () => t().enforcement;
  const who = (username: string) => props.people[username] ?? username;
  const record = () => valueOf(data)?.record ?? null;
  const done = () => {
    void refetch();
    props.onDone();
  };
  return (
    <Show when={record() || props.view.enforcementApproval}>
      <div class="card" data-testid="enforcement-record">
        <h2>{e().title}</h2>
        <Show when={record()}>
          {(r) => (
            <>
              <dl class="facts">
                <dt>{e().measure}</dt>
                <dd>
                  {r().measure === 'fine' ? fill(e().outcomeFine, { amount: r().fineAmount ?? 0 }) : e().measures[r().measure]}
                  <Show when={r().detainedItems.length > 0}>:{r().detainedItems.join('、')}</Show>
                </dd>
                <dt>{e().severity}</dt>
                <dd>
                  {e().severities[r().severity]} · {r().firstOffence ? e().firstOffenceYes : e().firstOffenceNo}
                </dd>
                <dt>{e().subject}</dt>
                <dd data-user>
                  {r().subject.name}
                  <Show when={creditCodeOf(r().subject)}>{(code) => <> · {code()}</>}</Show>
                </dd>
              </dl>
              <p class="hint">{fill(e().recordedBy, { by: who(r().recordedBy), at: formatTime(r().recordedAt) })}</p>
              <div class={r().deviations.length > 0 ? 'enforcement-check deviates' : 'enforcement-check'} data-testid="enforcement-deviations">
                <Show when={r().deviations.length > 0} fallback={<p>{e().compliant}</p>}>
                  <ul class="plain">
                    <For each={r().deviations}>{(d) => <li>{deviationText(d)}</li>}</For>
                  </ul>
                </Show>
              </div>
            </>
          )}
        </Show>
        <Show when={props.view.enforcementApproval}>
          {(p) => (
            <>
              <p class="warn-text">{fill(e().pending, { by: who(p().requestedBy), at: formatTime(p().requestedAt) })}</p>
              <Show when={hasRole('supervisor')}>
                <ButtonRow buttons={approveEnforcement(props.caseId)} onDone={done} />
              </Show>
            </>
          )}
        </Show>
        <ul class="plain">
          <For each={props.view.enforcementDecisions}>
            {(d) => <li data-user>{fill(d.approved ? e().approved : e().refused, { by: who(d.decidedBy), reason: d.reason })}</li>}
          </For>
        </ul>
      </div>
    </Show>
  );
}

const creditCodeOf = (subject: { kind: 'person'; name: string } | { kind: 'business'; name: string; creditCode: string | null }) =>
  subject.kind === 'business' ? subject.creditCode : null;
