import { writeFileSync } from 'node:fs';
import { COMPLAINT_EXAMPLES, MATRIX_V1_MATTERS } from '@gongzhi/domain';
import type { Alliance } from '@gongzhi/geo';
import { csvLine, writeXlsxRows } from './spreadsheet-out.ts';

/** The defects a generated export carries on purpose, one per affected row, so the expected rejects are exact. */
export const DEFECTS = ['no-description', 'bad-time', 'outside', 'duplicate', 'no-place'] as const;
export type Defect = (typeof DEFECTS)[number];

export interface GeneratedExport {
  header: string[];
  rows: string[][];
  /** rows with a defect, by kind */
  defects: Record<Defect, number>;
}

/** Deterministic pseudo-random numbers (mulberry32), so a generated file is the same every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 12345 work-order export of `count` rows in Chengdu as the hotline writes it: order number,
 * time, complaint, address, coordinates for most rows, the category for about two rows in three.
 * Every 50th row carries one deliberate defect, in turn: no complaint text, an unreadable time,
 * coordinates outside the alliance, a repeated order number, no coordinates and an address naming
 * no district.
 */
/** The generator works from known reference data: anything missing is a bug in it. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`generated orders: no ${what}`);
  return value;
}

export function generateExport(alliance: Alliance, count: number, seed = 20261127, prefix = 'GD'): GeneratedExport {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => must(xs[Math.floor(r() * xs.length)], 'an item of a non-empty list');
  const city = must(alliance.city('510100'), 'Chengdu');
  const counties = alliance.counties.filter((c) => c.cityAdcode === '510100');
  const header = ['工单编号', '受理时间', '诉求内容', '事发地址', '经度', '纬度', '诉求分类', '来电人', '联系电话'];
  const defects: Record<Defect, number> = { 'no-description': 0, 'bad-time': 0, outside: 0, duplicate: 0, 'no-place': 0 };
  const rows: string[][] = [];
  const start = Date.parse('2026-11-20T00:00:00+08:00');
  for (let i = 1; i <= count; i++) {
    const matter = pick(MATRIX_V1_MATTERS);
    const county = pick(counties);
    const placed = must(alliance.placeAddress(`${city.name.zh}${county.name.zh}`), `a point in ${county.name.zh}`);
    const lon = placed.lon + (r() - 0.5) * 0.01;
    const lat = placed.lat + (r() - 0.5) * 0.01;
    const inside = alliance.locate(lon, lat) !== null;
    const t = new Date(start + Math.floor(r() * 7 * 86_400_000) + 8 * 3_600_000);
    const time = t.toISOString().replace('T', ' ').slice(0, 19);
    const withPoint = r() < 0.8 && inside;
    const row = [
      `${prefix}${String(i).padStart(8, '0')}`,
      time,
      `${pick(['市民来电反映:', '来电人称:', '网格员上报:', '诉求人反映,'])}${pick(COMPLAINT_EXAMPLES[matter.code] ?? [matter.name.zh])}`,
      `${city.name.zh}${county.name.zh}${pick(['人民南路', '建设路', '春熙路', '玉林北路', '蜀汉路', '天府大道'])}${1 + Math.floor(r() * 300)}号`,
      withPoint ? lon.toFixed(6) : '',
      withPoint ? lat.toFixed(6) : '',
      r() < 0.65 ? matter.name.zh : '',
      pick(['王先生', '李女士', '张先生', '匿名']),
      `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
    ];
    if (i % 50 === 0) {
      const defect = must(DEFECTS[(i / 50 - 1) % DEFECTS.length], 'defect');
      defects[defect]++;
      if (defect === 'no-description') row[2] = '';
      if (defect === 'bad-time') row[1] = '昨天下午三点';
      if (defect === 'outside') [row[4], row[5]] = ['116.397', '39.909'];
      if (defect === 'duplicate') row[0] = rows.at(-1)?.[0] ?? row[0] ?? '';
      if (defect === 'no-place') [row[3], row[4], row[5]] = ['路边', '', ''];
    }
    rows.push(row);
  }
  return { header, rows, defects };
}

export function writeCsv(path: string, data: GeneratedExport): void {
  writeFileSync(path, `\uFEFF${[data.header, ...data.rows].map(csvLine).join('\r\n')}\r\n`);
}

export async function writeXlsx(path: string, data: GeneratedExport): Promise<void> {
  await writeXlsxRows(path, '工单', [data.header, ...data.rows]);
}
