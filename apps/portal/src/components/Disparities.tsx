import { For, Show, createResource } from 'solid-js';
import { A } from '@solidjs/router';
import { fill, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { cityName, matterName } from '../lib/reference.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/** An outcome key of the 同案不同罚 watch (`fine:300`, `warning`) in words. */
function outcomeText(outcome: string): string {
  const e = t().enforcement;
  const [measure, amount] = outcome.split(':');
  if (measure === 'fine') return fill(e.outcomeFine, { amount: amount ?? '0' });
  const measures: Partial<Record<string, string>> = e.measures;
  return measures[measure ?? ''] ?? '—';
}

/** 同案不同罚: same matter and severity, different outcomes, among the cases the reader may see. */
export function Disparities() {
  const [data] = createResource(() => api.enforcement.disparities.query({}));
  const e = () => t().enforcement;
  return (
    <div class="card" data-testid="disparities">
      <h2>{e().disparities}</h2>
      <p class="hint">{e().disparitiesHint}</p>
      <Show when={data.error}>
        <ErrorMessage failure={failureOf(data.error)} />
      </Show>
      <Show when={valueOf(data)}>
        {(groups) => (
          <Show when={groups().length > 0} fallback={<p class="muted">{e().noDisparities}</p>}>
            <ul class="plain">
              <For each={groups()}>
                {(g) => (
                  <li>
                    <strong>
                      {cityName(g.cityAdcode)} · {matterName(g.matterCode)} · {e().severities[g.severity]} ·{' '}
                      {g.firstOffence ? e().firstOffenceYes : e().firstOffenceNo}
                    </strong>
                    <ul class="plain">
                      <For each={g.outcomes}>
                        {(o, i) => (
                          <li>
                            {outcomeText(o.outcome)}:
                            <For each={o.caseIds}>
                              {(id, j) => (
                                <>
                                  {' '}
                                  <A href={`/cases/${id}`}>#{g.caseNumbers[i()]?.[j()] ?? ''}</A>
                                </>
                              )}
                            </For>
                          </li>
                        )}
                      </For>
                    </ul>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </div>
  );
}
