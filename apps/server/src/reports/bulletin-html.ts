import type { Bulletin } from '@gongzhi/api';
import { BULLETIN_LABELS, beijing, fill, formatChange, formatFigure, formatTarget, weightsText, type BulletinLang } from './labels.ts';

const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
/** A cell: text, or text with a class (the red/amber/green status). */
type Cell = string | number | { text: string; cls: string };
const td = (c: Cell) => (typeof c === 'object' ? `<td class="${esc(c.cls)}">${esc(c.text)}</td>` : `<td>${esc(c)}</td>`);
const table = (head: string[], rows: Cell[][], cls = '') =>
  `<table class="${cls}"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(td).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** Print styles: A4, Chinese typography (Song body, Hei headings, 1.75 line height), table heads repeated on each page. */
const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
:root { color: #111; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; font-size: 10.5pt; line-height: 1.75; margin: 0 auto; max-width: 178mm; padding: 12mm 0; }
h1, h2, th, .meta { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 20pt; text-align: center; color: #b3261e; letter-spacing: 0.1em; margin: 0 0 2mm; border-bottom: 2px solid #b3261e; padding-bottom: 3mm; }
h1 span { display: block; font-size: 12pt; color: #111; letter-spacing: 0; margin-top: 1mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; break-after: avoid; }
.meta { text-align: center; font-size: 9.5pt; color: #444; margin: 0 0 4mm; }
p { text-align: justify; margin: 1mm 0; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 1mm 0 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #888; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
td:not(:first-child) { white-space: nowrap; }
.rag-green { color: #1b5e20; } .rag-amber { color: #9a5b00; } .rag-red { color: #a4161a; font-weight: 600; }
.podium { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.actions { text-align: right; margin-bottom: 4mm; font-family: sans-serif; }
.actions a, .actions button { font: inherit; margin-left: 3mm; }
.note { font-size: 8.5pt; color: #444; }
@media print { .actions { display: none; } body { padding: 0; max-width: none; } }
@media (max-width: 600px) { body { padding: 4mm; } table { font-size: 8pt; } .podium { grid-template-columns: 1fr; } }
`;

/** The bulletin as a printable page (A4 print CSS): title, period, summary with 同比, ranking, districts, matters, overdue and reopened cases. */
export function bulletinHtml(b: Bulletin, lang: BulletinLang = 'zh', links: { xlsx?: string } = {}): string {
  const L = BULLETIN_LABELS[lang];
  const title = `${b.area[lang]}${lang === 'zh' ? '' : ' · '}${b.title[lang]}`;
  type Row = Bulletin['reopened']['cases'][number];
  const caseRows = (cases: Row[]) =>
    cases.map((c) => [
      c.number ?? L.historical,
      beijing(c.reportedAt),
      c.countyName[lang],
      c.matterName[lang],
      c.unitName[lang],
      c.closedAt ? L.closed : L.open,
    ]);
  const caseHead = [L.number, L.reported, L.district, L.matter, L.unit, L.state];
  const caseList = (list: { total: number; cases: Row[] }) =>
    list.total === 0
      ? `<p>${esc(L.none)}</p>`
      : `<p class="note">${esc(fill(L.total, { n: list.total }))}${list.total > list.cases.length ? `,${esc(fill(L.shown, { n: list.cases.length }))}` : ''}</p>${table(caseHead, caseRows(list.cases))}`;
  const rankList = (units: Bulletin['ranking']['top']) =>
    `<ol>${units.map((u) => `<li>${esc(u.name[lang])} <strong>${esc(u.score.toFixed(2))}</strong></li>`).join('')}</ol>`;
  const summaryRows = b.summary.map((t) => [
    t.name[lang],
    formatFigure(t.kind, t.value, lang),
    formatFigure(t.kind, t.yearEarlier, lang),
    formatChange(t.yoy),
    formatChange(t.mom),
    formatTarget(t, lang),
    formatFigure(t.kind, t.baseline, lang),
    { text: L.rag[t.rag], cls: `rag-${t.rag}` },
  ]);
  const summaryTable = table([L.indicator, L.value, L.yearEarlier, L.yoy, L.mom, L.target, L.baseline, L.status], summaryRows, 'summary');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`${title} ${b.period.label}`)}</title><style>${CSS}</style></head>
<body>
<div class="actions"><button type="button" onclick="window.print()">${esc(L.print)}</button>${links.xlsx ? `<a href="${esc(links.xlsx)}">${esc(L.xlsx)}</a>` : ''}</div>
<h1 data-bulletin-title>${esc(title)}<span data-bulletin-period>${esc(b.period.label)}</span></h1>
<p class="meta">${esc(L.period)}: ${esc(beijing(b.period.from))} – ${esc(beijing(b.period.to))} · ${esc(L.generated)}: ${esc(beijing(b.generatedAt))}</p>
<h2>${esc(L.summary)}</h2>
${summaryTable}
<h2>${esc(L.ranking)}</h2>
<div class="podium"><div><strong>${esc(L.top)}</strong>${rankList(b.ranking.top)}</div><div><strong>${esc(L.bottom)}</strong>${rankList(b.ranking.bottom)}</div></div>
${table(
  [L.rank, L.unit, L.score, L.cases],
  b.ranking.units.map((u, i) => [i + 1, u.name[lang], u.score.toFixed(2), u.cases]),
  'ranking',
)}
<p class="note">${esc(L.formula)} ${esc(weightsText(b.ranking.weights, b.summary, lang))}</p>
<h2>${esc(L.districts)}</h2>
${table(
  [L.district, L.intake, L.intakeYearEarlier, L.responseOnTime, L.resolution, L.satisfaction],
  b.districts.map((x) => [
    x.name[lang],
    x.intake,
    x.intakeYearEarlier,
    formatFigure('rate', x.responseOnTime, lang),
    formatFigure('rate', x.resolution, lang),
    formatFigure('rate', x.satisfaction, lang),
  ]),
)}
<h2>${esc(L.matters)}</h2>
${table(
  [L.rank, L.matter, L.intake, L.intakeYearEarlier],
  b.topMatters.map((m, i) => [i + 1, m.name[lang], m.count, m.yearEarlier]),
)}
<h2>${esc(L.overdue)}</h2>
<p><strong>${esc(L.lateResponse)}</strong></p>
${caseList(b.overdue.lateResponse)}
<p><strong>${esc(L.lateResolution)}</strong></p>
${caseList(b.overdue.lateResolution)}
<h2>${esc(L.reopened)}</h2>
${caseList(b.reopened)}
</body></html>`;
}
