/**
 * Gzipped JavaScript each first page of the portal downloads (goal: under 150 kB), read from the
 * Vite manifest of the built portal: the entry with its static imports, plus the page's own chunk
 * and its static imports. Map and chart code must stay out (loaded on demand). Run after
 * `pnpm --filter @gongzhi/portal build`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../apps/portal/dist/', import.meta.url));
const BUDGET = 150 * 1024;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
const manifest = JSON.parse(readFileSync(`${DIST}.vite/manifest.json`, 'utf8')) as Record<string, Chunk>;
// the page's entry (the service worker, src/sw.ts, is the other entry)
const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && k.endsWith('index.html'))!;

/** A chunk and everything it imports statically (what the browser must load before it runs). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]!.imports ?? []) closure(i, seen);
  return seen;
}
const gz = (keys: Iterable<string>) => [...keys].reduce((sum, k) => sum + gzipSync(readFileSync(DIST + manifest[k]!.file)).length, 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

const entry = closure(entryKey);
const routeKey = (name: string) => Object.keys(manifest).find((k) => k.endsWith(`${name}.tsx`))!;
const pages = [
  'routes/Login',
  'routes/Inbox',
  'routes/Matrix',
  'routes/Case',
  'routes/Standards',
  'routes/Disputes',
  'routes/Triage',
  'routes/Status',
  'routes/Intake',
  'routes/Dashboard',
];
console.log(`entry (shell, router, tRPC client, i18n): ${kb(gz(entry))} gzipped`);
for (const page of pages) {
  const all = closure(routeKey(page), new Set(entry));
  const total = gz(all);
  console.log(`first page ${page.replace('routes/', '').padEnd(10)} ${kb(total).padStart(9)} gzipped  = ${(total / BUDGET).toFixed(3)} of the 150 kB budget`);
}
const map = routeKey('components/CityMap');
console.log(
  `on demand: CityMap ${kb(gz([map]))}, loaded only when a case page shows its map; in the inbox's closure: ${closure(routeKey('routes/Inbox'), new Set(entry)).has(map)}`,
);
const charts = routeKey('components/DashboardCharts');
const chartsClosure = [...closure(charts)].filter((k) => !closure(routeKey('routes/Dashboard'), new Set(entry)).has(k));
console.log(
  `on demand: DashboardCharts (ECharts: line, bar, heatmap, map; canvas) ${kb(gz(chartsClosure))}, loaded after the dashboard's tiles; in the dashboard's first-page closure: ${closure(routeKey('routes/Dashboard'), new Set(entry)).has(charts)}`,
);
