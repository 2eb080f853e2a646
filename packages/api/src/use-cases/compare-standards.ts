import { caseDateOf, compareStandards, standardInForce, type CityStandard, type StandardsComparison } from '@gongzhi/domain';
import { listAllianceStandards, listStandards } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/**
 * The cities' standards side by side, per matter, with their conflicts, and what the alliance has
 * published as harmonised. `cities` narrows the comparison (a border case shows its two cities).
 */
export async function compareCityStandards({
  ctx,
  input,
}: {
  ctx: UseCaseContext<'clock'>;
  input: { matterCode?: string | undefined; cities?: string[] | undefined };
}) {
  const [stored, published] = await Promise.all([listStandards(ctx.db, input.matterCode), listAllianceStandards(ctx.db)]);
  // each city's standard in force today (a standard changed later is a new row from its date)
  const today = caseDateOf(ctx.clock.now());
  const all = stored.filter((s) => standardInForce(stored, s.cityAdcode, s.matterCode, today) === s);
  const cities = input.cities;
  const standards: CityStandard[] = cities ? all.filter((s) => cities.includes(s.cityAdcode)) : all;
  const matters = [...new Set(standards.map((s) => s.matterCode))];
  const comparisons: StandardsComparison[] = matters.map((m) => compareStandards(m, standards));
  return {
    comparisons,
    published: input.matterCode ? published.filter((p) => p.matterCode === input.matterCode) : published,
  };
}
