import { For, Show } from 'solid-js';
import type { CaseView } from '@gongzhi/domain';
import { fill, formatTime, t } from '../i18n/index.ts';
import { formatDuration } from '../lib/clock.ts';
import { Countdown } from './Countdown.tsx';

/** A case's resolution deadline (处置时限): the limit, the deadline as extended, extension requests and any suspension. */
export function ResolutionDeadline(props: { view: CaseView }) {
  const d = () => t().deadline;
  const v = () => props.view;
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
            {fill(d().suspension, { since: formatTime(s().since), reason: s().reason, reviewAt: formatTime(s().reviewAt) })}
            <Show when={s().reviewDue}>
              {' '}
              <span class="badge warn">{d().reviewDue}</span>
            </Show>
          </p>
        )}
      </Show>
      <Show when={v().pendingSuspension}>
        {(p) => <p>{fill(d().pendingSuspension, { by: p().requestedBy, reason: p().reason, reviewAt: formatTime(p().reviewAt) })}</p>}
      </Show>
      <Show when={v().pendingExtension || v().extensions.length > 0}>
        <h3>{d().extension}</h3>
        <ul class="plain">
          <Show when={v().pendingExtension}>
            {(p) => (
              <li data-testid="pending-extension">
                {fill(d().pendingExtension, { by: p().requestedBy, until: formatTime(p().until), reason: p().reason, decideBy: formatTime(p().decideBy) })}
              </li>
            )}
          </Show>
          <For each={[...v().extensions].reverse()}>
            {(e) => (
              <li>
                {fill(e.approved ? d().extensionApproved : d().extensionRefused, { by: e.decidedBy, until: formatTime(e.until), reason: e.reason })}
                <Show when={e.note}> — {e.note}</Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
