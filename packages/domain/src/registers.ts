import { addWorkingDays } from './calendar.ts';
import { isCreditCode, type Measure } from './enforcement.ts';

/**
 * Shared registers (信息共享): market regulation's licensed businesses, looked up by name, credit
 * code or address; every unit's violation history from closed cases; data requests between
 * departments and the information-sharing rate. Pure: the caller loads and stores.
 */
export type LicenceStatus = 'active' | 'suspended' | 'revoked' | 'expired';
export const LICENCE_STATUSES: readonly LicenceStatus[] = ['active', 'suspended', 'revoked', 'expired'];

export interface Business {
  name: string;
  creditCode: string;
  address: string;
  scope: string;
  status: LicenceStatus;
}

export type RegisterReject = 'NAME_MISSING' | 'CREDIT_CODE_INVALID' | 'CREDIT_CODE_DUPLICATE' | 'ADDRESS_MISSING' | 'STATUS_UNKNOWN';

const STATUS_WORDS: Record<string, LicenceStatus> = {
  active: 'active',
  存续: 'active',
  在业: 'active',
  suspended: 'suspended',
  停业: 'suspended',
  revoked: 'revoked',
  吊销: 'revoked',
  expired: 'expired',
  注销: 'expired',
  过期: 'expired',
};

/**
 * Rows of a register file (CSV/XLSX already parsed into header → cell) to businesses. Each bad row
 * is rejected with its 1-based row number and reasons; good rows are kept.
 */
export function parseBusinessRows(rows: readonly Record<string, string | undefined>[]): {
  businesses: Business[];
  rejects: { row: number; reasons: RegisterReject[] }[];
} {
  const pick = (r: Record<string, string | undefined>, ...keys: string[]) => (keys.map((k) => r[k]).find((v) => v !== undefined) ?? '').trim();
  const seen = new Set<string>();
  const businesses: Business[] = [];
  const rejects: { row: number; reasons: RegisterReject[] }[] = [];
  rows.forEach((r, i) => {
    const reasons: RegisterReject[] = [];
    const name = pick(r, 'name', '名称', '企业名称');
    const creditCode = pick(r, 'creditCode', 'credit_code', '统一社会信用代码').toUpperCase();
    const address = pick(r, 'address', '地址', '住所');
    const scope = pick(r, 'scope', '经营范围');
    const status = STATUS_WORDS[pick(r, 'status', '状态', '登记状态').toLowerCase()];
    if (!name) reasons.push('NAME_MISSING');
    if (!isCreditCode(creditCode)) reasons.push('CREDIT_CODE_INVALID');
    else if (seen.has(creditCode)) reasons.push('CREDIT_CODE_DUPLICATE');
    if (!address) reasons.push('ADDRESS_MISSING');
    if (!status) reasons.push('STATUS_UNKNOWN');
    if (reasons.length || !status) {
      rejects.push({ row: i + 1, reasons });
      return;
    }
    seen.add(creditCode);
    businesses.push({ name, creditCode, address, scope, status });
  });
  return { businesses, rejects };
}

/** Name/address text folded for matching: no whitespace or punctuation, ASCII lower-case. */
export function foldText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * An in-memory lookup over a register: exact credit code, and name/address by character bigrams
 * (Chinese names have no word breaks), candidates ranked by shared bigrams then verified by
 * substring. Built once per register load.
 */
export class BusinessIndex {
  private readonly byCode = new Map<string, number>();
  private readonly grams = new Map<string, number[]>();
  private readonly folded: string[] = [];

  constructor(readonly businesses: readonly Business[]) {
    businesses.forEach((b, i) => {
      this.byCode.set(b.creditCode, i);
      const text = `${foldText(b.name)}|${foldText(b.address)}`;
      this.folded.push(text);
      for (const g of new Set(bigrams(text))) {
        const list = this.grams.get(g);
        if (list) list.push(i);
        else this.grams.set(g, [i]);
      }
    });
  }

  /** By credit code (exact), else by name or address fragment; at most `limit` results. */
  lookup(query: string, limit = 10): Business[] {
    const code = query.trim().toUpperCase();
    const exact = this.byCode.get(code);
    if (exact !== undefined) return [this.businesses[exact] as Business];
    const q = foldText(query);
    if (q.length === 0) return [];
    const qGrams = q.length === 1 ? [] : [...new Set(bigrams(q))];
    let candidates: number[];
    if (qGrams.length === 0) {
      candidates = [];
      for (let i = 0; i < this.folded.length && candidates.length < limit; i++) if (this.folded[i]?.includes(q)) candidates.push(i);
      return candidates.map((i) => this.businesses[i] as Business);
    }
    // Start from the rarest bigram: every match contains all of them.
    const lists = qGrams.map((g) => this.grams.get(g) ?? []).sort((a, b) => a.length - b.length);
    const out: Business[] = [];
    // Candidates: the rarest list intersected with the next rarest (both ascending).
    const first = lists[0] ?? [];
    const second = lists[1];
    let j = 0;
    for (const i of first) {
      if (second) {
        while (j < second.length && (second[j] ?? Infinity) < i) j++;
        if (second[j] !== i) continue;
      }
      if (this.folded[i]?.includes(q)) out.push(this.businesses[i] as Business);
      if (out.length >= limit) break;
    }
    return out;
  }
}

function bigrams(s: string): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push((chars[i] ?? '') + (chars[i + 1] ?? ''));
  return out;
}

/** One closed case against a subject, as the violation history keeps it. */
export interface Violation {
  caseId: string;
  /** whom it was against, as subjectKey says */
  subjectKey: string;
  matterCode: string;
  measure: Measure;
  fineAmount: number | null;
  closedAt: string;
}

/**
 * Who a case was against, for the violation history (the rule every history is derived by; the
 * enforcement record stores it when it is saved):
 * - a business with a unified social credit code: the code, whatever name it went by;
 * - a person, or a stall known only by what it is called: the folded name (foldText: width, case,
 *   spaces and punctuation do not count), so 王记烧烤 and "王记 烧烤" are one subject;
 * - a business without a code (an unregistered shop): the folded name at the folded address where
 *   the case was (`place`, the case's address), so two shops of one common name are not merged.
 * Two records with the same key are the same subject; a different name is a different subject.
 */
export function subjectKey(subject: { kind: 'person' | 'business'; name: string; creditCode?: string | null }, place?: string | null): string {
  if (subject.kind === 'business' && subject.creditCode) return subject.creditCode.toUpperCase();
  if (subject.kind === 'person') return `person:${foldText(subject.name)}`;
  return `business:${foldText(subject.name)}@${foldText(place ?? '')}`;
}

export interface ViolationHistory {
  subjectKey: string;
  /** earlier cases, newest first */
  cases: Violation[];
  /** two or more closed cases: marked as a repeat offender */
  repeat: boolean;
}

/** A subject's history before `before` (ISO time): earlier closed cases, newest first. */
export function violationHistory(violations: readonly Violation[], key: string, before?: string): ViolationHistory {
  const cases = violations
    .filter((v) => v.subjectKey === key && (before === undefined || v.closedAt < before))
    .sort((a, b) => (a.closedAt < b.closedAt ? 1 : a.closedAt > b.closedAt ? -1 : 0));
  return { subjectKey: key, cases, repeat: cases.length >= 2 };
}

/** A data request from one department to another on a case (数据请求). */
export interface DataRequest {
  id: string;
  caseId: string;
  fromUnit: string;
  toUnit: string;
  need: string;
  workingDays: number;
  sentAt: string;
  answeredAt: string | null;
}

export type DataRequestState = 'open' | 'answered-on-time' | 'answered-late' | 'overdue';

export function dataRequestDueAt(r: Pick<DataRequest, 'sentAt' | 'workingDays'>): Date {
  return addWorkingDays(new Date(r.sentAt), r.workingDays).dueAt;
}

/** Where a request stands at `now`; an overdue one escalates like other deadlines. */
export function dataRequestState(r: DataRequest, now: Date): DataRequestState {
  const due = dataRequestDueAt(r).getTime();
  if (r.answeredAt) return new Date(r.answeredAt).getTime() <= due ? 'answered-on-time' : 'answered-late';
  return now.getTime() > due ? 'overdue' : 'open';
}

/**
 * Information-sharing rate (seed plan 5.3, target 80 %): requests answered on time ÷ requests
 * whose outcome is known at `now` (answered, or past due). Null where there are none.
 */
export function sharingFacts(requests: readonly DataRequest[], now: Date) {
  const states = requests.map((r) => dataRequestState(r, now));
  const onTime = states.filter((s) => s === 'answered-on-time').length;
  const decided = states.filter((s) => s !== 'open').length;
  return { requests: requests.length, decided, onTime, overdue: states.filter((s) => s === 'overdue').length, rate: decided ? onTime / decided : null };
}
