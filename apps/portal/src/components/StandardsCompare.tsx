import { For, Show } from 'solid-js';
import { legalBasisText } from '../lib/words.ts';
import { fill, t } from '../i18n/index.ts';
import { cityName } from '../lib/reference.ts';
import { lang } from '../i18n/index.ts';
import type { api } from '../lib/trpc.ts';

type Comparison = Awaited<ReturnType<typeof api.standards.compare.query>>['comparisons'][number];

const money = (range: readonly [number, number]) => fill(t().standards.yuan, { min: range[0], max: range[1] });

/** One matter's standards, one column per city, with the conflicts named above. */
export function StandardsCompare(props: { comparison: Comparison }) {
  const c = () => props.comparison;
  return (
    <div class={c().conflicts.length > 0 ? 'standards conflict' : 'standards'}>
      <p class="conflicts">
        <Show when={c().conflicts.length > 0} fallback={<span class="badge ok">{t().standards.noConflict}</span>}>
          <For each={c().conflicts}>{(k) => <span class="badge conflict-badge">{t().standards.conflicts[k]}</span>}</For>
        </Show>
      </p>
      <div class="standards-cols" style={{ '--cols': String(c().standards.length) }}>
        <For each={c().standards}>
          {(s) => (
            <div class={`standard policy-${s.policy}`} data-city={s.cityAdcode}>
              <h4>{cityName(s.cityAdcode)}</h4>
              <p>
                <span class={`badge policy ${s.policy}`}>{t().standards.policy[s.policy]}</span>
              </p>
              <p class="conditions">{s.conditions[lang()]}</p>
              <p class="hint">
                {t().standards.fines}: {s.fines ? `${money(s.fines.minor)} / ${money(s.fines.ordinary)} / ${money(s.fines.serious)}` : t().standards.noFine}
              </p>
              <Show when={s.firstOffenceNoPenalty}>
                <p class="hint">✓ {t().standards.firstOffence}</p>
              </Show>
              <p class="hint">
                {fill(t().standards.effective, { date: s.effectiveFrom })} · {legalBasisText(s.source)}
              </p>
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
