import type { Alliance } from '@gongzhi/geo';
import {
  DEPARTMENT_CODES,
  DEPARTMENTS,
  findMatter,
  NO_RECORDS_OR_REQUESTS,
  responseWindowMs,
  type CaseFacts,
  type CaseSource,
  type MatrixVersion,
} from '@gongzhi/domain';
import { matterOfCategory, parseOrderTime } from './orders.ts';

/**
 * Closed work orders of earlier years (12345 or the old 数字城管 system), so that year-on-year
 * comparisons exist from the first day. They become facts rows (`historical`), not live cases.
 */
const COLUMNS = {
  orderNo: ['工单编号', '工单号', '案件编号', '编号', 'order_no', 'number', 'id'],
  reportedAt: ['受理时间', '立案时间', '来电时间', '上报时间', 'intake_at', 'reported_at', 'time'],
  claimedAt: ['签收时间', '派遣时间', 'claimed_at', 'claim_at'],
  closedAt: ['结案时间', '办结时间', 'closed_at'],
  unit: ['承办单位', '处置单位', '责任单位', 'unit', 'department'],
  category: ['事项', '诉求分类', '案件类别', '类别', '小类', 'matter', 'category'],
  district: ['区县', '所属区县', '行政区', 'district', 'county'],
  rating: ['评价', '满意度', '回访结果', 'rating'],
  reopened: ['返工', '是否返工', '重办', 'reopened'],
  published: ['结果公开', '是否公开', 'published'],
  source: ['来源', '案件来源', 'source'],
} as const;
export type HistoryColumn = keyof typeof COLUMNS;
const REQUIRED: HistoryColumn[] = ['orderNo', 'reportedAt', 'closedAt', 'unit', 'category', 'district'];

export function mapHistoryHeader(header: readonly string[]): { columns: Partial<Record<HistoryColumn, number>>; missing: string[] } {
  const norm = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const columns: Partial<Record<HistoryColumn, number>> = {};
  for (const [column, names] of Object.entries(COLUMNS) as Array<[HistoryColumn, readonly string[]]>) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) columns[column] = i;
  }
  return { columns, missing: REQUIRED.filter((c) => columns[c] === undefined).map((c) => `${COLUMNS[c][0]} (${COLUMNS[c].at(-2) ?? c})`) };
}

const YES = new Set(['是', '1', 'true', 'yes', 'y', '返工', '已公开', '公开']);
const NO = new Set(['否', '0', 'false', 'no', 'n', '', '未公开']);

function rating(text: string): CaseFacts['rating'] | undefined {
  const t = text.trim().toLowerCase();
  if (t === '满意' || t === '基本满意' || t === 'satisfied') return 'satisfied';
  if (t === '不满意' || t === 'unsatisfied') return 'unsatisfied';
  if (t === '' || t === '未评价' || t === '无' || t === 'none') return null;
  return undefined;
}

function source(text: string | undefined, fallback: CaseSource): CaseSource | undefined {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '') return fallback;
  if (t.includes('12345') || t.includes('热线') || t === 'hotline') return 'hotline';
  if (t.includes('巡查') || t.includes('监督员') || t.includes('数字城管') || t === 'patrol') return 'patrol';
  if (t.includes('app') || t.includes('公众号') || t.includes('小程序')) return 'app';
  if (t.includes('感知') || t.includes('sensor')) return 'sensor';
  return undefined;
}

/** A unit as an old system wrote it: `510100:urban`, a department code, or the department's Chinese name (in the row's city). */
function unitOf(text: string, cityAdcode: string): string | null {
  const t = text.trim();
  if (/^\d{6}:[a-z]+$/.test(t)) return DEPARTMENT_CODES.some((d) => t === `${cityAdcode}:${d}`) ? t : null;
  const byCode = DEPARTMENT_CODES.find((d) => d === t.toLowerCase());
  if (byCode) return `${cityAdcode}:${byCode}`;
  const named = DEPARTMENT_CODES.filter((d) => t.includes(DEPARTMENTS[d].zh) || DEPARTMENTS[d].zh.includes(t));
  const [only] = named;
  return named.length === 1 && only ? `${cityAdcode}:${only}` : null;
}

export type HistoryResult = { ok: true; orderNo: string; facts: CaseFacts } | { ok: false; orderNo: string; reason: string };

/** One closed work order → its facts, or why it cannot be taken (in Chinese, for the rejects file). */
export function parseHistoryRow(
  fields: readonly string[],
  columns: Partial<Record<HistoryColumn, number>>,
  ctx: { matrix: MatrixVersion; alliance: Alliance; defaultSource: CaseSource },
): HistoryResult {
  const get = (c: HistoryColumn) => {
    const i = columns[c];
    return i === undefined ? undefined : (fields[i] ?? '').trim();
  };
  const orderNo = get('orderNo') ?? '';
  const fail = (reason: string): HistoryResult => ({ ok: false, orderNo, reason });
  if (!orderNo) return fail('缺少工单编号');
  const reportedAt = parseOrderTime(get('reportedAt') ?? '');
  if (!reportedAt) return fail('受理时间无法识别');
  const closedAt = parseOrderTime(get('closedAt') ?? '');
  if (!closedAt) return fail('结案时间无法识别(只导入已结案的工单)');
  if (closedAt < reportedAt) return fail('结案时间早于受理时间');
  const claimText = get('claimedAt') ?? '';
  const claimedAt = claimText ? parseOrderTime(claimText) : null;
  if (claimText && !claimedAt) return fail('签收时间无法识别');
  if (claimedAt && (claimedAt < reportedAt || claimedAt > closedAt)) return fail('签收时间不在受理与结案之间');
  const districtText = get('district') ?? '';
  const county = ctx.alliance.counties.find((c) => c.adcode === districtText || c.name.zh === districtText);
  if (!county) return fail(`区县不在四市范围内:${districtText}`);
  const matterCode = matterOfCategory(ctx.matrix, get('category') ?? '');
  if (!matterCode) return fail(`事项无法对应职责清单:${get('category') ?? ''}`);
  const matter = findMatter(ctx.matrix, matterCode);
  const unit = unitOf(get('unit') ?? '', county.cityAdcode);
  if (!unit) return fail(`承办单位无法识别:${get('unit') ?? ''}`);
  const rated = rating(get('rating') ?? '');
  if (rated === undefined) return fail(`评价无法识别:${get('rating') ?? ''}`);
  const reopenedText = (get('reopened') ?? '').toLowerCase();
  if (!YES.has(reopenedText) && !NO.has(reopenedText)) return fail(`返工标记无法识别:${reopenedText}`);
  const publishedText = (get('published') ?? '').toLowerCase();
  if (!YES.has(publishedText) && !NO.has(publishedText)) return fail(`结果公开标记无法识别:${publishedText}`);
  const src = source(get('source'), ctx.defaultSource);
  if (!src) return fail(`来源无法识别:${get('source') ?? ''}`);
  const respondBy = new Date(reportedAt.getTime() + responseWindowMs(matter.tier));
  return {
    ok: true,
    orderNo,
    facts: {
      caseId: historyCaseId(orderNo),
      cityAdcode: county.cityAdcode,
      countyAdcode: county.adcode,
      matterCode,
      domainCode: matter.domain,
      source: src,
      tier: matter.tier,
      reportedAt: reportedAt.toISOString(),
      respondBy: respondBy.toISOString(),
      firstClaimAt: claimedAt?.toISOString() ?? null,
      responseUnit: claimedAt ? unit : null,
      resolveBy: null,
      resolvedAt: closedAt.toISOString(),
      closedAt: closedAt.toISOString(),
      closingUnit: unit,
      holderUnit: null,
      reopened: YES.has(reopenedText) ? 1 : 0,
      transfers: 0,
      transfersRejected: 0,
      disputes: 0,
      disputesRuled: 0,
      disputesRuledInTime: 0,
      supervisionOrders: 0,
      supervisionOverdue: 0,
      joint: false,
      border: false,
      repeat: false,
      rating: rated,
      published: YES.has(publishedText),
      historical: true,
      ...NO_RECORDS_OR_REQUESTS,
    },
  };
}

/** Imported orders are keyed by their number: importing a file again adds nothing. */
export const historyCaseId = (orderNo: string) => `history:${orderNo}`;
