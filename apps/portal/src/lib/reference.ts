import { createResource } from 'solid-js';
import { api } from './trpc.ts';
import { lang } from '../i18n/index.ts';

type Grid = Awaited<ReturnType<typeof api.matrix.grid.query>>;
type Reference = Awaited<ReturnType<typeof api.matrix.reference.query>>;

/** Reference data every page names things with: loaded once, refreshed after a matrix amendment. */
const [grid, { refetch: refetchGrid }] = createResource<Grid>(() => api.matrix.grid.query());
const [reference] = createResource<Reference>(() => api.matrix.reference.query());

export { grid, reference, refetchGrid };

const pick = (n: { zh: string; en: string } | undefined, fallback: string) => (n ? n[lang()] : fallback);

export function matterName(code: string | null | undefined): string {
  if (!code) return '—';
  return pick(grid()?.matters.find((m) => m.code === code)?.name, code);
}
export const matterOf = (code: string | null | undefined) => grid()?.matters.find((m) => m.code === code);
export const departmentName = (code: string) => pick(reference()?.departments.find((d) => d.code === code)?.name, code);
export const domainName = (code: string) => pick(reference()?.domains.find((d) => d.code === code)?.name, code);
export const cityName = (adcode: string | null | undefined) => (adcode ? pick(reference()?.cities.find((c) => c.adcode === adcode)?.name, adcode) : '—');
export function countyName(adcode: string | null | undefined): string {
  if (!adcode) return '—';
  for (const c of reference()?.cities ?? []) {
    const k = c.counties.find((x) => x.adcode === adcode);
    if (k) return k.name[lang()];
  }
  return adcode;
}

/** `510100:urban` → 成都市 城市管理; also names coordinator, leadership and alliance inboxes. */
export function unitName(unit: string | null | undefined, labels: { coordinator: string; leadership: string; alliance: string }): string {
  if (!unit) return '—';
  if (unit === 'leadership') return labels.leadership;
  if (unit === 'alliance') return labels.alliance;
  const [a, b] = unit.split(':') as [string, string];
  if (a === 'coordinator') return `${cityName(b)} ${labels.coordinator}`;
  return `${cityName(a)} ${departmentName(b)}`;
}
