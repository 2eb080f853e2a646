import ExcelJS from 'exceljs';
import { DEPARTMENTS, type DepartmentCode, type Name, type TriageShift, type WhatIfResult } from '@gongzhi/domain';
import { safeRow, type Cell } from '../import/spreadsheet-out.ts';

export type WhatIfLang = 'zh' | 'en';

/** Names the workbook shows for the codes in a result: cities from the alliance, matters from the proposed matrix. */
export interface WhatIfNames {
  city(adcode: string): Name;
  matter(code: string): Name;
}

const LABELS = {
  zh: {
    sheets: ['概况', '单位工作量', '事项流向', '各市', '可避免的移交与争议', '分拣队列'],
    triageTexts: '窗口内自动定性的投诉',
    triageBefore: '按现行清单训练的模型留给人工分拣',
    triageAfter: '按草案训练的模型留给人工分拣',
    triageChanged: '定性会改变的投诉',
    triageMatter: '事项',
    triageChange: '变化',
    triageCases: '件数',
    triageFrom: '其中原需人工分拣 / 将转入人工分拣',
    triageAdded: '新增',
    triageRetired: '撤销',
    title: '职责清单修改草案 · 影响推演',
    window: '推演区间',
    basedOn: '基于版本',
    cases: '区间内案件',
    unrouted: '尚未定性(分拣中)',
    moved: '牵头单位将改变的案件',
    threshold: '工作量增幅提示线',
    avoidedTransfers: '可避免的移交',
    avoidedDisputes: '可避免的管辖争议',
    unlisted: (n: number) => `另有 ${n} 件不在您的查看范围内,只计入总数`,
    estimates: '处置工时估算依据',
    estimateParts: (e: WhatIfResult['estimates']) => `本单位中位数 ${e.own} 项;同部门 ${e.department} 项;该事项 ${e.matter} 项;全部 ${e.overall} 项`,
    unit: '单位',
    city: '市',
    department: '部门',
    before: '现行(件)',
    after: '草案(件)',
    gained: '转入',
    lost: '转出',
    perMonth: '月均变化(件)',
    hoursBefore: '月均工时·现行',
    hoursAfter: '月均工时·草案',
    rise: '增幅',
    over: '超过提示线',
    yes: '是',
    no: '否',
    newLoad: '新增',
    matter: '事项',
    from: '原牵头',
    to: '新牵头',
    border: '其中交界区域',
    hoursFrom: '原牵头月均工时',
    hoursTo: '新牵头月均工时',
    movedBorder: '交界区域改派',
    caseNo: '案件编号',
    history: '历史工单',
    kind: '类型',
    transfer: '移交',
    dispute: '争议裁决',
    landed: '最终承办',
  },
  en: {
    sheets: ['Summary', 'Unit workload', 'Matter moves', 'Cities', 'Avoidable passes', 'Triage queue'],
    triageTexts: 'Complaints of the window classified automatically',
    triageBefore: 'Left to triage by a model of the version in force',
    triageAfter: 'Left to triage by a model of the draft',
    triageChanged: 'Complaints classified differently',
    triageMatter: 'Matter',
    triageChange: 'Change',
    triageCases: 'Complaints',
    triageFrom: 'Of them now in triage / going to triage',
    triageAdded: 'added',
    triageRetired: 'retired',
    title: 'Matrix draft · what-if replay',
    window: 'Window',
    basedOn: 'Based on version',
    cases: 'Cases in the window',
    unrouted: 'Not yet classified (in triage)',
    moved: 'Cases that would get another lead',
    threshold: 'Workload rise flagged above',
    avoidedTransfers: 'Transfers avoided',
    avoidedDisputes: 'Jurisdiction disputes avoided',
    unlisted: (n: number) => `${n} more outside the cases you may see: counted in the totals only`,
    estimates: 'Handling-hour estimates from',
    estimateParts: (e: WhatIfResult['estimates']) =>
      `the unit's own median ${e.own}; its department's ${e.department}; the matter's ${e.matter}; all cases' ${e.overall}`,
    unit: 'Unit',
    city: 'City',
    department: 'Department',
    before: 'Now (cases)',
    after: 'Draft (cases)',
    gained: 'Gained',
    lost: 'Lost',
    perMonth: 'Change per month',
    hoursBefore: 'Hours/month now',
    hoursAfter: 'Hours/month draft',
    rise: 'Rise',
    over: 'Over the threshold',
    yes: 'yes',
    no: 'no',
    newLoad: 'new',
    matter: 'Matter',
    from: 'Lead now',
    to: 'Lead in draft',
    border: 'Of them near a border',
    hoursFrom: 'Hours/month, lead now',
    hoursTo: 'Hours/month, lead in draft',
    movedBorder: 'Border cases moved',
    caseNo: 'Case number',
    history: 'earlier system',
    kind: 'Kind',
    transfer: 'transfer',
    dispute: 'dispute ruling',
    landed: 'Landed with',
  },
} as const;

const beijing = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A what-if result as a workbook: summary, each unit's workload before and after, the moves, the cities, the passes spared. */
export function whatIfWorkbook(r: WhatIfResult, names: WhatIfNames, lang: WhatIfLang = 'zh', triage?: TriageShift): ExcelJS.Workbook {
  const L = LABELS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi';
  // Every row through the one writer's neutralising cell rule: a matter or unit name never runs as a formula.
  const add = (ws: ExcelJS.Worksheet, row: readonly Cell[]) => ws.addRow(safeRow(row));
  const header = (ws: ExcelJS.Worksheet, columns: Array<[string, number]>) => {
    ws.columns = columns.map(([, width]) => ({ width }));
    const row = add(
      ws,
      columns.map(([h]) => h),
    );
    row.font = { bold: true };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
  };
  const city = (adcode: string) => names.city(adcode)[lang];
  const department = (code: DepartmentCode) => DEPARTMENTS[code][lang];
  const unit = (cityAdcode: string, code: DepartmentCode) => `${city(cityAdcode)} · ${department(code)}`;
  const windowText = `${beijing(r.window.from)} – ${beijing(new Date(new Date(r.window.to).getTime() - 1).toISOString())}`;

  const summary = wb.addWorksheet(L.sheets[0]);
  summary.columns = [{ width: 34 }, { width: 60 }];
  add(summary, [L.title]).font = { bold: true, size: 14 };
  for (const [label, value] of [
    [L.window, windowText],
    [L.basedOn, r.basedOn],
    [L.cases, r.cases],
    [L.unrouted, r.unrouted],
    [L.moved, r.moved],
    [L.threshold, r.threshold],
    [L.avoidedTransfers, r.avoided.transfers],
    [L.avoidedDisputes, r.avoided.disputes],
    [L.estimates, L.estimateParts(r.estimates)],
  ] as Array<[string, Cell]>) {
    add(summary, [label, value]);
  }
  summary.getCell('B7').numFmt = '0%';

  const units = wb.addWorksheet(L.sheets[1]);
  header(units, [
    [L.unit, 36],
    [L.before, 12],
    [L.after, 12],
    [L.gained, 10],
    [L.lost, 10],
    [L.perMonth, 14],
    [L.hoursBefore, 16],
    [L.hoursAfter, 16],
    [L.rise, 10],
    [L.over, 12],
  ]);
  units.getColumn(9).numFmt = '+0.0%;-0.0%;0.0%';
  for (const u of r.units) {
    add(units, [
      unit(u.cityAdcode, u.department),
      u.before,
      u.after,
      u.gained,
      u.lost,
      u.changePerMonth,
      u.hoursPerMonthBefore,
      u.hoursPerMonthAfter,
      u.rise ?? L.newLoad,
      u.overThreshold ? L.yes : L.no,
    ]);
  }

  const moves = wb.addWorksheet(L.sheets[2]);
  header(moves, [
    [L.matter, 30],
    [L.city, 12],
    [L.from, 30],
    [L.to, 30],
    [L.cases, 12],
    [L.border, 14],
    [L.perMonth, 14],
    [L.hoursFrom, 18],
    [L.hoursTo, 18],
  ]);
  for (const m of r.moves) {
    add(moves, [
      names.matter(m.matterCode)[lang],
      city(m.cityAdcode),
      department(m.from),
      department(m.to),
      m.cases,
      m.border,
      m.perMonth,
      m.hoursPerMonthFrom,
      m.hoursPerMonthTo,
    ]);
  }

  const cities = wb.addWorksheet(L.sheets[3]);
  header(cities, [
    [L.city, 12],
    [L.cases, 14],
    [L.moved, 24],
    [L.movedBorder, 16],
  ]);
  for (const c of r.cities) add(cities, [city(c.cityAdcode), c.cases, c.moved, c.movedBorder]);

  const avoided = wb.addWorksheet(L.sheets[4]);
  header(avoided, [
    [L.caseNo, 14],
    [L.kind, 14],
    [L.matter, 30],
    [L.city, 12],
    [L.landed, 30],
  ]);
  for (const c of r.avoided.cases) {
    add(avoided, [
      c.number ?? L.history,
      c.kind === 'dispute' ? L.dispute : L.transfer,
      names.matter(c.matterCode)[lang],
      city(c.cityAdcode),
      department(c.landedWith),
    ]);
  }
  const unlisted = r.avoided.transfers + r.avoided.disputes - r.avoided.cases.length;
  if (unlisted > 0) add(avoided, [L.unlisted(unlisted)]);

  // The triage queue's change, when the draft adds, retires or relearns matters and the replay ran.
  if (triage) {
    const queue = wb.addWorksheet(L.sheets[5]);
    header(queue, [
      [L.triageMatter, 34],
      [L.triageChange, 12],
      [L.triageCases, 12],
      [L.triageFrom, 30],
    ]);
    for (const a of triage.added) add(queue, [names.matter(a.matterCode)[lang], L.triageAdded, a.cases, a.fromTriage]);
    for (const x of triage.retired) add(queue, [names.matter(x.matterCode)[lang], L.triageRetired, x.cases, x.toTriage]);
    add(queue, []);
    for (const [label, value] of [
      [L.triageTexts, triage.texts],
      [L.triageBefore, triage.triageBefore],
      [L.triageAfter, triage.triageAfter],
      [L.triageChanged, triage.changed],
    ] as const)
      add(queue, [label, value]);
    add(queue, []);
    add(queue, [L.city, L.triageTexts, L.triageBefore, L.triageAfter]).font = { bold: true };
    for (const c of triage.cities) add(queue, [city(c.cityAdcode), c.texts, c.triageBefore, c.triageAfter]);
  }
  return wb;
}

export async function whatIfXlsx(r: WhatIfResult, names: WhatIfNames, lang: WhatIfLang = 'zh', triage?: TriageShift): Promise<Buffer> {
  return Buffer.from(await whatIfWorkbook(r, names, lang, triage).xlsx.writeBuffer());
}
