import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { decodeStream, detectFileEncoding } from './encoding.ts';

export interface RowStream {
  header: string[];
  /** data rows after the header, with their 1-based line/row number in the file */
  rows: AsyncIterable<{ rowNumber: number; fields: string[] }>;
  /** share of the file read so far, 0..1 (by bytes), for the progress bar */
  progress(): number;
}

/** Rows of a CSV (UTF-8 with or without a BOM, or GBK/GB18030: see encoding.ts) or the first sheet of an XLSX file, read as a stream. */
export async function readRows(path: string): Promise<RowStream> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  if (ext === '.csv' || ext === '.txt') return readCsv(path);
  throw new Error(`不支持的文件类型 ${ext || '(无扩展名)'}:请用 .csv 或 .xlsx (unsupported file type; use .csv or .xlsx)`);
}

async function readCsv(path: string): Promise<RowStream> {
  const size = statSync(path).size || 1;
  const encoding = await detectFileEncoding(path);
  const stream = createReadStream(path);
  const text = decodeStream(stream, encoding);
  const parser = text.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }));
  text.on('error', (e) => parser.destroy(e));
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await iterator.next();
  if (first.done) throw new Error('文件是空的 (the file is empty)');
  return {
    header: first.value,
    rows: {
      async *[Symbol.asyncIterator]() {
        let rowNumber = 1;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          rowNumber++;
          yield { rowNumber, fields: next.value };
        }
      },
    },
    progress: () => Math.min(1, stream.bytesRead / size),
  };
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel keeps wall-clock time: write it back as Beijing wall-clock text.
    const p = (n: number) => String(n).padStart(2, '0');
    return `${v.getUTCFullYear()}-${p(v.getUTCMonth() + 1)}-${p(v.getUTCDate())} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}:${p(v.getUTCSeconds())}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
};

async function readXlsx(path: string): Promise<RowStream> {
  const size = statSync(path).size || 1;
  const stream = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  const rowsOf = async function* () {
    for await (const sheet of reader) {
      for await (const row of rowsOfSheet(sheet)) {
        const values = row.values as ExcelJS.CellValue[];
        yield { rowNumber: row.number, fields: values.slice(1).map(cellText) };
      }
      return; // the first sheet only
    }
  };
  const iterator = rowsOf();
  const first = await iterator.next();
  if (first.done) throw new Error('文件是空的 (the file is empty)');
  return {
    header: first.value.fields,
    rows: { [Symbol.asyncIterator]: () => iterator },
    progress: () => Math.min(1, stream.bytesRead / size),
  };
}

/** exceljs's types do not say that a streamed worksheet is async-iterable over its rows; it is. */
function rowsOfSheet(sheet: object): AsyncIterable<ExcelJS.Row> {
  if (!(Symbol.asyncIterator in sheet)) throw new Error('not a streamed worksheet');
  return sheet as AsyncIterable<ExcelJS.Row>;
}
