export { importOrders, progressBar, type ImportReport } from './hotline-import.ts';
export { generateExport, writeCsv, writeXlsx } from './generate-orders.ts';
export { importPeopleFile, passwordsCsv, rejectsCsv } from './people.ts';
