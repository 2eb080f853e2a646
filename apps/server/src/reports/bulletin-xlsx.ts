import ExcelJS from 'exceljs';
import type { Bulletin } from '@gongzhi/api';
import { safeRow, type Cell } from '../import/spreadsheet-out.ts';
import { BULLETIN_LABELS, beijing, fill, formatFigure, formatTarget, weightsText, type BulletinLang } from './labels.ts';

export const SHEETS = {
  zh: ['概况', '单位排名', '区县', '高发事项', '超时案件', '返工案件'],
  en: ['Summary', 'Units', 'Districts', 'Matters', 'Overdue', 'Reopened'],
} as const;

/** The bulletin as an exceljs workbook: summary with 同比, unit ranking with composite score, districts, top-5 matters, overdue and reopened lists. */
export function bulletinWorkbook(b: Bulletin, lang: BulletinLang = 'zh'): ExcelJS.Workbook {
  const L = BULLETIN_LABELS[lang];
  const [sSummary, sUnits, sDistricts, sMatters, sOverdue, sReopened] = SHEETS[lang];
  const wb = new ExcelJS.Workbook();
  // Every row through the one writer's neutralising cell rule: a unit, matter or district name never runs as a formula.
  const add = (ws: ExcelJS.Worksheet, row: readonly Cell[]) => ws.addRow(safeRow(row));
  // A change is a number shown with its sign (a text starting with + or - would be neutralised with an apostrophe).
  const change = (c: number | null): Cell => c ?? '—';
  wb.creator = 'Gongzhi';
  wb.created = new Date(b.generatedAt);
  const title = `${b.area[lang]} ${b.period.label} ${b.title[lang]}`;
  const header = (ws: ExcelJS.Worksheet, columns: Array<[string, number]>, changeColumns: number[] = []) => {
    ws.columns = columns.map(([, width]) => ({ width }));
    for (const n of changeColumns) ws.getColumn(n).numFmt = '+0.0%;-0.0%;0.0%';
    const row = add(
      ws,
      columns.map(([h]) => h),
    );
    row.font = { bold: true };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
  };
  const heading = (ws: ExcelJS.Worksheet) => {
    add(ws, [title]).font = { bold: true, size: 14 };
    add(ws, [`${L.period}: ${b.period.label} (${beijing(b.period.from)} – ${beijing(b.period.to)})`, `${L.generated}: ${beijing(b.generatedAt)}`]);
    add(ws, []);
  };

  const summary = wb.addWorksheet(sSummary);
  heading(summary);
  header(
    summary,
    [
      [L.indicator, 28],
      [L.value, 14],
      [L.counted, 16],
      [L.yearEarlier, 14],
      [L.yoy, 10],
      [L.previous, 14],
      [L.mom, 10],
      [L.target, 14],
      [L.baseline, 14],
      [L.status, 12],
    ],
    [5, 7],
  );
  for (const t of b.summary) {
    add(summary, [
      t.name[lang],
      formatFigure(t.kind, t.value, lang),
      t.kind === 'count' ? '' : `${Math.round(t.numerator * 100) / 100} / ${t.denominator}`,
      formatFigure(t.kind, t.yearEarlier, lang),
      change(t.yoy),
      formatFigure(t.kind, t.previous, lang),
      change(t.mom),
      formatTarget(t, lang),
      formatFigure(t.kind, t.baseline, lang),
      L.rag[t.rag],
    ]);
  }

  const units = wb.addWorksheet(sUnits);
  heading(units);
  header(units, [
    [L.rank, 8],
    [L.unit, 32],
    [L.score, 14],
    [L.cases, 10],
    [L.responseOnTime, 14],
    [L.resolvedOnTime, 14],
    [L.resolution, 12],
    [L.satisfaction, 12],
  ]);
  b.ranking.units.forEach((u, i) =>
    add(units, [
      i + 1,
      u.name[lang],
      u.score,
      u.cases,
      formatFigure('rate', u.figures.responseOnTime, lang),
      formatFigure('rate', u.figures.resolvedOnTime, lang),
      formatFigure('rate', u.figures.resolution, lang),
      formatFigure('rate', u.figures.satisfaction, lang),
    ]),
  );
  add(units, []);
  add(units, [`${L.formula} ${weightsText(b.ranking.weights, b.summary, lang)}`]);

  const districts = wb.addWorksheet(sDistricts);
  heading(districts);
  header(
    districts,
    [
      [L.district, 18],
      [L.intake, 10],
      [L.intakeYearEarlier, 14],
      [L.yoy, 10],
      [L.responseOnTime, 14],
      [L.resolution, 12],
      [L.resolvedOnTime, 14],
      [L.satisfaction, 12],
      [L.border, 12],
    ],
    [4],
  );
  for (const x of b.districts) {
    add(districts, [
      x.name[lang],
      x.intake,
      x.intakeYearEarlier,
      change(x.intakeYearEarlier === 0 ? null : (x.intake - x.intakeYearEarlier) / x.intakeYearEarlier),
      formatFigure('rate', x.responseOnTime, lang),
      formatFigure('rate', x.resolution, lang),
      formatFigure('rate', x.resolvedOnTime, lang),
      formatFigure('rate', x.satisfaction, lang),
      x.border,
    ]);
  }

  const matters = wb.addWorksheet(sMatters);
  heading(matters);
  header(
    matters,
    [
      [L.rank, 8],
      [L.matter, 30],
      [L.intake, 10],
      [L.intakeYearEarlier, 14],
      [L.yoy, 10],
    ],
    [5],
  );
  b.topMatters.forEach((m, i) =>
    add(matters, [i + 1, m.name[lang], m.count, m.yearEarlier, change(m.yearEarlier === 0 ? null : (m.count - m.yearEarlier) / m.yearEarlier)]),
  );

  type Row = Bulletin['reopened']['cases'][number];
  const caseColumns: Array<[string, number]> = [
    [L.number, 12],
    [L.reported, 18],
    [L.district, 16],
    [L.matter, 28],
    [L.unit, 30],
    [L.state, 10],
  ];
  const caseRow = (c: Row, kind?: string) => [
    ...(kind ? [kind] : []),
    c.number ?? L.historical,
    beijing(c.reportedAt),
    c.countyName[lang],
    c.matterName[lang],
    c.unitName[lang],
    c.closedAt ? L.closed : L.open,
  ];
  const overdue = wb.addWorksheet(sOverdue);
  heading(overdue);
  header(overdue, [[L.indicator, 12], ...caseColumns]);
  for (const [label, list] of [
    [L.lateResponse, b.overdue.lateResponse],
    [L.lateResolution, b.overdue.lateResolution],
  ] as const) {
    for (const c of list.cases) add(overdue, caseRow(c, label));
  }
  add(overdue, []);
  add(overdue, [
    `${L.lateResponse}: ${fill(L.total, { n: b.overdue.lateResponse.total })}`,
    `${L.lateResolution}: ${fill(L.total, { n: b.overdue.lateResolution.total })}`,
  ]);

  const reopened = wb.addWorksheet(sReopened);
  heading(reopened);
  header(reopened, caseColumns);
  for (const c of b.reopened.cases) add(reopened, caseRow(c));
  add(reopened, []);
  add(reopened, [fill(L.total, { n: b.reopened.total })]);
  return wb;
}

export async function bulletinXlsx(b: Bulletin, lang: BulletinLang = 'zh'): Promise<Buffer> {
  return Buffer.from(await bulletinWorkbook(b, lang).xlsx.writeBuffer());
}
