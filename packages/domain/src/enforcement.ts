import type { ErrorReason } from './errors.ts';
import type { CityStandard } from './standards.ts';

/**
 * An enforcement record (执法记录): what the officer did on a case of an enforcement matter, and
 * its check against the city's discretion standard (自由裁量基准) in force on the case's date.
 * Pure: the caller supplies the standards; nothing here reads a database.
 */
export const MEASURES = ['persuasion', 'warning', 'order', 'fine', 'detain'] as const;
export type Measure = (typeof MEASURES)[number];
/** 柔性执法: measures without a penalty (劝导 / 警告 / 责令改正). */
export const FLEXIBLE_MEASURES: readonly Measure[] = ['persuasion', 'warning', 'order'];

export const SEVERITIES = ['minor', 'ordinary', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Subject =
  { kind: 'person'; name: string } | { kind: 'business'; name: string; /** 统一社会信用代码, where the business has one */ creditCode: string | null };

export interface EnforcementRecord {
  cityAdcode: string;
  matterCode: string;
  /** the case's date (YYYY-MM-DD): the standard in force then judges the record */
  caseDate: string;
  measure: Measure;
  /** yuan; only with measure 'fine' */
  fineAmount: number | null;
  /** items held (暂扣); only with measure 'detain' */
  detainedItems: readonly string[];
  severity: Severity;
  firstOffence: boolean;
  subject: Subject;
}

/**
 * Why a record departs from the standard. Each needs a supervisor's approval with a reason before
 * the case can close, and each is counted (discretion deviations ≤ 10 %, seed plan 5.3).
 */
export type Deviation =
  | { kind: 'fine-above-range'; min: number; max: number; amount: number }
  | { kind: 'fine-below-range'; min: number; max: number; amount: number }
  /** 首违不罚: the standard says a first minor offence is not fined */
  | { kind: 'first-offence-fined' }
  /** the matter carries no fine (a service duty) but a fine or detention was recorded */
  | { kind: 'measure-forbidden'; measure: Measure };

/** A record that cannot be judged at all: the officer must correct it (not a supervisor matter). */
export type RecordProblem =
  | 'NO_STANDARD'
  | 'FINE_AMOUNT_REQUIRED'
  | 'FINE_AMOUNT_UNEXPECTED'
  | 'DETAINED_ITEMS_REQUIRED'
  | 'DETAINED_ITEMS_UNEXPECTED'
  | 'CREDIT_CODE_INVALID'
  | 'CASE_DATE_INVALID';

export interface EnforcementCheck {
  /** the standard that judged the record, null where none was in force */
  standard: CityStandard | null;
  problems: RecordProblem[];
  deviations: Deviation[];
  /** true when the case may close without a supervisor's approval */
  compliant: boolean;
  flexible: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The standard for a city and matter in force on a date: the one with the latest `effectiveFrom`
 * not after the date. A standard changed later does not re-judge an old case.
 */
export function standardInForce(standards: readonly CityStandard[], cityAdcode: string, matterCode: string, date: string): CityStandard | null {
  let best: CityStandard | null = null;
  for (const s of standards) {
    if (s.cityAdcode !== cityAdcode || s.matterCode !== matterCode || s.effectiveFrom > date) continue;
    if (!best || s.effectiveFrom > best.effectiveFrom) best = s;
  }
  return best;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function creditSum(body17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(body17.charAt(i)) * (CREDIT_WEIGHTS[i] ?? 0);
  return sum;
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17. */
export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCodeCheck(code.slice(0, 17)) === code.charAt(17);
}

/** The check character that completes a 17-character credit-code body (for generated registers). */
export function creditCodeCheck(body17: string): string {
  return CREDIT_CHARS.charAt((31 - (creditSum(body17) % 31)) % 31);
}

/** Judge a record against the city's standard for its matter on the case's date. */
export function checkEnforcement(record: EnforcementRecord, standards: readonly CityStandard[]): EnforcementCheck {
  const problems: RecordProblem[] = [];
  const deviations: Deviation[] = [];
  const flexible = FLEXIBLE_MEASURES.includes(record.measure);
  if (!DATE.test(record.caseDate)) problems.push('CASE_DATE_INVALID');
  const standard = problems.length ? null : standardInForce(standards, record.cityAdcode, record.matterCode, record.caseDate);
  if (!standard && !problems.length) problems.push('NO_STANDARD');

  const fined = record.measure === 'fine';
  if (fined && (record.fineAmount === null || !Number.isFinite(record.fineAmount) || record.fineAmount <= 0)) {
    problems.push('FINE_AMOUNT_REQUIRED');
  }
  if (!fined && record.fineAmount !== null) problems.push('FINE_AMOUNT_UNEXPECTED');
  const detained = record.measure === 'detain';
  const items = record.detainedItems.filter((i) => i.trim() !== '');
  if (detained && items.length === 0) problems.push('DETAINED_ITEMS_REQUIRED');
  if (!detained && items.length > 0) problems.push('DETAINED_ITEMS_UNEXPECTED');
  if (record.subject.kind === 'business' && record.subject.creditCode !== null && !isCreditCode(record.subject.creditCode)) {
    problems.push('CREDIT_CODE_INVALID');
  }

  if (standard && (fined || detained)) {
    if (standard.fines === null) {
      deviations.push({ kind: 'measure-forbidden', measure: record.measure });
    } else if (fined && record.fineAmount !== null && record.fineAmount > 0) {
      if (standard.firstOffenceNoPenalty && record.firstOffence && record.severity === 'minor') {
        deviations.push({ kind: 'first-offence-fined' });
      }
      const [min, max] = standard.fines[record.severity];
      if (record.fineAmount > max) deviations.push({ kind: 'fine-above-range', min, max, amount: record.fineAmount });
      else if (record.fineAmount < min) deviations.push({ kind: 'fine-below-range', min, max, amount: record.fineAmount });
    }
  }
  return { standard, problems, deviations, compliant: problems.length === 0 && deviations.length === 0, flexible };
}

/** The outcome two records are compared on in the 同案不同罚 watch. */
export function outcomeOf(record: Pick<EnforcementRecord, 'measure' | 'fineAmount'>): string {
  return record.measure === 'fine' ? `fine:${record.fineAmount ?? 0}` : record.measure;
}

export interface DisparityGroup {
  cityAdcode: string;
  matterCode: string;
  severity: Severity;
  firstOffence: boolean;
  /** outcome → case ids, most frequent first */
  outcomes: { outcome: string; caseIds: string[] }[];
}

/**
 * 同案不同罚 watch: same city, matter, severity and first-offence status but different outcomes
 * (a different measure, or fines differing by more than `fineSpread` of the larger). Groups with
 * one outcome are left out; the rest go to supervisors.
 */
export function disparities(records: readonly (EnforcementRecord & { caseId: string })[], fineSpread = 0.5): DisparityGroup[] {
  const groups = new Map<string, (EnforcementRecord & { caseId: string })[]>();
  for (const r of records) {
    const key = [r.cityAdcode, r.matterCode, r.severity, r.firstOffence].join('|');
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: DisparityGroup[] = [];
  for (const g of groups.values()) {
    const measures = new Set(g.map((r) => r.measure));
    const fines = g.filter((r) => r.measure === 'fine').map((r) => r.fineAmount ?? 0);
    const fineGap = fines.length > 1 && Math.max(...fines) - Math.min(...fines) > fineSpread * Math.max(...fines);
    if (measures.size < 2 && !fineGap) continue;
    const byOutcome = new Map<string, string[]>();
    for (const r of g) {
      const o = outcomeOf(r);
      const ids = byOutcome.get(o);
      if (ids) ids.push(r.caseId);
      else byOutcome.set(o, [r.caseId]);
    }
    const first = g[0];
    if (!first) continue;
    out.push({
      cityAdcode: first.cityAdcode,
      matterCode: first.matterCode,
      severity: first.severity,
      firstOffence: first.firstOffence,
      outcomes: [...byOutcome].map(([outcome, caseIds]) => ({ outcome, caseIds })).sort((a, b) => b.caseIds.length - a.caseIds.length),
    });
  }
  return out;
}

/**
 * Facts for the command centre (seed plan 5.3): 柔性执法 share and discretion-deviation share over
 * a set of checked records. Shares are null where there are no records.
 */
export interface EnforcementFacts {
  records: number;
  flexible: number;
  deviations: number;
  flexibleShare: number | null;
  deviationShare: number | null;
}

export function enforcementFacts(checks: readonly Pick<EnforcementCheck, 'flexible' | 'deviations'>[]): EnforcementFacts {
  const records = checks.length;
  const flexible = checks.filter((c) => c.flexible).length;
  const deviations = checks.filter((c) => c.deviations.length > 0).length;
  return {
    records,
    flexible,
    deviations,
    flexibleShare: records ? flexible / records : null,
    deviationShare: records ? deviations / records : null,
  };
}

/** A supervisor's approval of a deviating record: who, and why (the reason is required). */
export interface DeviationApproval {
  supervisorId: string;
  reason: string;
}

export type CloseBlock = 'RECORD_INVALID' | 'APPROVAL_REQUIRED' | 'APPROVAL_REASON_REQUIRED' | 'APPROVAL_BY_OFFICER';

/**
 * Whether a case with this checked record may close: a compliant record closes; a deviating one
 * needs a supervisor other than the recording officer to approve it with a reason; a record with
 * problems never closes until corrected. Returns null when the case may close.
 */
export function closeBlock(check: Pick<EnforcementCheck, 'problems' | 'deviations'>, officerId: string, approval: DeviationApproval | null): CloseBlock | null {
  if (check.problems.length) return 'RECORD_INVALID';
  if (!check.deviations.length) return null;
  if (!approval) return 'APPROVAL_REQUIRED';
  if (approval.reason.trim().length === 0) return 'APPROVAL_REASON_REQUIRED';
  if (approval.supervisorId === officerId) return 'APPROVAL_BY_OFFICER';
  return null;
}

/** The reason a record that cannot be judged is refused with (the officer corrects it). */
export const PROBLEM_REASONS: Record<RecordProblem, ErrorReason> = {
  NO_STANDARD: 'ENFORCEMENT_NO_STANDARD',
  FINE_AMOUNT_REQUIRED: 'FINE_AMOUNT_REQUIRED',
  FINE_AMOUNT_UNEXPECTED: 'FINE_AMOUNT_UNEXPECTED',
  DETAINED_ITEMS_REQUIRED: 'DETAINED_ITEMS_REQUIRED',
  DETAINED_ITEMS_UNEXPECTED: 'DETAINED_ITEMS_UNEXPECTED',
  CREDIT_CODE_INVALID: 'CREDIT_CODE_INVALID',
  CASE_DATE_INVALID: 'CASE_DATE_INVALID',
};

/**
 * An enforcement matter: the city's standard in force for it carries a discretion baseline (fines
 * by severity). Resolving its case requires an enforcement record; a service duty (no fines) does not.
 */
export const isEnforcementMatter = (standard: CityStandard | null): boolean => standard !== null && standard.fines !== null;

/** The case's date in China (UTC+8, no daylight saving): which standard was in force. */
export const caseDateOf = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
