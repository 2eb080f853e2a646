import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS, replayWhatIf, triageShift, type MatrixVersion } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { whatIfXlsx } from './what-if-xlsx.ts';

const alliance = loadAlliance();
const base: MatrixVersion = { version: 3, createdAt: '2026-01-01T00:00:00Z', createdBy: 'seed', reason: 'v', matters: MATRIX_V1_MATTERS };
const proposed = { ...base, version: 4, matters: base.matters.map((m) => (m.code === 'FUM-02' ? { ...m, lead: 'ecology' as const } : m)) };
const result = replayWhatIf({
  base,
  proposed,
  from: new Date('2026-08-01T00:00:00+08:00'),
  to: new Date('2026-10-30T00:00:00+08:00'),
  groups: [{ cityAdcode: '510100', matterCode: 'FUM-02', month: '2026-08', cases: 30, border: 2 }],
  handling: [{ level: 'matter', who: '', matterCode: 'FUM-02', medianHours: 9, cases: 30 }],
  contested: [{ caseId: 'x', number: 17, cityAdcode: '510100', matterCode: 'FUM-02', kind: 'dispute', landedWith: 'ecology' }],
  unrouted: 0,
});
const names = {
  city: (adcode: string) => alliance.city(adcode)?.name ?? { zh: adcode, en: adcode },
  matter: (code: string) => MATRIX_V1_MATTERS.find((m) => m.code === code)?.name ?? { zh: code, en: code },
};

describe('what-if workbook', () => {
  it('has the summary, units, moves, cities and avoided sheets with names, not codes', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await whatIfXlsx(result, names, 'zh')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '单位工作量', '事项流向', '各市', '可避免的移交与争议']);
    const summary = wb.getWorksheet('概况');
    expect(summary?.getCell('A1').value).toBe('职责清单修改草案 · 影响推演');
    expect(summary?.getCell('B2').value).toBe('2026-08-01 – 2026-10-29');
    expect(summary?.getCell('B6').value).toBe(30);
    const units = wb.getWorksheet('单位工作量');
    expect(units?.getRow(2).values).toEqual(expect.arrayContaining(['成都市 · 生态环境局', 0, 30]));
    const moves = wb.getWorksheet('事项流向');
    expect(moves?.getCell('B2').value).toBe('成都市');
    expect(moves?.getCell('E2').value).toBe(30);
    expect(wb.getWorksheet('可避免的移交与争议')?.getCell('A2').value).toBe(17);
    const en = new ExcelJS.Workbook();
    await en.xlsx.load((await whatIfXlsx(result, names, 'en')) as unknown as ArrayBuffer);
    expect(en.getWorksheet('Matter moves')?.getCell('C2').value).toBe('Urban Management & Comprehensive Enforcement');
  });

  it('adds the triage queue sheet when the draft changes what the classifier learns, and lists only the cases the reader may see', async () => {
    const triage = triageShift({ added: [], retired: ['VEN-03'], relearned: [] }, [
      { cityAdcode: '510100', before: { matter: 'VEN-03' }, after: { triage: 'low-confidence' } },
      { cityAdcode: '510100', before: { matter: 'VEN-03' }, after: { matter: 'VEN-01' } },
    ]);
    const unseen = { ...result, avoided: { ...result.avoided, cases: [] } };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await whatIfXlsx(unseen, names, 'zh', triage)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('分拣队列');
    const queue = wb.getWorksheet('分拣队列');
    expect(queue?.getRow(2).values).toEqual(expect.arrayContaining([MATRIX_V1_MATTERS.find((m) => m.code === 'VEN-03')?.name.zh, '撤销', 2, 1]));
    expect(wb.getWorksheet('可避免的移交与争议')?.getCell('A2').value).toBe('另有 1 件不在您的查看范围内,只计入总数');
  });
});
