import type { z } from 'zod';
import { dashboardScope, invalid, parsePeriod, type DashboardFilters, type DashboardScope, type Period } from '@gongzhi/domain';
import type { SignedInContext } from '../context.ts';
import type { DashboardInput } from '../inputs.ts';

export type DashboardQuery = z.infer<typeof DashboardInput>;

/** A period label as a period, or INVALID with a reason the portal translates. */
export function periodFrom(label: string): Period {
  const period = parsePeriod(label);
  if (!period) throw invalid('PERIOD_INVALID', `Not a period: ${label}`, { period: label });
  return period;
}

/** What every command-centre use case starts from: who may see what (the one scope rule), the period, the filters, now. */
export function figureQuery(
  ctx: SignedInContext<'clock'>,
  input: DashboardQuery,
): { scope: DashboardScope; period: Period; filters: DashboardFilters; asOf: Date } {
  const scope = dashboardScope(ctx.principal.memberships);
  const period = periodFrom(input.period);
  const { city, county, department, domain, matter, source } = input;
  return { scope, period, filters: { city, county, department, domain, matter, source }, asOf: ctx.clock.now() };
}
