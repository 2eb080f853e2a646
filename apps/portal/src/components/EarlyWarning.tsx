import { For, Show, createResource } from 'solid-js';
import { fill, lang, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { countyName, domainName } from '../lib/reference.ts';
import { valueOf } from '../lib/resource.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export type ForecastQuery = Parameters<typeof api.command.forecast.query>[0];

const dayLabel = (day: string) =>
  new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { month: lang() === 'zh' ? 'numeric' : 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
const one = (x: number) => (Math.round(x * 10) / 10).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en');

/**
 * Early warning (预测预警) for coordinators and leadership: the busiest district × domain × day cells
 * of the next 7 days as sentences, and beside them the backtest of the same model, every figure as
 * the server computed it for the reader's dashboard scope.
 */
export function EarlyWarning(props: { query: ForecastQuery }) {
  const w = () => t().dashboard.warning;
  const [forecast] = createResource(
    () => props.query,
    (q) => api.command.forecast.query(q),
  );
  return (
    <section class="card early-warning" aria-labelledby="warning-title" data-section="early-warning">
      <h2 id="warning-title">{w().title}</h2>
      <Show when={forecast.error}>
        <ErrorMessage failure={failureOf(forecast.error)} />
      </Show>
      <Show when={valueOf(forecast)} fallback={<p aria-busy="true">{w().loading}</p>}>
        {(f) => (
          <>
            <p class="muted small">{fill(w().intro, { weeks: f().backtest.weeks })}</p>
            <div class="warning-body">
              <Show when={f().peaks.length > 0} fallback={<p class="muted">{w().none}</p>}>
                <ol class="warning-list">
                  <For each={f().peaks}>
                    {(p) => (
                      <li data-warning-cell={`${p.county}|${p.domain}|${p.day}`} classList={{ above: p.aboveUsual }}>
                        <span class="warning-line">
                          {fill(w().line, {
                            county: countyName(p.county),
                            domain: domainName(p.domain),
                            weekday: t().dashboard.weekdays[p.weekday - 1] ?? '',
                            date: dayLabel(p.day),
                            n: one(p.expected),
                          })}
                        </span>
                        <Show when={p.peak}>{(h) => <span class="warning-peak">{fill(w().peak, { from: h()[0], to: h()[1] })}</span>}</Show>
                        <span class={p.aboveUsual ? 'warning-above' : 'muted'}>{fill(p.aboveUsual ? w().above : w().usual, { usual: one(p.usual) })}</span>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
              <aside class="warning-backtest" aria-label={fill(w().backtest, { weeks: f().backtest.weeks, cells: f().backtest.cellDays })}>
                <h3>{fill(w().backtest, { weeks: f().backtest.weeks, cells: f().backtest.cellDays.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en') })}</h3>
                <dl>
                  <div>
                    <dt>{w().hitRate}</dt>
                    <dd data-backtest="hit-rate">{(f().backtest.top10HitRate * 100).toFixed(1)}%</dd>
                  </div>
                  <div>
                    <dt>{w().mae}</dt>
                    <dd data-backtest="mae">{fill(w().maeValue, { mae: f().backtest.mae.toFixed(2) })}</dd>
                  </div>
                </dl>
                <p class="muted small">{fill(w().baseline, { mae: f().backtest.baselineMae.toFixed(2) })}</p>
              </aside>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
