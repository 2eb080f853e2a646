import { DomainError, SYSTEM } from '@gongzhi/domain';
import { loadMatrix } from '@gongzhi/db';
import { intakeCases, type IntakeContext, type IntakeInput } from '@gongzhi/api/use-cases';
import { mapHeader, parseOrder } from './orders.ts';
import { readRows } from './read-rows.ts';
import { csvWriter } from './spreadsheet-out.ts';

export interface ImportProgress {
  read: number;
  imported: number;
  rejected: number;
  /** share of the file read, 0..1 */
  fraction: number;
}

export interface ImportReport {
  read: number;
  imported: number;
  /** of the imported: routed on the classifier's guess, or left to the coordinators' triage */
  classified: number;
  triaged: number;
  repeats: number;
  /** every row not imported, with its reason in the rejects file; includes `alreadyImported` */
  rejected: number;
  alreadyImported: number;
  rejectsFile: string;
  seconds: number;
}

/** Why a stored intake refused a row, in the words of the rejects file. */
function reasonOf(error: unknown): string {
  if (error instanceof DomainError) {
    if (error.reason === 'ALREADY_IMPORTED') return '已导入过(工单编号已存在)';
    if (error.reason === 'OUTSIDE_ALLIANCE') return '位置不在成都、德阳、眉山、资阳四市范围内';
    if (error.reason === 'MATTER_UNKNOWN') return '事项不存在';
    return `${error.reason}: ${error.message}`;
  }
  return `内部错误: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Imports a 12345 work-order export (CSV or XLSX) through the same intake as every channel, in
 * transactions of `batchSize` rows. Idempotent by order number; every row it does not take is
 * written to the rejects file with its reason, so imported + rejected = rows read.
 */
export async function importOrders(options: {
  file: string;
  deps: IntakeContext;
  reportedIn: string;
  rejectsPath: string;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}): Promise<ImportReport> {
  const started = performance.now();
  const source = await readRows(options.file);
  const { columns, missing } = mapHeader(source.header);
  if (missing.length > 0) throw new Error(`表头缺少列:${missing.join('、')}(missing columns)`);
  const matrix = await loadMatrix(options.deps.db);
  const actor = SYSTEM(`import:${options.file.split(/[\\/]/).pop()}`);
  const batchSize = options.batchSize ?? 500;

  const rejects = csvWriter(options.rejectsPath, ['行号 row', '工单编号 order_no', '原因 reason', ...source.header]);
  const report: ImportReport = {
    read: 0,
    imported: 0,
    classified: 0,
    triaged: 0,
    repeats: 0,
    rejected: 0,
    alreadyImported: 0,
    rejectsFile: options.rejectsPath,
    seconds: 0,
  };
  const reject = (rowNumber: number, orderNo: string, reason: string, fields: readonly string[]) => {
    report.rejected++;
    if (reason.startsWith('已导入过')) report.alreadyImported++;
    rejects.write([rowNumber, orderNo, reason, ...fields]);
  };
  const seen = new Map<string, number>();
  let batch: Array<{ rowNumber: number; orderNo: string; fields: string[]; input: IntakeInput }> = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const outcomes = await intakeCases({ ctx: options.deps, input: current.map((b) => ({ input: b.input, actor })) });
    current.forEach((b, i) => {
      const o = outcomes[i];
      if (!o) throw new Error(`no intake outcome for row ${b.rowNumber}`);
      if (!o.ok) return reject(b.rowNumber, b.orderNo, reasonOf(o.error), b.fields);
      report.imported++;
      if (!o.result.route) report.triaged++;
      else if (!b.input.matter) report.classified++;
      if (o.result.repeatOf) report.repeats++;
    });
    options.onProgress?.({ read: report.read, imported: report.imported, rejected: report.rejected, fraction: source.progress() });
  };

  for await (const { rowNumber, fields } of source.rows) {
    if (fields.every((f) => f.trim() === '')) continue;
    report.read++;
    const parsed = parseOrder(fields, columns, { matrix, alliance: options.deps.alliance, reportedIn: options.reportedIn });
    if (!parsed.ok) {
      reject(rowNumber, parsed.orderNo, parsed.reason, fields);
      continue;
    }
    const earlier = seen.get(parsed.orderNo);
    if (earlier !== undefined) {
      reject(rowNumber, parsed.orderNo, `工单编号与本文件第 ${earlier} 行重复`, fields);
      continue;
    }
    seen.set(parsed.orderNo, rowNumber);
    batch.push({ rowNumber, orderNo: parsed.orderNo, fields, input: parsed.input });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await rejects.close();
  report.seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ read: report.read, imported: report.imported, rejected: report.rejected, fraction: 1 });
  return report;
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): (p: ImportProgress) => void {
  const started = performance.now();
  let lastTenth = -1;
  return (p) => {
    const pct = Math.round(p.fraction * 100);
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const rate = Math.round(p.read / Math.max(0.001, (performance.now() - started) / 1000));
    const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(pct).padStart(3)}%`;
    const line = `${bar}  读取 ${p.read} 行 · 导入 ${p.imported} · 拒收 ${p.rejected} · ${rate} 行/秒`;
    if (stream.isTTY) stream.write(`\r${line}`);
    else if (Math.floor(pct / 10) !== lastTenth) {
      lastTenth = Math.floor(pct / 10);
      stream.write(`${line}\n`);
    }
  };
}
