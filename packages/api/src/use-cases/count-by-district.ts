import { figure, INDICATORS, samePeriodLastYear, type IndicatorCode } from '@gongzhi/domain';
import { tallies } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

const CODES: IndicatorCode[] = ['intake', 'responseOnTime', 'resolution', 'resolvedOnTime', 'satisfaction', 'border'];

/** Per district (county): cases taken in (the choropleth) with 同比, and the main rates. */
export async function countByDistrict({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) {
  const q = figureQuery(ctx, input);
  const lastYear = samePeriodLastYear(q.period);
  const t = await tallies(ctx.db, { ...q, periods: [q.period, lastYear], codes: CODES, group: 'county' });
  const districts = [...t].map(([county, byPeriod]) => {
    const now = byPeriod.get(q.period.label);
    const before = byPeriod.get(lastYear.label);
    const value = (code: IndicatorCode) => {
      const x = now?.get(code) ?? { numerator: 0, denominator: 0 };
      return figure(INDICATORS[code], x.numerator, x.denominator).value;
    };
    return {
      county,
      intake: now?.get('intake')?.numerator ?? 0,
      intakeYearEarlier: before?.get('intake')?.numerator ?? 0,
      responseOnTime: value('responseOnTime'),
      resolution: value('resolution'),
      resolvedOnTime: value('resolvedOnTime'),
      satisfaction: value('satisfaction'),
      border: now?.get('border')?.numerator ?? 0,
    };
  });
  return { period: q.period.label, yearEarlier: lastYear.label, districts: districts.sort((a, b) => b.intake - a.intake || a.county.localeCompare(b.county)) };
}
