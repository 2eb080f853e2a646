import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import type { IndicatorCode } from '@gongzhi/domain';
import { fill, lang, nameOf, t } from '../i18n/index.ts';
import { formatValue } from '../lib/figures.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { countyName, reference, unitName } from '../lib/reference.ts';
import { valueOf } from '../lib/resource.ts';
import { registerMap, type ChartOption } from '../lib/echarts.ts';
import type { DashboardQuery, Drill, Tile } from '../routes/Dashboard.tsx';
import { Chart } from './Chart.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

const TREND_CODES: IndicatorCode[] = [
  'responseHours',
  'responseOnTime',
  'resolution',
  'resolvedOnTime',
  'satisfaction',
  'repeat',
  'publication',
  'joint',
  'infoSharing',
  'flexibleEnforcement',
  'discretionDeviation',
  'intake',
  'border',
];
const COLORS = { brand: '#b3261e', lead: '#0b5cad', target: '#4d6b2f', scale: ['#fff3d6', '#f5b971', '#e0712c', '#b3261e', '#6e0f0b'] };
/** Maps registered with ECharts, by set of cities. */
const registered = new Set<string>();

/** The command centre's charts (this module and ECharts are one lazy chunk): trend, ranking, district map, hour × weekday heatmap. */
export default function DashboardCharts(props: { query: DashboardQuery; tileOf: (code: IndicatorCode) => Tile | undefined; onDrill: (d: Drill) => void }) {
  const d = () => t().dashboard;
  const labels = () => ({ coordinator: t().user.roles.coordinator, leadership: t().user.roles.leadership, alliance: t().user.roles.alliance });
  const [trendCode, setTrendCode] = createSignal<IndicatorCode>('responseHours');
  const [trend] = createResource(
    () => ({ ...props.query, code: trendCode(), points: 13 }),
    (q) => api.command.trend.query(q),
  );
  const [ranking] = createResource(
    () => props.query,
    (q) => api.command.ranking.query(q),
  );
  const [districts] = createResource(
    () => props.query,
    (q) => api.command.districts.query(q),
  );
  const [heatmap] = createResource(
    () => props.query,
    (q) => api.command.heatmap.query(q),
  );
  // The map of the cities in view, from the boundaries the project ships (geo.map), registered once per set.
  const mapCities = createMemo(() => {
    if (props.query.city) return [props.query.city];
    const seen = new Set((valueOf(districts)?.districts ?? []).map((x) => `${x.county.slice(0, 4)}00`));
    const all = (reference()?.cities ?? []).map((c) => c.adcode);
    return all.filter((c) => seen.has(c));
  });
  const [mapName] = createResource(
    () => (mapCities().length > 0 ? mapCities().join(',') : null),
    async (key) => {
      const name = `gongzhi-${key}`;
      if (registered.has(name)) return name;
      const map = await api.geo.map.query({ cities: key.split(',') as Array<'510100' | '510600' | '511400' | '512000'> });
      const paths = map.counties.map((c) => `<path name="${c.adcode}" d="${c.path}"/>`).join('');
      registerMap(name, { svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${map.width} ${map.height}">${paths}</svg>` });
      registered.add(name);
      return name;
    },
  );
  const period = () => props.query.period;
  const tileName = (code: IndicatorCode) => {
    const tile = props.tileOf(code);
    return tile ? nameOf(tile.name) : code;
  };

  const trendOption = (): ChartOption | null => {
    const tr = valueOf(trend);
    if (!tr) return null;
    const scale = tr.kind === 'rate' ? 100 : 1;
    const values = tr.points.map((p) => (p.value === null ? null : Math.round(p.value * scale * 100) / 100));
    return {
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: tr.points.map((p) => p.label) },
      yAxis: { type: 'value', min: tr.kind === 'rate' ? 0 : undefined, axisLabel: { formatter: tr.kind === 'rate' ? '{value}%' : '{value}' } },
      series: [
        {
          type: 'line',
          name: nameOf(tr.name),
          data: values,
          itemStyle: { color: COLORS.lead },
          symbolSize: 8,
          markLine:
            tr.target !== null && tr.code !== 'border'
              ? {
                  symbol: 'none',
                  lineStyle: { color: COLORS.target, type: 'dashed' },
                  label: { formatter: `${d().targetLine} ${formatValue(tr.kind, tr.target)}`, position: 'insideEndTop' },
                  data: [{ yAxis: tr.target * scale }],
                }
              : undefined,
        },
      ],
    };
  };

  const rankingOption = (): ChartOption | null => {
    const r = valueOf(ranking);
    if (!r || r.units.length === 0) return null;
    const rows = [...r.units].reverse(); // best at the top
    return {
      grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: rows.map((u) => unitName(u.unit, labels())), axisLabel: { fontSize: 11 } },
      series: [
        {
          type: 'bar',
          name: d().score,
          data: rows.map((u, i) => ({ value: u.score, itemStyle: { color: i < 3 ? COLORS.brand : i >= rows.length - 3 ? COLORS.target : COLORS.lead } })),
          label: { show: true, position: 'right', fontSize: 10 },
        },
      ],
    };
  };

  const mapOption = (): ChartOption | null => {
    const ds = valueOf(districts);
    const name = valueOf(mapName);
    if (!ds || !name) return null;
    const max = Math.max(1, ...ds.districts.map((x) => x.intake));
    return {
      tooltip: { trigger: 'item', formatter: (p: unknown) => districtTip(p as { name: string; value: number }) },
      visualMap: { min: 0, max, left: 0, bottom: 0, calculable: true, inRange: { color: COLORS.scale }, itemHeight: 90 },
      series: [
        {
          type: 'map',
          map: name,
          roam: false,
          selectedMode: false,
          itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eef1f5' },
          emphasis: { itemStyle: { areaColor: COLORS.lead }, label: { show: false } },
          data: ds.districts.map((x) => ({ name: x.county, value: x.intake })),
        },
      ],
    };
  };
  const districtTip = (p: { name: string; value: number }) => `${countyName(p.name)}<br/>${Number.isFinite(p.value) ? p.value : 0} ${d().casesUnit}`;

  const heatOption = (): ChartOption | null => {
    const h = valueOf(heatmap);
    if (!h) return null;
    const max = Math.max(1, ...h.cells.map((c) => c.count));
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const v = (p as { data: [number, number, number] }).data;
          return `${d().weekdays[v[1]] ?? ''} ${fill(d().hourLabel, { h: v[0] })}<br/>${v[2]} ${d().casesUnit}`;
        },
      },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, i) => String(i)), splitArea: { show: true } },
      yAxis: { type: 'category', data: d().weekdays, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max, orient: 'horizontal', left: 'center', bottom: 0, calculable: true, inRange: { color: COLORS.scale }, itemWidth: 12 },
      series: [
        { type: 'heatmap', data: h.cells.map((c) => [c.hour, c.weekday - 1, c.count]), emphasis: { itemStyle: { borderColor: '#1d2733', borderWidth: 1 } } },
      ],
    };
  };

  const formula = () => {
    const r = valueOf(ranking);
    if (!r) return '';
    const parts = Object.entries(r.weights).map(([code, w]) => `${tileName(code as IndicatorCode)} ${Math.round((w ?? 0) * 100)}%`);
    return fill(d().rankingFormula, { parts: parts.join(lang() === 'zh' ? '、' : ', ') });
  };

  const errors = () => trend.error ?? ranking.error ?? districts.error ?? heatmap.error ?? mapName.error;
  return (
    <div class="dashboard-charts">
      <Show when={errors()}>
        <ErrorMessage failure={failureOf(errors())} />
      </Show>
      <section class="card chart-card" aria-labelledby="trend-title">
        <div class="page-head">
          <h2 id="trend-title">{valueOf(trend)?.bucket === 'week' ? d().weeklyTrend : d().trend}</h2>
          <label class="inline-label">
            {d().trendIndicator}
            <select name="trend" value={trendCode()} onChange={(e) => setTrendCode(e.currentTarget.value as IndicatorCode)}>
              <For each={TREND_CODES}>{(code) => <option value={code}>{tileName(code)}</option>}</For>
            </select>
          </label>
        </div>
        <Show when={trendOption()} fallback={<p aria-busy="true">{d().chartsLoading}</p>}>
          {(option) => (
            <Chart
              name="trend"
              label={`${d().trend}: ${tileName(trendCode())}`}
              option={option()}
              onClick={(p) => {
                const point = valueOf(trend)?.points[p.dataIndex ?? -1];
                if (point)
                  props.onDrill({
                    code: trendCode(),
                    part: 'counted',
                    period: point.label,
                    what: `${tileName(trendCode())} · ${point.label}`,
                    better: props.tileOf(trendCode())?.better,
                  });
              }}
            />
          )}
        </Show>
      </section>
      <section class="card chart-card" aria-labelledby="ranking-title">
        <h2 id="ranking-title">{d().ranking}</h2>
        <Show when={valueOf(ranking)}>
          {(r) => (
            <Show when={r().units.length > 0} fallback={<p class="muted">{d().noRanking}</p>}>
              <div class="podium">
                <div>
                  <h3>{d().top}</h3>
                  <ol data-ranking="top">
                    <For each={r().top}>{(u) => <RankLine unit={u.unit} score={u.score} />}</For>
                  </ol>
                </div>
                <Show when={r().bottom.length > 0}>
                  <div>
                    <h3>{d().bottom}</h3>
                    <ol data-ranking="bottom">
                      <For each={r().bottom}>{(u) => <RankLine unit={u.unit} score={u.score} />}</For>
                    </ol>
                  </div>
                </Show>
              </div>
              <Show when={rankingOption()}>
                {(option) => (
                  <Chart
                    name="ranking"
                    label={d().ranking}
                    option={option()}
                    height={`${Math.max(160, r().units.length * 22 + 40)}px`}
                    onClick={(p) => {
                      const unit = [...r().units].reverse()[p.dataIndex ?? -1];
                      if (unit) drillUnit(unit.unit);
                    }}
                  />
                )}
              </Show>
              <p class="muted">{formula()}</p>
            </Show>
          )}
        </Show>
      </section>
      <section class="card chart-card" aria-labelledby="map-title">
        <h2 id="map-title">{d().districts}</h2>
        <Show when={mapOption()} fallback={<p aria-busy="true">{d().chartsLoading}</p>}>
          {(option) => (
            <Chart
              name="districts"
              label={d().districts}
              option={option()}
              height="360px"
              onClick={(p) => {
                if (p.name)
                  props.onDrill({
                    code: 'intake',
                    part: 'counted',
                    group: { kind: 'county', key: p.name },
                    period: period(),
                    what: `${countyName(p.name)} · ${tileName('intake')}`,
                  });
              }}
            />
          )}
        </Show>
      </section>
      <section class="card chart-card" aria-labelledby="heat-title">
        <h2 id="heat-title">{d().heatmap}</h2>
        <Show when={heatOption()} fallback={<p aria-busy="true">{d().chartsLoading}</p>}>
          {(option) => (
            <Chart
              name="heatmap"
              label={d().heatmap}
              option={option()}
              height="300px"
              onClick={(p) => {
                const v = p.data as [number, number, number] | undefined;
                if (v)
                  props.onDrill({
                    code: 'intake',
                    part: 'counted',
                    group: { kind: 'slot', key: `${v[1] + 1}-${v[0]}` },
                    period: period(),
                    what: `${d().weekdays[v[1]] ?? ''} ${fill(d().hourLabel, { h: v[0] })}`,
                  });
              }}
            />
          )}
        </Show>
      </section>
    </div>
  );

  function drillUnit(unit: string) {
    props.onDrill({
      code: 'intake',
      part: 'counted',
      group: { kind: 'unit', key: unit },
      period: period(),
      what: `${unitName(unit, labels())} · ${tileName('intake')}`,
    });
  }
  function RankLine(p: { unit: string; score: number }) {
    return (
      <li data-unit={p.unit}>
        <button type="button" class="link-button" onClick={() => drillUnit(p.unit)}>
          {unitName(p.unit, labels())}
        </button>{' '}
        <strong>{p.score.toFixed(2)}</strong>
      </li>
    );
  }
}
