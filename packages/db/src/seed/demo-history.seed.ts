import { and, count, isNotNull, like } from 'drizzle-orm';
import { NO_RECORDS_OR_REQUESTS, resolutionDeadline, responseWindowMs, type CaseFacts, type CaseSource, type Matter } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { caseFacts } from '../schema/index.ts';
import { insertFacts } from '../repositories/command.repository.ts';
import { loadMatrix } from '../repositories/matrix.repository.ts';

/** The demo's counties, with how busy each is (cases per day) and whether it has the weekend evening vending peak. */
export interface DemoCounty {
  adcode: string;
  cityAdcode: string;
  perDay: number;
  /** 18:00–20:00 on Saturdays and Sundays, street vending (占道经营) several times its usual rate */
  vendingPeak: boolean;
  /** share of its cases within 2 km of another alliance city */
  borderShare: number;
}

export const DEMO_HISTORY_PREFIX = 'demo-history:';
const HOUR = 3_600_000;
/** domains whose resolved cases carry an enforcement record in the demo history */
const ENFORCED_DOMAINS: ReadonlySet<string> = new Set(['vending', 'advertising', 'construction', 'fumes', 'waste']);
const DAY = 24 * HOUR;
/** Cases by hour of day (Beijing time): quiet nights, a morning and an afternoon peak, an evening one. */
const HOURLY = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4.5, 6, 6.5, 6, 4.5, 4, 5.5, 6, 6, 5.5, 5, 5, 4, 3, 2.2, 1.5];
const WEEKDAY = [1, 1, 0.97, 0.95, 1, 0.85, 0.8]; // Monday … Sunday

/** A small seeded generator, so the demo history is the same on every machine. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * About 18 months of closed and open cases for the four cities, shaped like real hotline traffic:
 * a daily and weekly rhythm, busier districts, a weekend 18:00–20:00 street-vending peak in a few
 * districts, and the reform's figures improving over the months (response time from about 4 h
 * towards 2 h, resolution and satisfaction rising, repeats falling). It is demo data: every figure a
 * chart shows is computed from these rows, never typed in.
 */
export function generateDemoHistory(options: DemoHistoryOptions): CaseFacts[] {
  return [...demoHistoryDays(options)].flat();
}

export interface DemoHistoryOptions {
  counties: readonly DemoCounty[];
  matters: readonly Matter[];
  until: Date;
  months?: number;
  seed?: number;
}

/** The demo history day by day (Beijing days, oldest first), so a loader can store it as it goes. */
export function* demoHistoryDays(options: DemoHistoryOptions): Generator<CaseFacts[]> {
  const rnd = generator(options.seed ?? 13);
  const enforce = generator((options.seed ?? 13) + 1);
  const until = options.until.getTime();
  const start = until - (options.months ?? 18) * 30.4 * DAY;
  const vending = options.matters.filter((m) => m.domain === 'vending');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const poisson = (mean: number) => {
    // small means: Knuth; good enough for a demo
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rnd();
    } while (p > l);
    return k - 1;
  };
  const hourSum = HOURLY.reduce((a, b) => a + b, 0);
  let n = 0;
  for (let day = start - (start % DAY) - 8 * HOUR; day < until; day += DAY) {
    const out: CaseFacts[] = [];
    const local = new Date(day + 8 * HOUR);
    const wd = local.getUTCDay() === 0 ? 6 : local.getUTCDay() - 1;
    const weekend = wd >= 5;
    const progress = (day - start) / (until - start); // 0 → 1 over the history
    for (const county of options.counties) {
      for (let hour = 0; hour < 24; hour++) {
        const peak = county.vendingPeak && weekend && (hour === 18 || hour === 19);
        const mean = (county.perDay * (WEEKDAY[wd] ?? 1) * (HOURLY[hour] ?? 1)) / hourSum;
        const total = poisson(mean) + (peak ? poisson(county.perDay * 0.06) : 0);
        for (let i = 0; i < total; i++) {
          const at = day + hour * HOUR + Math.floor(rnd() * HOUR);
          if (at >= until) continue;
          const matter = peak && i > 0 ? pick(vending) : weekend && rnd() < 0.25 ? pick(vending) : pick(options.matters);
          const unit = `${county.cityAdcode}:${matter.lead}`;
          // the reform at work: response 4.2 h → 1.8 h on average, resolution 82 % → 94 %, resolved on time ≈ 76 % → 92 %, …
          const meanResponse = (4.2 - 2.4 * progress) * HOUR * (matter.tier === 'simple' ? 0.8 : 1.6);
          const claimAfter = -Math.log(1 - rnd()) * meanResponse;
          const firstClaimAt = at + claimAfter;
          // the resolution deadline (处置时限) runs from the claim on the working-day calendar, as the engine sets it
          const resolveBy = new Date(resolutionDeadline(new Date(firstClaimAt).toISOString(), matter.resolution)).getTime();
          const span = resolveBy - firstClaimAt;
          const onTime = rnd() < 0.76 + 0.16 * progress;
          const resolvedAt = firstClaimAt + span * (onTime ? 0.15 + 0.8 * rnd() : 1.02 + 0.6 * rnd());
          const closes = rnd() < 0.82 + 0.12 * progress;
          const closedAt = closes ? resolvedAt + rnd() * 48 * HOUR : null;
          const isClosed = closedAt !== null && closedAt < until;
          const claimed = firstClaimAt < until;
          const resolved = claimed && resolvedAt < until && (closes || rnd() < 0.5);
          const rated = isClosed && rnd() < 0.7;
          const reopened = resolved && rnd() < 0.04 - 0.025 * progress ? 1 : 0;
          n++;
          out.push({
            caseId: `${DEMO_HISTORY_PREFIX}${n}`,
            cityAdcode: county.cityAdcode,
            countyAdcode: county.adcode,
            matterCode: matter.code,
            domainCode: matter.domain,
            source: pickSource(rnd()),
            tier: matter.tier,
            reportedAt: new Date(at).toISOString(),
            respondBy: new Date(at + responseWindowMs(matter.tier)).toISOString(),
            firstClaimAt: claimed ? new Date(firstClaimAt).toISOString() : null,
            responseUnit: claimed ? unit : null,
            resolveBy: claimed ? new Date(resolveBy).toISOString() : null,
            resolvedAt: resolved ? new Date(resolvedAt).toISOString() : null,
            closedAt: isClosed ? new Date(closedAt).toISOString() : null,
            closingUnit: isClosed ? unit : null,
            holderUnit: isClosed ? null : unit,
            reopened,
            transfers: rnd() < 0.06 ? 1 : 0,
            transfersRejected: rnd() < 0.015 ? 1 : 0,
            disputes: 0,
            disputesRuled: 0,
            disputesRuledInTime: 0,
            supervisionOrders: 0,
            supervisionOverdue: 0,
            joint: matter.joint ? rnd() < 0.6 : rnd() < 0.1 + 0.2 * progress,
            border: rnd() < county.borderShare * (1 - 0.35 * progress),
            repeat: rnd() < 0.35 - 0.12 * progress,
            rating: rated ? (rnd() < 0.855 + 0.05 * progress ? 'satisfied' : 'unsatisfied') : null,
            published: isClosed && rnd() < 0.4 + 0.4 * progress,
            historical: true,
            ...NO_RECORDS_OR_REQUESTS,
            // an enforcement record on resolved cases of enforced domains: non-penalty measures rise and
            // deviations from the discretion standard fall over the reform (their own random stream, so
            // the rest of the history is the same as without them)
            ...(resolved && ENFORCED_DOMAINS.has(matter.domain)
              ? { enforcementFlexible: enforce() < 0.42 + 0.26 * progress, enforcementDeviating: enforce() < 0.2 - 0.13 * progress }
              : {}),
          });
        }
      }
    }
    yield out;
  }
}

function pickSource(r: number): CaseSource {
  return r < 0.55 ? 'hotline' : r < 0.8 ? 'patrol' : r < 0.97 ? 'app' : 'sensor';
}

/**
 * Loads the demo history once (multi-row inserts of 2,000); returns how many rows it added. A demo
 * history generated before it carried resolution deadlines (its 按期结案率 had nothing to count) is
 * replaced once.
 */
export async function seedDemoHistory(db: Database, options: { counties: readonly DemoCounty[]; until: Date }): Promise<number> {
  const demo = like(caseFacts.caseId, `${DEMO_HISTORY_PREFIX}%`);
  const [have] = await db.select({ n: count() }).from(caseFacts).where(demo);
  if ((have?.n ?? 0) > 0) {
    const [dated] = await db
      .select({ n: count() })
      .from(caseFacts)
      .where(and(demo, isNotNull(caseFacts.resolveBy)));
    if ((dated?.n ?? 0) > 0) return 0;
    await db.delete(caseFacts).where(demo);
  }
  const matrix = await loadMatrix(db);
  // Generated a day at a time and stored as it goes, giving way to requests between days: the server
  // answers while the history loads.
  let added = 0;
  let batch: CaseFacts[] = [];
  for (const day of demoHistoryDays({ counties: options.counties, matters: matrix.matters, until: options.until })) {
    batch.push(...day);
    if (batch.length >= 2000) {
      added += await insertFacts(db, batch);
      batch = [];
    } else await new Promise((resolve) => setImmediate(resolve));
  }
  added += await insertFacts(db, batch);
  return added;
}

const CENTRAL = new Set(['510104', '510105', '510106', '510107', '510108']);
const VENDING_PEAK = new Set(['510104', '510107', '510108']);
/** counties along another alliance city's boundary (Chengdu's with Deyang, Meishan and Ziyang, and theirs) */
const ALONG_BORDERS = new Set([
  '510113',
  '510114',
  '510121',
  '510182',
  '510118',
  '510131',
  '510185',
  '510681',
  '510682',
  '511403',
  '511421',
  '512002',
  '512022',
]);

/** The demo's counties: the central districts of Chengdu busiest, three of them with the weekend evening vending peak. */
export function demoCounties(counties: ReadonlyArray<{ adcode: string; cityAdcode: string }>): DemoCounty[] {
  return counties.map((c) => ({
    adcode: c.adcode,
    cityAdcode: c.cityAdcode,
    perDay: CENTRAL.has(c.adcode) ? 8 : c.cityAdcode === '510100' ? 2.5 : 1.2,
    vendingPeak: VENDING_PEAK.has(c.adcode),
    borderShare: ALONG_BORDERS.has(c.adcode) ? 0.18 : 0.01,
  }));
}
