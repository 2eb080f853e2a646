import { compareStandards, type StandardsComparison } from '@gongzhi/domain';
import { listAllianceStandards, listStandards, type Database } from '@gongzhi/db';

/**
 * The cities' standards side by side, per matter, with their conflicts, and what the alliance has
 * published as harmonised. `cities` narrows the comparison (a border case shows its two cities).
 */
export async function compareCityStandards(options: { db: Database; matterCode?: string | undefined; cities?: string[] | undefined }) {
  const [all, published] = await Promise.all([listStandards(options.db, options.matterCode), listAllianceStandards(options.db)]);
  const standards = options.cities ? all.filter((s) => options.cities!.includes(s.cityAdcode)) : all;
  const matters = [...new Set(standards.map((s) => s.matterCode))];
  const comparisons: StandardsComparison[] = matters.map((m) => compareStandards(m, standards));
  return {
    comparisons,
    published: options.matterCode ? published.filter((p) => p.matterCode === options.matterCode) : published,
  };
}
