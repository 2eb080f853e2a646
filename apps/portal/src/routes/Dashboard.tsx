import { A } from '@solidjs/router';
import { For, Show, Suspense, createMemo, createResource, createSignal, lazy } from 'solid-js';
import type { DrillPart, FigureGroup, IndicatorCode } from '@gongzhi/domain';
import { periodOf, previousPeriod, type Period, type PeriodKind } from '@gongzhi/domain/period';
import { fill, formatTime, lang, nameOf, t } from '../i18n/index.ts';
import { formatValue } from '../lib/figures.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { cityName, countyName, domainName, grid, matterName, reference, unitName } from '../lib/reference.ts';
import { hasRole, principal } from '../lib/session.ts';
import { valueOf } from '../lib/resource.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { EarlyWarning, type ForecastQuery } from '../components/EarlyWarning.tsx';

// The charts (ECharts) are their own chunk, loaded once the tiles are on screen.
const DashboardCharts = lazy(() => import('../components/DashboardCharts.tsx'));

export type DashboardQuery = Parameters<typeof api.command.tiles.query>[0];
type Tiles = Awaited<ReturnType<typeof api.command.tiles.query>>;
export type Tile = Tiles['tiles'][number];
export interface Drill {
  code: IndicatorCode;
  part: DrillPart;
  group?: { kind: FigureGroup; key: string } | undefined;
  /** the period drilled (a trend point drills its own month) */
  period: string;
  /** what was selected, as shown above the list */
  what: string;
  /** a lower-is-better rate (rework, repeats, deviations): its counted cases are the ones that missed */
  better?: 'higher' | 'lower' | undefined;
}

/** The label of a drill part: for a lower-is-better rate the numerator's cases are those that did not meet the target. */
function partLabel(part: DrillPart, better: Drill['better']): string {
  const parts = t().dashboard.drillParts;
  if (better !== 'lower' || part === 'counted') return parts[part];
  return part === 'met' ? parts.missed : parts.met;
}

const KINDS: PeriodKind[] = ['week', 'month', 'quarter', 'year'];
const HOW_MANY: Record<PeriodKind, number> = { week: 26, month: 24, quarter: 8, year: 3 };
/** The last periods of a kind up to now, newest first. */
function recentPeriods(kind: PeriodKind): Period[] {
  const out = [periodOf(new Date(), kind)];
  while (out.length < HOW_MANY[kind]) out.push(previousPeriod(out[out.length - 1] as Period));
  return out;
}

const formatChange = (c: number | null) => (c === null ? '—' : `${c > 0 ? '+' : ''}${(c * 100).toFixed(1)}%`);

/** The command centre: the reform's targets as tiles, then charts, every figure drillable to its cases. */
export default function Dashboard() {
  const d = () => t().dashboard;
  const allowed = () => ['leadership', 'alliance', 'coordinator', 'supervisor'].some((r) => hasRole(r));
  const [kind, setKind] = createSignal<PeriodKind>('month');
  const [period, setPeriod] = createSignal(periodOf(new Date(), 'month').label);
  const [city, setCity] = createSignal('');
  const [county, setCounty] = createSignal('');
  const [department, setDepartment] = createSignal('');
  const [domain, setDomain] = createSignal('');
  const [matter, setMatter] = createSignal('');
  const [source, setSource] = createSignal('');
  const [drill, setDrill] = createSignal<Drill | null>(null);
  const opt = <T extends string>(v: string) => (v === '' ? undefined : (v as T));
  const query = createMemo<DashboardQuery>(() => ({
    period: period(),
    city: opt(city()),
    county: opt(county()),
    department: opt<NonNullable<DashboardQuery['department']>>(department()),
    domain: opt<NonNullable<DashboardQuery['domain']>>(domain()),
    matter: opt(matter()),
    source: opt<NonNullable<DashboardQuery['source']>>(source()),
  }));
  // the early warning looks ahead, so it takes the filters but not the period
  const forecastQuery = createMemo<ForecastQuery>(() => {
    const { period: _period, ...filters } = query();
    return filters;
  });
  const [tiles] = createResource(
    () => (principal() && allowed() ? query() : null),
    (q) => api.command.tiles.query(q),
  );
  const cities = () => reference()?.cities ?? [];
  const counties = () => cities().flatMap((c) => (city() === '' || c.adcode === city() ? c.counties : []));
  const matters = () => (grid()?.matters ?? []).filter((m) => domain() === '' || m.domain === domain());
  const show = (next: Drill) => {
    setDrill(next);
    queueMicrotask(() => document.getElementById('drill')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };
  /** The bulletin of the period (周调度 / 月通报 / 季考核) for the city chosen, or everything in scope: served by the server as a page or a workbook. */
  const bulletinUrl = (format: 'html' | 'xlsx') =>
    `/reports/bulletin?${new URLSearchParams({ period: period(), ...(city() ? { city: city() } : {}), format, lang: lang() }).toString()}`;
  const tileByCode = (code: IndicatorCode) => valueOf(tiles)?.tiles.find((x) => x.code === code);

  return (
    <section aria-labelledby="dashboard-title" class="dashboard">
      <h1 id="dashboard-title">{d().title}</h1>
      <p class="intro">{d().intro}</p>
      <Show when={principal() && !allowed()}>
        <p class="notice">{d().forbidden}</p>
      </Show>
      <Show when={allowed()}>
        <form class="filters dashboard-filters" aria-label={d().filters} onSubmit={(e) => e.preventDefault()}>
          <label>
            {d().period}
            <span class="period-pick">
              <select
                aria-label={d().period}
                value={kind()}
                onChange={(e) => {
                  const k = e.currentTarget.value as PeriodKind;
                  setKind(k);
                  setPeriod(periodOf(new Date(), k).label);
                }}
              >
                <For each={KINDS}>{(k) => <option value={k}>{d().periodKind[k]}</option>}</For>
              </select>
              <select name="period" value={period()} onChange={(e) => setPeriod(e.currentTarget.value)}>
                <For each={recentPeriods(kind())}>{(p) => <option value={p.label}>{p.label}</option>}</For>
              </select>
            </span>
          </label>
          <label>
            {d().city}
            <select
              name="city"
              value={city()}
              onChange={(e) => {
                setCity(e.currentTarget.value);
                setCounty('');
              }}
            >
              <option value="">{t().common.all}</option>
              <For each={cities()}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
            </select>
          </label>
          <label>
            {d().county}
            <select name="county" value={county()} onChange={(e) => setCounty(e.currentTarget.value)}>
              <option value="">{t().common.all}</option>
              <For each={counties()}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
            </select>
          </label>
          <label>
            {d().department}
            <select name="department" value={department()} onChange={(e) => setDepartment(e.currentTarget.value)}>
              <option value="">{t().common.all}</option>
              <For each={reference()?.departments ?? []}>{(x) => <option value={x.code}>{nameOf(x.name)}</option>}</For>
            </select>
          </label>
          <label>
            {d().domain}
            <select
              name="domain"
              value={domain()}
              onChange={(e) => {
                setDomain(e.currentTarget.value);
                setMatter('');
              }}
            >
              <option value="">{t().common.all}</option>
              <For each={reference()?.domains ?? []}>{(x) => <option value={x.code}>{nameOf(x.name)}</option>}</For>
            </select>
          </label>
          <label>
            {d().matter}
            <select name="matter" value={matter()} onChange={(e) => setMatter(e.currentTarget.value)}>
              <option value="">{t().common.all}</option>
              <For each={matters()}>{(m) => <option value={m.code}>{nameOf(m.name)}</option>}</For>
            </select>
          </label>
          <label>
            {d().source}
            <select name="source" value={source()} onChange={(e) => setSource(e.currentTarget.value)}>
              <option value="">{t().common.all}</option>
              <For each={Object.entries(t().case.sources)}>{([code, name]) => <option value={code}>{name}</option>}</For>
            </select>
          </label>
        </form>
        <p class="bulletin-links">
          <a href={bulletinUrl('html')} target="_blank" rel="noopener" data-bulletin="html">
            {fill(d().printBulletin, { title: d().bulletins[kind()] })}
          </a>
          <a href={bulletinUrl('xlsx')} download="" data-bulletin="xlsx">
            {fill(d().downloadXlsx, { title: d().bulletins[kind()] })}
          </a>
        </p>
        <Show when={tiles.error}>
          <ErrorMessage failure={failureOf(tiles.error)} />
        </Show>
        <Show when={valueOf(tiles)} fallback={<p aria-busy="true">{t().common.loading}</p>}>
          {(data) => (
            <>
              <ul class="tiles" aria-label={d().title}>
                <For each={data().tiles}>{(tile) => <TileCard tile={tile} period={data().period.label} yearEarlier={data().yearEarlier} onDrill={show} />}</For>
              </ul>
              <EarlyWarning query={forecastQuery()} />
              <Suspense fallback={<p aria-busy="true">{d().chartsLoading}</p>}>
                <DashboardCharts query={query()} tileOf={tileByCode} onDrill={show} />
              </Suspense>
            </>
          )}
        </Show>
        <Show when={drill()}>
          {(x) => <DrillList drill={x()} query={query()} onPart={(part) => setDrill({ ...x(), part })} onClose={() => setDrill(null)} />}
        </Show>
      </Show>
    </section>
  );
}

function TileCard(props: { tile: Tile; period: string; yearEarlier: string; onDrill: (d: Drill) => void }) {
  const d = () => t().dashboard;
  const tile = () => props.tile;
  const name = () => nameOf(tile().name);
  const drill = (part: DrillPart) =>
    props.onDrill({ code: tile().code, part, period: props.period, what: `${name()} · ${partLabel(part, tile().better)}`, better: tile().better });
  // the cases that did not meet the target: the rest of the counted ones, or for a lower-is-better rate the numerator's
  const missedPart = (): DrillPart => (tile().better === 'lower' ? 'met' : 'missed');
  const missedCount = () => (tile().better === 'lower' ? tile().numerator : tile().denominator - tile().numerator);
  // a rate's numerator over its denominator: cases, or the items it counts (requests, disputes)
  const rateCount = () => {
    const x = tile();
    if (!x.counts) return fill(d().counted, { num: x.numerator, den: x.denominator });
    return fill(d().countedItems, { num: x.numerator, den: x.denominator, items: nameOf(x.counts) });
  };
  const target = () => {
    const x = tile();
    if (x.target === null) return null;
    if (x.code === 'border') return d().borderTarget;
    return `${d().target} ${formatValue(x.kind, x.target)}`;
  };
  return (
    <li class={`tile rag-${tile().rag}`} data-tile={tile().code}>
      <h2 class="tile-name">{name()}</h2>
      <Show when={tile().available} fallback={<p class="muted">{d().notMeasured}</p>}>
        <button type="button" class="tile-value" onClick={() => drill('counted')} title={d().drillTitle}>
          {formatValue(tile().kind, tile().value)}
        </button>
        <Show when={tile().rag !== 'none'}>
          <span class={`rag rag-${tile().rag}`}>{d().rag[tile().rag]}</span>
        </Show>
        <p class="tile-count muted">
          {tile().kind === 'rate'
            ? rateCount()
            : tile().kind === 'mean'
              ? fill(d().meanOf, { den: tile().denominator })
              : tile().value === null
                ? d().noValue
                : ''}
        </p>
        <dl class="tile-facts">
          <Show when={target()}>
            <div>
              <dt class="sr-only">{d().target}</dt>
              <dd>{target()}</dd>
            </div>
          </Show>
          <Show when={tile().baseline !== null}>
            <div>
              <dt>{d().baseline}</dt>
              <dd>{formatValue(tile().kind, tile().baseline)}</dd>
            </div>
          </Show>
          <div>
            <dt>{d().yoy}</dt>
            <dd class={changeClass(tile(), tile().yoy)}>{formatChange(tile().yoy)}</dd>
          </div>
          <div>
            <dt>{d().mom}</dt>
            <dd class={changeClass(tile(), tile().mom)}>{formatChange(tile().mom)}</dd>
          </div>
        </dl>
        <Show when={tile().kind === 'rate' && missedCount() > 0}>
          <button type="button" class="link-button small" onClick={() => drill(missedPart())}>
            {d().drillParts.missed} {missedCount()}
          </button>
        </Show>
        <details class="tile-definition">
          <summary>{d().definition}</summary>
          <p>
            {nameOf(tile().numeratorName)} / {nameOf(tile().denominatorName)}
          </p>
          <p>
            {d().charged}:{nameOf(tile().charged)}
          </p>
        </details>
      </Show>
    </li>
  );
}

/** Green when the change goes the better way, red when the worse. */
function changeClass(tile: Tile, change: number | null) {
  if (change === null || change === 0) return '';
  return change > 0 === (tile.better === 'higher') ? 'better' : 'worse';
}

/** Cases a drill-down lists at a time. */
const DRILL_PAGE = 100;

function DrillList(props: { drill: Drill; query: DashboardQuery; onPart: (part: DrillPart) => void; onClose: () => void }) {
  const d = () => t().dashboard;
  const labels = { coordinator: t().user.roles.coordinator, leadership: t().user.roles.leadership, alliance: t().user.roles.alliance };
  // A page of 100 cases at a time, by the server's cursors: the cursors of the pages turned to so far
  // (the first page has none), so that 上 100 件 goes back one. Another figure or part starts again.
  const [pages, setPages] = createSignal<{ of: string; cursors: Array<string | undefined> }>({ of: '', cursors: [undefined] });
  const key = () => JSON.stringify([props.drill, props.query]);
  const cursors = () => (pages().of === key() ? pages().cursors : [undefined]);
  const offset = () => (cursors().length - 1) * DRILL_PAGE;
  const forward = (cursor: string) => setPages({ of: key(), cursors: [...cursors(), cursor] });
  const back = () => setPages({ of: key(), cursors: cursors().slice(0, -1) });
  // the total comes with the first page only
  const [total, setTotal] = createSignal<{ of: string; n: number } | null>(null);
  const [result] = createResource(
    () => ({
      ...props.query,
      period: props.drill.period,
      code: props.drill.code,
      part: props.drill.part,
      group: props.drill.group,
      limit: DRILL_PAGE,
      cursor: cursors().at(-1),
    }),
    async (q) => {
      // the list this page is of, as it was asked (another may be asked for before this answers)
      const of = key();
      const r = await api.command.drill.query(q);
      if (r.total !== null) setTotal({ of, n: r.total });
      return r;
    },
  );
  const known = () => {
    const t = total();
    return t && t.of === key() ? t.n : null;
  };
  return (
    <section id="drill" class="card drill" aria-labelledby="drill-title">
      <div class="page-head">
        <h2 id="drill-title">{fill(d().drillOf, { what: props.drill.what, period: props.drill.period })}</h2>
        <button type="button" class="button small secondary" onClick={() => props.onClose()}>
          {t().common.close}
        </button>
      </div>
      <div class="toggle-row" role="group" aria-label={d().drillTitle}>
        <For each={['counted', 'met', 'missed'] as DrillPart[]}>
          {(part) => (
            <button type="button" class="chip" aria-pressed={props.drill.part === part} onClick={() => props.onPart(part)}>
              {partLabel(part, props.drill.better)}
            </button>
          )}
        </For>
      </div>
      <Show when={result.error}>
        <ErrorMessage failure={failureOf(result.error)} />
      </Show>
      <Show when={valueOf(result)} fallback={<p aria-busy="true">{t().common.loading}</p>}>
        {(r) => (
          <>
            <p class="count" data-drill-total={known() ?? undefined}>
              <Show when={known() !== null}>{fill(d().drillTotal, { n: known() ?? 0 })}</Show>
              <Show when={offset() > 0 || r().next !== null}>
                {known() !== null ? ' · ' : ''}
                {fill(d().drillShowing, { from: offset() + 1, to: offset() + r().cases.length })}
              </Show>
            </p>
            <Show when={offset() > 0 || r().next !== null}>
              <div class="toggle-row" role="group" aria-label={d().drillPages}>
                <button type="button" class="button small secondary" disabled={offset() === 0} onClick={() => back()}>
                  {d().drillPrevious}
                </button>
                <button
                  type="button"
                  class="button small secondary"
                  disabled={r().next === null}
                  onClick={() => {
                    const next = r().next;
                    if (next !== null) forward(next);
                  }}
                >
                  {d().drillNext}
                </button>
              </div>
            </Show>
            <Show when={r().cases.length > 0} fallback={<p class="muted">{d().noCases}</p>}>
              <div class="table-scroll">
                <table class="drill-table">
                  <thead>
                    <tr>
                      <th scope="col">{d().columns.number}</th>
                      <th scope="col">{d().columns.reported}</th>
                      <th scope="col">{d().columns.district}</th>
                      <th scope="col">{d().columns.matter}</th>
                      <th scope="col">{d().columns.unit}</th>
                      <th scope="col">{d().columns.state}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().cases}>
                      {(c) => (
                        <tr data-drill-case={c.caseId}>
                          <td>
                            <Show when={c.number !== null} fallback={<span class="muted">{d().historical}</span>}>
                              <A href={`/cases/${c.caseId}`}>{c.number}</A>
                            </Show>
                          </td>
                          <td>{formatTime(c.reportedAt)}</td>
                          <td>
                            {cityName(c.cityAdcode)} {countyName(c.countyAdcode)}
                          </td>
                          <td>{c.matterCode ? matterName(c.matterCode) : c.domainCode ? domainName(c.domainCode) : '—'}</td>
                          <td>{unitName(c.unit, labels)}</td>
                          <td>{c.closedAt ? d().stateClosed : d().stateOpen}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
