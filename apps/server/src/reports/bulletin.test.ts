import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { compileBulletin } from '@gongzhi/api';
import { generateDemoHistory, insertFacts, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock, MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { bulletinHtml } from './bulletin-html.ts';
import { bulletinXlsx, SHEETS } from './bulletin-xlsx.ts';

const alliance = loadAlliance();
const CD = '510100';

describe.each(testTargets())('bulletins on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-20T04:00:00Z');
  const facts = generateDemoHistory({
    counties: [
      { adcode: '510104', cityAdcode: CD, perDay: 4, vendingPeak: true, borderShare: 0.05 },
      { adcode: '510107', cityAdcode: CD, perDay: 2, vendingPeak: false, borderShare: 0.05 },
      { adcode: '510681', cityAdcode: '510600', perDay: 2, vendingPeak: false, borderShare: 0.3 },
    ],
    matters: MATRIX_V1_MATTERS,
    until: clock.now(),
    months: 14,
    seed: 5,
  });
  const bulletin = (period: string, city?: string) =>
    compileBulletin({ ctx: { db: handle.db, clock, alliance, scope: { all: true } }, input: { period, city } });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    for (let i = 0; i < facts.length; i += 2000) await insertFacts(handle.db, facts.slice(i, i + 2000));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a month bulletin of a city: figures of its cases only, each rhythm titled', async () => {
    const b = await bulletin('2026-10', CD);
    expect(b.title.zh).toBe('月通报');
    expect(b.area.zh).toBe('成都市');
    const inOctober = facts.filter((f) => f.cityAdcode === CD && f.reportedAt >= '2026-09-30T16:00:00.000Z' && f.reportedAt < '2026-10-31T16:00:00.000Z');
    expect(b.summary.find((t) => t.code === 'intake')?.numerator).toBe(inOctober.length);
    expect(b.districts.map((d) => d.county).sort()).toEqual(['510104', '510107']);
    expect(b.districts.reduce((s, d) => s + d.intake, 0)).toBe(inOctober.length);
    expect(b.topMatters.length).toBe(5);
    expect(b.reopened.total).toBe(inOctober.filter((f) => f.resolvedAt !== null && f.reopened > 0).length);
    expect(b.reopened.total).toBeGreaterThan(0);
    expect(b.overdue.lateResponse.total).toBeGreaterThan(0);
    expect(b.ranking.units.every((u) => u.unit.startsWith(`${CD}:`))).toBe(true);
    expect((await bulletin('2026-W44')).title.zh).toBe('周调度');
    expect((await bulletin('2026-Q3')).title.zh).toBe('季考核');
  });

  it('the workbook, opened again with exceljs, holds the six sheets and the bulletin’s cells', async () => {
    const b = await bulletin('2026-10', CD);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bulletinXlsx(b)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEETS.zh]);
    const summary = wb.getWorksheet('概况');
    expect(summary?.getCell('A1').value).toBe('成都市 2026-10 月通报');
    expect(summary?.getRow(4).values).toContain('同比');
    const intakeRow = summary?.getRow(5);
    expect(intakeRow?.getCell(1).value).toBe('受理量');
    expect(intakeRow?.getCell(2).value).toBe(String(b.summary[0]?.value));
    const satisfaction = b.summary.find((t) => t.code === 'satisfaction');
    const satRow = summary?.getRows(5, b.summary.length)?.find((r) => r.getCell(1).value === '满意率');
    expect(satRow?.getCell(2).value).toBe(`${((satisfaction?.value ?? 0) * 100).toFixed(1)}%`);
    // A change is a number shown with its sign by the cell's format, so the neutralising rule leaves it alone.
    expect(satRow?.getCell(5).value).toBe(satisfaction?.yoy);
    expect(satRow?.getCell(5).numFmt).toBe('+0.0%;-0.0%;0.0%');
    const units = wb.getWorksheet('单位排名');
    expect(units?.getRow(5).getCell(2).value).toBe(b.ranking.units[0]?.name.zh);
    expect(units?.getRow(5).getCell(3).value).toBe(b.ranking.units[0]?.score);
    expect(units?.getRow(4 + b.ranking.units.length).getCell(1).value).toBe(b.ranking.units.length);
    const districts = wb.getWorksheet('区县');
    expect(districts?.getRow(5).getCell(1).value).toBe(b.districts[0]?.name.zh);
    expect(districts?.getRow(5).getCell(2).value).toBe(b.districts[0]?.intake);
    const matters = wb.getWorksheet('高发事项');
    expect(matters?.getRow(5).getCell(2).value).toBe(b.topMatters[0]?.name.zh);
    expect(matters?.getRow(9).getCell(3).value).toBe(b.topMatters[4]?.count);
    const reopened = wb.getWorksheet('返工案件');
    expect(reopened?.getRow(5 + Math.min(b.reopened.total, 200) + 1).getCell(1).value).toBe(`共 ${b.reopened.total} 件`);
    const overdue = wb.getWorksheet('超时案件');
    expect(overdue?.getRow(5).getCell(1).value).toBe('签收超时');
  });

  it('a formula-like unit, matter or district name is written as text with a leading apostrophe, never as a formula', async () => {
    const b = await bulletin('2026-10', CD);
    const payload = '=HYPERLINK("http://evil.example","x")';
    const unit = b.ranking.units[0]!;
    const forged = {
      ...b,
      ranking: { ...b.ranking, units: [{ ...unit, name: { zh: '+1+1', en: '+1+1' } }, ...b.ranking.units.slice(1)] },
      districts: [{ ...b.districts[0]!, name: { zh: '@SUM(A1)', en: '@SUM(A1)' } }, ...b.districts.slice(1)],
      topMatters: [{ ...b.topMatters[0]!, name: { zh: payload, en: payload } }, ...b.topMatters.slice(1)],
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bulletinXlsx(forged)) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('单位排名')?.getRow(5).getCell(2).value).toBe("'+1+1");
    expect(wb.getWorksheet('区县')?.getRow(5).getCell(1).value).toBe("'@SUM(A1)");
    expect(wb.getWorksheet('高发事项')?.getRow(5).getCell(2).value).toBe(`'${payload}`);
  });

  it('the printable page carries the title, the period, the ranking and A4 print styles', async () => {
    const b = await bulletin('2026-10', CD);
    const html = bulletinHtml(b);
    expect(html).toContain('<h1 data-bulletin-title>成都市月通报<span data-bulletin-period>2026-10</span></h1>');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain(b.ranking.top[0]?.name.zh ?? 'none');
    expect(bulletinHtml(b, 'en')).toContain('Chengdu');
  });
});
