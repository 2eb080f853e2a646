import { parseBusinessRows, type RegisterReject } from '@gongzhi/domain';
import { upsertBusinesses, type Database } from '@gongzhi/db';
import type { ImportProgress } from './hotline-import.ts';
import { readRows } from './read-rows.ts';
import { csvWriter } from './spreadsheet-out.ts';

export interface RegisterImportReport {
  read: number;
  /** new credit codes in the unit's register */
  added: number;
  /** known credit codes whose name, address, scope or status changed */
  updated: number;
  /** known credit codes re-imported as they were: a repeat import adds nothing */
  unchanged: number;
  rejected: number;
  rejectsFile: string;
  seconds: number;
}

/** A reject's reasons in the words of the rejects file (zh, with the code for the record). */
const REASON_TEXT: Record<RegisterReject, string> = {
  NAME_MISSING: '缺少名称',
  CREDIT_CODE_INVALID: '统一社会信用代码无效',
  CREDIT_CODE_DUPLICATE: '统一社会信用代码与本文件前面的行重复',
  ADDRESS_MISSING: '缺少地址',
  STATUS_UNKNOWN: '登记状态无法识别(存续/在业/停业/吊销/注销)',
};

/**
 * Imports a business register (CSV in UTF-8 or GBK/GB18030, or XLSX; header names in Chinese or
 * English, see the domain's parseBusinessRows) into a unit's published register, upserting by
 * credit code in transactions of `batchSize`. Every row not taken goes to the rejects file with its
 * reasons, so added + updated + unchanged + rejected = rows read.
 */
export async function importRegister(options: {
  file: string;
  db: Database;
  unitId: string;
  at: Date;
  rejectsPath: string;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}): Promise<RegisterImportReport> {
  const started = performance.now();
  const source = await readRows(options.file);
  const header = source.header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const rows: Record<string, string>[] = [];
  const fieldsOf: string[][] = [];
  const rowNumbers: number[] = [];
  for await (const { rowNumber, fields } of source.rows) {
    if (fields.every((f) => f.trim() === '')) continue;
    rows.push(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])));
    fieldsOf.push(fields);
    rowNumbers.push(rowNumber);
  }
  const { businesses, rejects } = parseBusinessRows(rows);
  const out = csvWriter(options.rejectsPath, ['行号 row', '原因 reason', ...header]);
  for (const r of rejects)
    out.write([rowNumbers[r.row - 1] ?? r.row, r.reasons.map((x) => `${REASON_TEXT[x]} (${x})`).join('；'), ...(fieldsOf[r.row - 1] ?? [])]);
  await out.close();

  const report: RegisterImportReport = {
    read: rows.length,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: rejects.length,
    rejectsFile: options.rejectsPath,
    seconds: 0,
  };
  const batchSize = options.batchSize ?? 1000;
  for (let i = 0; i < businesses.length; i += batchSize) {
    const part = businesses.slice(i, i + batchSize);
    const counts = await options.db.transaction((tx) => upsertBusinesses(tx, options.unitId, part, options.at));
    report.added += counts.added;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    options.onProgress?.({
      read: report.read,
      imported: report.added + report.updated + report.unchanged,
      rejected: report.rejected,
      fraction: Math.min(1, (i + part.length) / Math.max(1, businesses.length)),
    });
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
