import type { Name } from '../reference.ts';
import type { CaseFacts } from './facts.ts';
import { inPeriod, type Period } from './period.ts';

/**
 * The reform's indicators, defined once (seed plan 2.2, 3.2, 3.4.1, 5.2). Each says which cases it
 * counts (its denominator), which of them succeed (its numerator), which instant puts a case in a
 * period, and which unit a case is charged to. Everything that shows a figure computes it here or
 * from these definitions.
 */
export const INDICATOR_CODES = [
  'intake',
  'responseOnTime',
  'responseHours',
  'resolvedOnTime',
  'resolution',
  'rework',
  'repeat',
  'joint',
  'border',
  'publication',
  'satisfaction',
  'infoSharing',
  'flexibleEnforcement',
  'discretionDeviation',
  'transfersRejected',
  'disputes',
  'disputesRuledInTime',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** `rate`: numerator / denominator; `mean`: mean of a value per counted case; `count`: the numerator alone. */
export type IndicatorKind = 'rate' | 'mean' | 'count';
/** The instant of a case that decides its period. */
export type PeriodBasis = 'reportedAt' | 'closedAt' | 'resolvedAt';

export interface Indicator {
  code: IndicatorCode;
  name: Name;
  kind: IndicatorKind;
  numerator: Name;
  denominator: Name;
  basis: PeriodBasis;
  /** how the unit a case is charged to is chosen (written down, shown on the dashboard) */
  charged: Name;
  /** the plan's target: a rate in 0..1, hours, or for `border` the change against a year earlier */
  target: number | null;
  /** the plan's 2023 baseline, same scale */
  baseline: number | null;
  /** better when higher (most rates) or lower (response time, rework, repeats, border complaints) */
  better: 'higher' | 'lower';
  /** false when the platform does not hold the data yet (the figure is not shown, never invented) */
  available: boolean;
  /**
   * Whether a case (already in the period by `basis`) is counted, and what it adds to the numerator
   * (1/0 for rates and counts, hours for means) and to the denominator (`weight`, 1 unless the
   * indicator counts items of a case, such as its disputes). `asOf` is when the figure is computed.
   */
  measure(f: CaseFacts, asOf: Date): { counted: boolean; value: number; weight?: number };
  /** the unit charged with this case for this indicator */
  unit(f: CaseFacts): string | null;
  /** what a rate counts when it is not cases (its `weight` counts items of a case): requests, disputes */
  counts?: Name;
}

const n = (zh: string, en: string): Name => ({ zh, en });
const hours = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / 3_600_000;
const lastUnit = (f: CaseFacts) => f.closingUnit ?? f.holderUnit;
const CHARGED_LAST = n('结案单位;未结案的为当前承办单位', 'the unit that closed it; if open, the unit holding it');
const CHARGED_RESPONSE = n(
  '按时签收的为签收单位;超时的为时限届满时的承办单位',
  'the unit that claimed it in time; if late, the unit holding it when the deadline ran out',
);

/** Claimed, or the deadline has passed without a claim: a case still inside its window is not judged yet. */
const responseJudged = (f: CaseFacts, asOf: Date) => f.respondBy !== null && (f.firstClaimAt !== null || new Date(f.respondBy).getTime() <= asOf.getTime());

export const INDICATORS: Readonly<Record<IndicatorCode, Indicator>> = {
  intake: {
    code: 'intake',
    name: n('受理量', 'Cases taken in'),
    kind: 'count',
    numerator: n('期内受理的案件', 'cases reported in the period'),
    denominator: n('—', '—'),
    basis: 'reportedAt',
    charged: n('首次承办单位(当前或结案单位)', 'the unit holding it now, or the unit that closed it'),
    target: null,
    baseline: null,
    better: 'higher',
    available: true,
    measure: () => ({ counted: true, value: 1 }),
    unit: lastUnit,
  },
  responseOnTime: {
    code: 'responseOnTime',
    name: n('签收及时率', 'Claimed within the window'),
    kind: 'rate',
    numerator: n('在分级时限内首次签收的案件', 'cases first claimed within their tier window'),
    denominator: n('已签收或签收时限已过的案件', 'cases claimed, or whose window has passed'),
    basis: 'reportedAt',
    charged: CHARGED_RESPONSE,
    target: null,
    baseline: null,
    better: 'higher',
    available: true,
    measure: (f, asOf) => ({
      counted: responseJudged(f, asOf),
      value: f.firstClaimAt !== null && f.respondBy !== null && f.firstClaimAt <= f.respondBy ? 1 : 0,
    }),
    unit: (f) => f.responseUnit ?? f.holderUnit ?? f.closingUnit,
  },
  responseHours: {
    code: 'responseHours',
    name: n('平均响应时长(小时)', 'Mean response time (hours)'),
    kind: 'mean',
    numerator: n('受理到首次签收的小时数之和', 'hours from report to first claim, summed'),
    denominator: n('已签收的案件', 'cases claimed'),
    basis: 'reportedAt',
    charged: CHARGED_RESPONSE,
    target: 2,
    baseline: 4.2,
    better: 'lower',
    available: true,
    measure: (f) => (f.firstClaimAt === null ? { counted: false, value: 0 } : { counted: true, value: hours(f.reportedAt, f.firstClaimAt) }),
    unit: (f) => f.responseUnit ?? f.holderUnit ?? f.closingUnit,
  },
  resolvedOnTime: {
    code: 'resolvedOnTime',
    name: n('按期结案率', 'Resolved on time'),
    kind: 'rate',
    numerator: n('在处置时限内办结的案件', 'cases resolved within their resolution deadline'),
    denominator: n('期内结案且有处置时限的案件', 'cases closed in the period that had a resolution deadline'),
    basis: 'closedAt',
    charged: n('结案单位', 'the unit that closed it'),
    target: null,
    baseline: null,
    better: 'higher',
    available: true,
    measure: (f) => ({
      counted: f.closedAt !== null && f.resolveBy !== null,
      value: f.resolvedAt !== null && f.resolveBy !== null && f.resolvedAt <= f.resolveBy ? 1 : 0,
    }),
    unit: (f) => f.closingUnit,
  },
  resolution: {
    code: 'resolution',
    name: n('结案率', 'Resolution rate'),
    kind: 'rate',
    numerator: n('已结案的案件', 'cases closed'),
    denominator: n('期内受理的案件', 'cases reported in the period'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    target: 0.95,
    baseline: 0.82,
    better: 'higher',
    available: true,
    measure: (f) => ({ counted: true, value: f.closedAt !== null ? 1 : 0 }),
    unit: lastUnit,
  },
  rework: {
    code: 'rework',
    name: n('返工率', 'Reopened (rework) rate'),
    kind: 'rate',
    numerator: n('因不满意被退回重办的案件', 'cases reopened after an unsatisfied rating'),
    denominator: n('已办结(报结)过的案件', 'cases resolved at least once'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    target: null,
    baseline: null,
    better: 'lower',
    available: true,
    measure: (f) => ({ counted: f.resolvedAt !== null, value: f.reopened > 0 ? 1 : 0 }),
    unit: lastUnit,
  },
  repeat: {
    code: 'repeat',
    name: n('重复投诉率', 'Repeat-complaint rate'),
    kind: 'rate',
    numerator: n('100 米内同一事项的重复投诉', 'complaints repeating an earlier one of the same matter within 100 m'),
    denominator: n('期内受理的案件', 'cases reported in the period'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    target: 0.175,
    baseline: 0.35,
    better: 'lower',
    available: true,
    measure: (f) => ({ counted: true, value: f.repeat ? 1 : 0 }),
    unit: lastUnit,
  },
  joint: {
    code: 'joint',
    name: n('联合执法占比', 'Joint-enforcement share'),
    kind: 'rate',
    numerator: n('发起联合执法的案件', 'cases with a joint enforcement action'),
    denominator: n('期内受理的案件', 'cases reported in the period'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    target: 0.35,
    baseline: null,
    better: 'higher',
    available: true,
    measure: (f) => ({ counted: true, value: f.joint ? 1 : 0 }),
    unit: lastUnit,
  },
  border: {
    code: 'border',
    name: n('交界区域投诉量', 'Border-zone complaints'),
    kind: 'count',
    numerator: n('距其他联盟城市边界 2 公里内的投诉', 'complaints within 2 km of another alliance city'),
    denominator: n('—', '—'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    // the target is a change: −30 % against the same period a year earlier
    target: -0.3,
    baseline: null,
    better: 'lower',
    available: true,
    measure: (f) => ({ counted: f.border, value: 1 }),
    unit: lastUnit,
  },
  publication: {
    code: 'publication',
    name: n('结果公开率', 'Results published'),
    kind: 'rate',
    numerator: n('办理结果已向诉求人公开的案件', 'closed cases whose result was published to the reporter'),
    denominator: n('期内结案的案件', 'cases closed in the period'),
    basis: 'closedAt',
    charged: n('结案单位', 'the unit that closed it'),
    target: 0.8,
    baseline: 0.4,
    better: 'higher',
    available: true,
    measure: (f) => ({ counted: f.closedAt !== null, value: f.published ? 1 : 0 }),
    unit: (f) => f.closingUnit,
  },
  satisfaction: {
    code: 'satisfaction',
    name: n('满意率', 'Satisfaction'),
    kind: 'rate',
    numerator: n('评价为满意的案件', 'cases rated satisfied'),
    denominator: n('诉求人已评价的案件(未评价不计)', 'cases the reporter rated (unrated ones are not counted)'),
    basis: 'resolvedAt',
    charged: CHARGED_LAST,
    target: 0.9,
    baseline: 0.856,
    better: 'higher',
    available: true,
    measure: (f) => ({ counted: f.rating !== null, value: f.rating === 'satisfied' ? 1 : 0 }),
    unit: lastUnit,
  },
  infoSharing: {
    code: 'infoSharing',
    name: n('信息共享率', 'Information sharing'),
    kind: 'rate',
    numerator: n('按期答复的数据协查请求', 'data requests answered within their deadline'),
    denominator: n(
      '部门间数据协查请求(已答复或已逾期;期限内未答复的不计)',
      'data requests between departments (answered, or past their deadline; those still within it are not counted)',
    ),
    basis: 'reportedAt',
    charged: n('被请求单位(一案多次请求的,按最近一次)', 'the unit asked (where a case had several requests, the latest)'),
    target: 0.8,
    // seed plan 2.3.2: 信息共享率不足 30 %
    baseline: 0.3,
    better: 'higher',
    available: true,
    // counted per request: the numerator and denominator are request counts
    measure: (f) => ({ counted: f.dataRequestsJudged > 0, value: f.dataRequestsOnTime, weight: f.dataRequestsJudged }),
    counts: n('项请求', 'requests'),
    unit: (f) => f.dataRequestUnit,
  },
  flexibleEnforcement: {
    code: 'flexibleEnforcement',
    name: n('柔性执法占比', 'Non-penalty enforcement share'),
    kind: 'rate',
    numerator: n('以劝导、警告、责令改正结案的执法记录', 'enforcement records closed with persuasion, a warning or an order to correct'),
    denominator: n('期内办结案件的执法记录', 'enforcement records of cases resolved in the period'),
    basis: 'resolvedAt',
    charged: CHARGED_LAST,
    target: 0.6,
    baseline: null,
    better: 'higher',
    available: true,
    measure: (f) => ({ counted: f.enforcementFlexible !== null, value: f.enforcementFlexible === true ? 1 : 0 }),
    unit: lastUnit,
  },
  discretionDeviation: {
    code: 'discretionDeviation',
    name: n('自由裁量偏差率', 'Discretion deviations'),
    kind: 'rate',
    numerator: n(
      '偏离本市自由裁量基准的执法记录(经审批方可结案)',
      "records departing from the city's discretion standard (closed only with a supervisor's approval)",
    ),
    denominator: n('期内办结案件的执法记录', 'enforcement records of cases resolved in the period'),
    basis: 'resolvedAt',
    charged: CHARGED_LAST,
    target: 0.1,
    baseline: null,
    better: 'lower',
    available: true,
    measure: (f) => ({ counted: f.enforcementDeviating !== null, value: f.enforcementDeviating === true ? 1 : 0 }),
    unit: lastUnit,
  },
  transfersRejected: {
    code: 'transfersRejected',
    name: n('转办被退回次数', 'Transfers rejected'),
    kind: 'count',
    numerator: n('被目标单位拒收的转办', 'transfers the target unit rejected'),
    denominator: n('—', '—'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    target: null,
    baseline: null,
    better: 'lower',
    available: true,
    measure: (f) => ({ counted: f.transfersRejected > 0, value: f.transfersRejected }),
    unit: lastUnit,
  },
  disputes: {
    code: 'disputes',
    name: n('管辖争议数', 'Jurisdiction disputes raised'),
    kind: 'count',
    numerator: n('因拒收或二次转办引发的争议', 'disputes from a rejection or a second transfer'),
    denominator: n('—', '—'),
    basis: 'reportedAt',
    charged: CHARGED_LAST,
    target: null,
    baseline: null,
    better: 'lower',
    available: true,
    measure: (f) => ({ counted: f.disputes > 0, value: f.disputes }),
    unit: lastUnit,
  },
  disputesRuledInTime: {
    code: 'disputesRuledInTime',
    name: n('争议 3 个工作日内裁定率', 'Disputes ruled within 3 working days'),
    kind: 'rate',
    numerator: n('3 个工作日内裁定的争议', 'disputes ruled within 3 working days'),
    denominator: n('已裁定的争议', 'disputes ruled'),
    basis: 'reportedAt',
    charged: n('裁定后的承办单位', 'the unit the ruling gave the case to'),
    target: null,
    baseline: null,
    better: 'higher',
    available: true,
    // counted per dispute: the numerator and denominator are dispute counts
    measure: (f) => ({ counted: f.disputesRuled > 0, value: f.disputesRuledInTime, weight: f.disputesRuled }),
    counts: n('起争议', 'disputes'),
    unit: lastUnit,
  },
};

export interface Figure {
  numerator: number;
  denominator: number;
  /** the rate, mean or count; null when nothing was counted */
  value: number | null;
}

const basisOf = (f: CaseFacts, i: Indicator) => f[i.basis];

/** An indicator over a set of cases in a period. */
export function compute(code: IndicatorCode, facts: Iterable<CaseFacts>, period: Period, asOf: Date): Figure {
  const i = INDICATORS[code];
  let num = 0;
  let den = 0;
  if (i.available) {
    for (const f of facts) {
      if (!inPeriod(basisOf(f, i), period)) continue;
      const m = i.measure(f, asOf);
      if (!m.counted) continue;
      num += m.value;
      den += m.weight ?? 1;
    }
  }
  return figure(i, num, den);
}

export function figure(i: Indicator, numerator: number, denominator: number): Figure {
  const value = !i.available || denominator === 0 ? null : i.kind === 'count' ? numerator : numerator / denominator;
  return { numerator, denominator, value };
}

/** An indicator per charged unit. */
export function computeByUnit(code: IndicatorCode, facts: Iterable<CaseFacts>, period: Period, asOf: Date): Map<string, Figure> {
  const i = INDICATORS[code];
  const groups = new Map<string, CaseFacts[]>();
  for (const f of facts) {
    const u = i.unit(f);
    if (u === null) continue;
    const list = groups.get(u) ?? [];
    list.push(f);
    groups.set(u, list);
  }
  return new Map([...groups].map(([u, list]) => [u, compute(code, list, period, asOf)]));
}

/** Median of the hours from report to first claim (cases claimed, reported in the period). */
export function medianResponseHours(facts: Iterable<CaseFacts>, period: Period): number | null {
  const hs: number[] = [];
  for (const f of facts) if (f.firstClaimAt !== null && inPeriod(f.reportedAt, period)) hs.push(hours(f.reportedAt, f.firstClaimAt));
  if (hs.length === 0) return null;
  hs.sort((a, b) => a - b);
  const mid = Math.floor(hs.length / 2);
  return hs.length % 2 === 1 ? (hs[mid] ?? null) : ((hs[mid - 1] ?? 0) + (hs[mid] ?? 0)) / 2;
}

/** Relative change of a figure against an earlier one (同比 / 环比); null when either is missing or the earlier is 0. */
export function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / before;
}

/** Red / amber / green of a value against its target: green meets it, amber is within 10 % of the way from the baseline. */
export type Rag = 'green' | 'amber' | 'red' | 'none';
export function rag(code: IndicatorCode, value: number | null, yearEarlier: number | null = null): Rag {
  const i = INDICATORS[code];
  if (value === null || i.target === null) return 'none';
  if (code === 'border') {
    const c = change(value, yearEarlier);
    if (c === null) return 'none';
    return c <= i.target ? 'green' : c <= 0 ? 'amber' : 'red';
  }
  const meets = i.better === 'higher' ? value >= i.target : value <= i.target;
  if (meets) return 'green';
  const gap = Math.abs(value - i.target) / Math.max(Math.abs(i.target), 1e-9);
  return gap <= 0.1 ? 'amber' : 'red';
}

/**
 * The composite score per unit (综合指标值, out of 100), as the city bulletins rank units: a weighted
 * mean of the unit's rates scored 0–100 (a lower-is-better rate scores 100 × (1 − rate)). A rate
 * the unit had nothing to count for is left out and the remaining weights share its weight.
 * The weights are configuration (COMPOSITE_WEIGHTS is the default).
 */
export type CompositeWeights = Partial<Record<IndicatorCode, number>>;
export const COMPOSITE_WEIGHTS: CompositeWeights = { responseOnTime: 0.25, resolvedOnTime: 0.2, resolution: 0.25, rework: 0.1, satisfaction: 0.2 };

export function compositeScore(figures: Partial<Record<IndicatorCode, Figure>>, weights: CompositeWeights = COMPOSITE_WEIGHTS): number | null {
  let sum = 0;
  let weight = 0;
  for (const [code, w] of Object.entries(weights) as Array<[IndicatorCode, number]>) {
    const f = figures[code];
    const i = INDICATORS[code];
    if (!f || f.value === null || i.kind !== 'rate' || w <= 0) continue;
    sum += w * 100 * (i.better === 'higher' ? f.value : 1 - f.value);
    weight += w;
  }
  return weight === 0 ? null : Math.round((sum / weight) * 100) / 100;
}

/** Composite score of every unit charged in the period, best first. */
export function rankUnits(
  facts: readonly CaseFacts[],
  period: Period,
  asOf: Date,
  weights: CompositeWeights = COMPOSITE_WEIGHTS,
): Array<{ unit: string; score: number; cases: number }> {
  const byCode = new Map<IndicatorCode, Map<string, Figure>>();
  for (const code of Object.keys(weights) as IndicatorCode[]) byCode.set(code, computeByUnit(code, facts, period, asOf));
  const intake = computeByUnit('intake', facts, period, asOf);
  const units = new Set<string>();
  for (const m of byCode.values()) for (const u of m.keys()) units.add(u);
  const out: Array<{ unit: string; score: number; cases: number }> = [];
  for (const unit of units) {
    const figures: Partial<Record<IndicatorCode, Figure>> = {};
    for (const [code, m] of byCode) {
      const f = m.get(unit);
      if (f) figures[code] = f;
    }
    const score = compositeScore(figures, weights);
    if (score !== null) out.push({ unit, score, cases: intake.get(unit)?.numerator ?? 0 });
  }
  return out.sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit));
}
