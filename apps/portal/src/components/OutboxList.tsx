import { For, Show } from 'solid-js';
import { fill, formatTime, t } from '../i18n/index.ts';
import { outbox, outboxItems } from '../lib/outbox-browser.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * Resolutions on this phone that the server has not confirmed yet (or just confirmed): 待发送,
 * 发送中, 已发送, 失败 with the reason. `caseId` narrows it to one case (the case page).
 */
export function OutboxList(props: { caseId?: string }) {
  const f = () => t().field;
  const shown = () => outboxItems().filter((i) => !props.caseId || i.caseId === props.caseId);
  return (
    <Show when={shown().length > 0}>
      <div class="card outbox" data-testid="outbox" aria-live="polite">
        <h2>{f().outbox}</h2>
        <ul class="plain">
          <For each={shown()}>
            {(item) => (
              <li class={`outbox-item outbox-${item.state}`} data-state={item.state}>
                <div>
                  <span class={`badge outbox-state ${item.state}`}>{f().states[item.state]}</span>{' '}
                  {item.caseNumber > 0 ? fill(f().outboxItem, { number: item.caseNumber }) : f().outboxItemNoNumber}
                  <Show when={item.photos.length > 0}> · {fill(f().photosOf, { n: item.photos.length })}</Show>
                </div>
                <p class="hint">
                  {item.state === 'sent' && item.sentAt
                    ? fill(f().sentAt, { at: formatTime(item.sentAt) })
                    : fill(f().queuedAt, { at: formatTime(item.queuedAt) })}
                </p>
                <Show when={item.state === 'queued'}>
                  <p class="hint">{f().queuedNote}</p>
                </Show>
                <Show when={item.state === 'failed' && item.reason}>
                  <ErrorMessage failure={{ reason: item.reason ?? 'generic', params: item.params }} />
                </Show>
                <div class="outbox-buttons">
                  <Show when={item.state === 'failed'}>
                    <button type="button" class="button" onClick={() => void outbox.retry(item.key)}>
                      {f().retry}
                    </button>
                  </Show>
                  <Show when={item.state === 'failed' || item.state === 'sent'}>
                    <button type="button" class="button secondary" onClick={() => void outbox.discard(item.key)}>
                      {item.state === 'sent' ? f().dismiss : f().discard}
                    </button>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
