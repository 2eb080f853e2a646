import type { CaseSource } from '@gongzhi/domain';
import { existingFacts, insertFacts, loadMatrix, type Database } from '@gongzhi/db';
import type { Alliance } from '@gongzhi/geo';
import type { ImportProgress } from './hotline-import.ts';
import { mapHistoryHeader, parseHistoryRow } from './history.ts';
import { readRows } from './read-rows.ts';
import { csvWriter } from './spreadsheet-out.ts';

export interface HistoryReport {
  read: number;
  imported: number;
  /** every row not imported, with its reason in the rejects file; includes `alreadyImported` */
  rejected: number;
  alreadyImported: number;
  rejectsFile: string;
  seconds: number;
}

/**
 * `gongzhi import-history`: closed work orders of earlier years into the command centre's facts,
 * in batches of multi-row inserts. Idempotent by order number; imported + rejected = rows read.
 */
export async function importHistory(options: {
  file: string;
  db: Database;
  alliance: Alliance;
  rejectsPath: string;
  defaultSource?: CaseSource;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}): Promise<HistoryReport> {
  const started = performance.now();
  const source = await readRows(options.file);
  const { columns, missing } = mapHistoryHeader(source.header);
  if (missing.length > 0) throw new Error(`表头缺少列:${missing.join('、')}(missing columns)`);
  const matrix = await loadMatrix(options.db);
  const ctx = { matrix, alliance: options.alliance, defaultSource: options.defaultSource ?? 'hotline' };
  const rejects = csvWriter(options.rejectsPath, ['行号 row', '工单编号 order_no', '原因 reason', ...source.header]);
  const report: HistoryReport = { read: 0, imported: 0, rejected: 0, alreadyImported: 0, rejectsFile: options.rejectsPath, seconds: 0 };
  const reject = (rowNumber: number, orderNo: string, reason: string, fields: readonly string[]) => {
    report.rejected++;
    rejects.write([rowNumber, orderNo, reason, ...fields]);
  };
  const seen = new Map<string, number>();
  type Parsed = Extract<ReturnType<typeof parseHistoryRow>, { ok: true }>;
  let batch: Array<{ rowNumber: number; fields: string[]; parsed: Parsed }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const known = await existingFacts(
      options.db,
      current.map((b) => b.parsed.facts.caseId),
    );
    const fresh = current.filter((b) => {
      if (!known.has(b.parsed.facts.caseId)) return true;
      report.alreadyImported++;
      reject(b.rowNumber, b.parsed.orderNo, '已导入过(工单编号已存在)', b.fields);
      return false;
    });
    report.imported += await insertFacts(
      options.db,
      fresh.map((b) => b.parsed.facts),
      new Map(fresh.map((b) => [b.parsed.facts.caseId, b.parsed.orderNo])),
    );
    options.onProgress?.({ read: report.read, imported: report.imported, rejected: report.rejected, fraction: source.progress() });
  };
  for await (const { rowNumber, fields } of source.rows) {
    if (fields.every((f) => f.trim() === '')) continue;
    report.read++;
    const parsed = parseHistoryRow(fields, columns, ctx);
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
    batch.push({ rowNumber, fields, parsed });
    if (batch.length >= (options.batchSize ?? 1000)) await flush();
  }
  await flush();
  await rejects.close();
  report.seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ read: report.read, imported: report.imported, rejected: report.rejected, fraction: 1 });
  return report;
}
