/**
 * 12345 import: rows per second for a generated export of BENCH_ROWS rows (100,000 by default,
 * every 50th with a deliberate defect) into PostgreSQL through the full intake (parse, classify,
 * place, route, repeats, case + workflow + tasks + timers + audit), as a ratio to a bare multi-row
 * INSERT of the same number of case rows into the same database in the same run (the storage floor).
 *
 *   pnpm --filter @gongzhi/bench bench:import      (BENCH_ROWS, BENCH_BATCH)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, seedReference } from '@gongzhi/db';
import { cases } from '@gongzhi/db/schema';
import { systemClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { defaultClassifier } from '@gongzhi/nlp';
import { generateExport, importOrders, writeCsv } from '@gongzhi/server/import';
import { scratchDatabase } from './lib.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const alliance = loadAlliance();
const dir = mkdtempSync(join(tmpdir(), 'gongzhi-import-bench-'));
const file = join(dir, 'export.csv');
const data = generateExport(alliance, ROWS);
writeCsv(file, data);
console.log(`generated ${ROWS} rows (${(statSync(file).size / 1e6).toFixed(1)} MB CSV)`);

const scratch = await scratchDatabase();
const handle = await openDatabase({ url: scratch.url });
try {
  await handle.migrate();
  await seedReference(handle.db, alliance, systemClock.now());
  let last = 0;
  const report = await importOrders({
    file,
    deps: { db: handle.db, clock: systemClock, alliance, classifier: defaultClassifier() },
    reportedIn: '510100',
    rejectsPath: `${file}.rejects.csv`,
    batchSize: BATCH,
    onProgress: (p) => {
      if (p.read - last >= 20_000) {
        last = p.read;
        console.log(`  … ${p.read} rows read`);
      }
    },
  });
  const rate = report.read / report.seconds;
  console.log(
    `import: ${report.read} rows in ${report.seconds.toFixed(1)} s = ${rate.toFixed(0)} rows/s ` +
      `(imported ${report.imported}: ${report.classified} by the classifier, ${report.triaged} to triage, ${report.repeats} repeats; rejected ${report.rejected})`,
  );
  const again = await importOrders({
    file,
    deps: { db: handle.db, clock: systemClock, alliance },
    reportedIn: '510100',
    rejectsPath: `${file}.again.csv`,
    batchSize: BATCH,
  });
  console.log(`re-import: ${again.imported} imported, ${again.alreadyImported} already there, ${(again.read / again.seconds).toFixed(0)} rows/s`);

  // Baseline: the same number of bare case rows, multi-row INSERTs of BATCH rows, nothing else.
  const t0 = performance.now();
  for (let i = 0; i < ROWS; i += BATCH) {
    await handle.db.insert(cases).values(
      Array.from({ length: Math.min(BATCH, ROWS - i) }, (_, k) => ({
        id: randomUUID(),
        matterCode: 'SAN-01',
        matrixVersion: 1,
        cityAdcode: '510100',
        countyAdcode: '510104',
        lon: 104.08,
        lat: 30.65,
        description: data.rows[(i + k) % data.rows.length]![2] || '-',
        source: 'hotline' as const,
        borderCities: [],
        crossCity: false,
        tier: 'simple' as const,
        createdAt: new Date(),
        state: 'offered' as const,
      })),
    );
  }
  const bare = ROWS / ((performance.now() - t0) / 1000);
  console.log(`baseline: bare INSERT of ${ROWS} case rows = ${bare.toFixed(0)} rows/s`);
  console.log(`ratio import ÷ bare insert: ${(rate / bare).toFixed(3)}`);
} finally {
  await handle.close();
  await scratch.drop();
  rmSync(dir, { recursive: true, force: true });
}
