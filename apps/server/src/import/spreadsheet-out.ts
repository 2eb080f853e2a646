import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { spreadsheetText } from '@gongzhi/domain';

/** A cell the platform writes: text goes through `spreadsheetText` (no formula runs when the file is opened), numbers stay numbers. */
export type Cell = string | number;
export const safeCell = (v: Cell): Cell => (typeof v === 'number' ? v : spreadsheetText(v));
/** A row of cells through `safeCell`: what a workbook built with exceljs's own API (the bulletins) adds, row by row. */
export const safeRow = (row: readonly Cell[]): Cell[] => row.map(safeCell);

/** Every CSV the platform writes: UTF-8 with a BOM (what Excel needs to read Chinese), each cell through `safeCell`. */
export function csvWriter(path: string, header: readonly Cell[]): { write(row: readonly Cell[]): void; close(): Promise<void> } {
  const csv = stringify({ bom: true });
  const out = createWriteStream(path);
  csv.pipe(out);
  const write = (row: readonly Cell[]) => {
    csv.write(row.map(safeCell));
  };
  write(header);
  return {
    write,
    close: async () => {
      csv.end();
      await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
    },
  };
}

/** Every XLSX the platform writes: one streamed sheet, each cell through `safeCell`. */
export async function writeXlsxRows(path: string, sheetName: string, rows: Iterable<readonly Cell[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row.map(safeCell)).commit();
  sheet.commit();
  await workbook.commit();
}

/** One CSV line (no line end) with RFC 4180 quoting, each cell through `safeCell`. */
export const csvLine = (row: readonly Cell[]): string =>
  row
    .map(safeCell)
    .map(String)
    .map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(',');
