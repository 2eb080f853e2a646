import { DEPARTMENTS, type DashboardScope, type DepartmentCode, type Name, type PeriodKind } from '@gongzhi/domain';
import { drillCases, loadMatrix, type DrillRow } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';
import { periodFrom } from './figure-query.ts';
import { districtFigures, indicatorTiles, topMatters, unitRanking, type ResolvedQuery } from './figures.ts';

/** The bulletin of each rhythm (seed plan 3.4.1): 周调度, 月通报, 季考核, and the year's assessment. */
export const BULLETIN_TITLES: Readonly<Record<PeriodKind, Name>> = {
  week: { zh: '周调度', en: 'Weekly dispatch' },
  month: { zh: '月通报', en: 'Monthly bulletin' },
  quarter: { zh: '季考核', en: 'Quarterly assessment' },
  year: { zh: '年度考核', en: 'Annual assessment' },
};
const ALLIANCE: Name = { zh: '成德眉资城市管理协同联盟', en: 'Chengdu–Deyang–Meishan–Ziyang alliance' };
/** how many cases each list of the bulletin prints (their totals are always given) */
export const BULLETIN_LIST_LIMIT = 200;

/**
 * A bulletin (周调度 / 月通报 / 季考核) for a city or the whole alliance, as data: the summary with 同比
 * and 环比, units ranked by composite score, districts, the five matters most complained about, the
 * cases that missed a deadline and those reopened. The scope is the caller's (dashboardScope for a
 * signed-in user; the whole alliance for the operator's command line). Rendered as XLSX and as a
 * printable page by the server (apps/server/src/reports).
 */
export async function compileBulletin({
  ctx,
  input,
}: {
  ctx: UseCaseContext<'clock' | 'alliance'> & { scope: DashboardScope };
  input: { period: string; city?: string | undefined };
}) {
  const period = periodFrom(input.period);
  const q: ResolvedQuery = { scope: ctx.scope, period, filters: { city: input.city }, asOf: ctx.clock.now() };
  const [summary, ranking, districts, matters, matrix] = [
    await indicatorTiles(ctx.db, q),
    await unitRanking(ctx.db, q),
    await districtFigures(ctx.db, q),
    await topMatters(ctx.db, q, 5),
    await loadMatrix(ctx.db),
  ];
  const list = (code: 'responseOnTime' | 'resolvedOnTime' | 'rework', part: 'met' | 'missed') =>
    drillCases(ctx.db, { ...q, code, part, limit: BULLETIN_LIST_LIMIT });
  const [lateResponse, lateResolution, reopened] = [
    await list('responseOnTime', 'missed'),
    await list('resolvedOnTime', 'missed'),
    await list('rework', 'met'),
  ];

  const cityName = (adcode: string): Name => ctx.alliance.city(adcode)?.name ?? { zh: adcode, en: adcode };
  const countyName = (adcode: string): Name => ctx.alliance.county(adcode)?.name ?? { zh: adcode, en: adcode };
  const unitName = (unit: string | null): Name => {
    if (!unit) return { zh: '—', en: '—' };
    const [city, dept] = unit.split(':') as [string, DepartmentCode];
    const c = cityName(city);
    const d = DEPARTMENTS[dept] ?? { zh: dept, en: dept };
    return { zh: `${c.zh}${d.zh}`, en: `${c.en} ${d.en}` };
  };
  const matterNames = new Map(matrix.matters.map((m) => [m.code, m.name]));
  const matterName = (code: string | null): Name => (code ? (matterNames.get(code) ?? { zh: code, en: code }) : { zh: '—', en: '—' });
  const caseRow = (c: DrillRow) => ({
    ...c,
    countyName: countyName(c.countyAdcode),
    matterName: matterName(c.matterCode),
    unitName: unitName(c.unit),
  });
  return {
    kind: period.kind,
    title: BULLETIN_TITLES[period.kind],
    area: input.city ? cityName(input.city) : ALLIANCE,
    city: input.city ?? null,
    generatedAt: q.asOf.toISOString(),
    ...summary,
    summary: summary.tiles.filter((t) => t.available),
    ranking: {
      weights: ranking.weights,
      units: ranking.units.map((u) => ({ ...u, name: unitName(u.unit) })),
      top: ranking.top.map((u) => ({ ...u, name: unitName(u.unit) })),
      bottom: ranking.bottom.map((u) => ({ ...u, name: unitName(u.unit) })),
    },
    districts: districts.districts.map((x) => ({ ...x, name: countyName(x.county) })),
    topMatters: matters.map((m) => ({ ...m, name: matterName(m.matter) })),
    overdue: {
      lateResponse: { total: lateResponse.total, cases: lateResponse.cases.map(caseRow) },
      lateResolution: { total: lateResolution.total, cases: lateResolution.cases.map(caseRow) },
    },
    reopened: { total: reopened.total, cases: reopened.cases.map(caseRow) },
  };
}

export type Bulletin = Awaited<ReturnType<typeof compileBulletin>>;
