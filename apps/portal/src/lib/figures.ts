import { lang, t } from '../i18n/index.ts';

/** A figure in its unit: rates in per cent, means in hours, counts in cases. */
export function formatValue(kind: 'rate' | 'mean' | 'count', value: number | null): string {
  if (value === null) return '—';
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (kind === 'mean') return `${value.toFixed(2)} ${t().dashboard.hours}`;
  return value.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB');
}
