import { For, Show } from 'solid-js';
import type { CaseView } from '@gongzhi/domain';
import { fill, fillNodes, formatTime, t } from '../i18n/index.ts';
import { actorText } from '../lib/words.ts';
import { formatDuration } from '../lib/clock.ts';
import { Countdown } from './Countdown.tsx';

/** A case's resolution deadline (处置时限): the limit, the deadline as extended, extension requests and any suspension. */
export function ResolutionDeadline(props: { view: CaseView; people: Record<string, string> }) {
  const d = () => t().deadline;
  const v = () => props.view;
  // Who asked or decided, by display name; what they wrote, as theirs.
  const who = (username: string) => <span data-user={props.people[username] ? '' : undefined}>{actorText(username, props.people[username])}</span>;
  const theirs = (text: string) => <span data-user>{text}</span>;
  return (
    <div class="card" data-testid="resolution-deadline">
      <h2>{d().title}</h2>
      <dl class="facts">
        <dt>{d().limit}</dt>
        <dd>{fill(d().limitValue[v().resolutionLimit.unit], { n: v().resolutionLimit.amount })}</dd>
        <dt>{d().resolveBy}</dt>
        <dd>
          <Show when={v().resolveBy} fallback={d().notClaimed}>
            {(by) => (
              <>
                {formatTime(by())}{' '}
                <Show when={v().state === 'claimed' || v().state === 'inProgress'}>
                  <Countdown dueAt={by()} />
                </Show>
                <Show when={v().state === 'suspended'}>
                  <span class="badge">{d().stopped}</span>
                </Show>
                <Show when={v().resolvedOnTime !== null}>
                  <span class={v().resolvedOnTime ? 'badge ok' : 'badge warn'}>{v().resolvedOnTime ? d().onTime : d().late}</span>
                </Show>
              </>
            )}
          </Show>
        </dd>
        <Show when={v().suspendedMs > 0}>
          <dt>{d().suspendedFor}</dt>
          <dd>{formatDuration(v().suspendedMs, t().common.day)}</dd>
        </Show>
      </dl>
      <Show when={v().suspension}>
        {(s) => (
          <p data-testid="suspension">
            {fillNodes(d().suspension, { since: formatTime(s().since), reason: theirs(s().reason), reviewAt: formatTime(s().reviewAt) })}
            <Show when={s().reviewDue}>
              {' '}
              <span class="badge warn">{d().reviewDue}</span>
            </Show>
          </p>
        )}
      </Show>
      <Show when={v().pendingSuspension}>
        {(p) => <p>{fillNodes(d().pendingSuspension, { by: who(p().requestedBy), reason: theirs(p().reason), reviewAt: formatTime(p().reviewAt) })}</p>}
      </Show>
      <Show when={v().pendingExtension || v().extensions.length > 0}>
        <h3>{d().extension}</h3>
        <ul class="plain">
          <Show when={v().pendingExtension}>
            {(p) => (
              <li data-testid="pending-extension">
                {fillNodes(d().pendingExtension, {
                  by: who(p().requestedBy),
                  until: formatTime(p().until),
                  reason: theirs(p().reason),
                  decideBy: formatTime(p().decideBy),
                })}
              </li>
            )}
          </Show>
          <For each={[...v().extensions].reverse()}>
            {(e) => (
              <li>
                {fillNodes(e.approved ? d().extensionApproved : d().extensionRefused, {
                  by: who(e.decidedBy),
                  until: formatTime(e.until),
                  reason: theirs(e.reason),
                })}
                <Show when={e.note}> — {theirs(e.note)}</Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
