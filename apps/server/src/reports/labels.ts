import type { Bulletin } from '@gongzhi/api';

/** The words of a printed or exported bulletin, in both languages of the portal. */
export const BULLETIN_LABELS = {
  zh: {
    period: '统计期间',
    area: '范围',
    generated: '生成时间',
    summary: '一、主要指标',
    indicator: '指标',
    value: '本期',
    counted: '分子 / 分母',
    yearEarlier: '上年同期',
    yoy: '同比',
    previous: '上期',
    mom: '环比',
    target: '目标',
    baseline: '2023 年基线',
    status: '达标情况',
    rag: { green: '达标', amber: '接近目标', red: '未达标', none: '—' },
    ranking: '二、单位综合排名',
    rank: '名次',
    unit: '单位',
    score: '综合指标值',
    cases: '受理量',
    top: '排名前三',
    bottom: '排名后三',
    formula: '综合指标值(满分 100)为签收及时率、按期结案率、结案率、(1 − 返工率)、满意率的加权平均,权重:',
    districts: '三、各区县情况',
    district: '区县',
    intake: '受理量',
    intakeYearEarlier: '上年同期受理量',
    responseOnTime: '签收及时率',
    resolution: '结案率',
    resolvedOnTime: '按期结案率',
    satisfaction: '满意率',
    border: '交界区域投诉',
    matters: '四、高发事项(前五)',
    matter: '事项',
    overdue: '五、超时案件',
    lateResponse: '签收超时',
    lateResolution: '超期结案',
    reopened: '六、返工案件',
    number: '编号',
    reported: '受理时间',
    state: '状态',
    open: '办理中',
    closed: '已结案',
    historical: '历史工单',
    total: '共 {n} 件',
    shown: '列出前 {n} 件',
    none: '无',
    print: '打印 / 另存为 PDF',
    xlsx: '下载 Excel',
  },
  en: {
    period: 'Period',
    area: 'Scope',
    generated: 'Generated',
    summary: '1. Main indicators',
    indicator: 'Indicator',
    value: 'This period',
    counted: 'Numerator / denominator',
    yearEarlier: 'A year earlier',
    yoy: 'Year on year',
    previous: 'Previous period',
    mom: 'On previous',
    target: 'Target',
    baseline: '2023 baseline',
    status: 'Status',
    rag: { green: 'On target', amber: 'Near target', red: 'Off target', none: '—' },
    ranking: '2. Units by composite score',
    rank: 'Rank',
    unit: 'Unit',
    score: 'Composite score',
    cases: 'Cases',
    top: 'Top three',
    bottom: 'Bottom three',
    formula: 'The composite score (out of 100) is a weighted mean of claimed in time, resolved on time, resolution, (1 − rework) and satisfaction; weights:',
    districts: '3. Districts',
    district: 'District',
    intake: 'Cases',
    intakeYearEarlier: 'A year earlier',
    responseOnTime: 'Claimed in time',
    resolution: 'Resolution',
    resolvedOnTime: 'Resolved on time',
    satisfaction: 'Satisfaction',
    border: 'Border-zone',
    matters: '4. Most frequent matters (top five)',
    matter: 'Matter',
    overdue: '5. Deadlines missed',
    lateResponse: 'Claimed late',
    lateResolution: 'Resolved late',
    reopened: '6. Reopened cases',
    number: 'No.',
    reported: 'Reported',
    state: 'State',
    open: 'Open',
    closed: 'Closed',
    historical: 'Earlier system',
    total: '{n} in all',
    shown: 'the first {n} listed',
    none: 'None',
    print: 'Print / save as PDF',
    xlsx: 'Download Excel',
  },
};
export type BulletinLang = keyof typeof BULLETIN_LABELS;

type Tile = Bulletin['summary'][number];
/** A figure in its unit: rates in per cent, means in hours, counts as they are. */
export function formatFigure(kind: Tile['kind'], value: number | null, lang: BulletinLang): string {
  if (value === null) return '—';
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (kind === 'mean') return `${value.toFixed(2)} ${lang === 'zh' ? '小时' : 'h'}`;
  return String(value);
}
export const formatChange = (c: number | null) => (c === null ? '—' : `${c > 0 ? '+' : ''}${(c * 100).toFixed(1)}%`);
export const fill = (template: string, params: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
/** Beijing time, minutes. */
export const beijing = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
/** The target as printed (the border target is a change against a year earlier). */
export function formatTarget(t: Tile, lang: BulletinLang): string {
  if (t.target === null) return '—';
  if (t.code === 'border') return lang === 'zh' ? '同比下降 30%' : '−30 % year on year';
  return formatFigure(t.kind, t.target, lang);
}
export const weightsText = (weights: Bulletin['ranking']['weights'], summary: Bulletin['summary'], lang: BulletinLang) =>
  Object.entries(weights)
    .map(([code, w]) => `${summary.find((t) => t.code === code)?.name[lang] ?? code} ${Math.round((w ?? 0) * 100)}%`)
    .join(lang === 'zh' ? '、' : ', ');
