import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { count, eq, isNotNull, like } from 'drizzle-orm';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import type { IntakeContext } from '@gongzhi/api/use-cases';
import { cases } from '@gongzhi/db/schema';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { defaultClassifier } from '@gongzhi/nlp';
import { generateExport, writeCsv, writeXlsx } from './generate-orders.ts';
import { importOrders } from './hotline-import.ts';

const alliance = loadAlliance();
const dir = mkdtempSync(join(tmpdir(), 'gongzhi-import-'));
// Enough rows for every kind of defect and ten batches; the 10,000- and 100,000-row runs are
// bench/import.bench.ts (a test proves the property, a benchmark measures the speed).
const ROWS = 1_000;
const BATCH = 100;

describe.each(testTargets())('12345 import on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T08:00:00Z');
  const deps = (): IntakeContext => ({ db: handle.db, clock, alliance, classifier: defaultClassifier() });
  const stored = async (prefix: string) =>
    (
      await handle.db
        .select({ n: count() })
        .from(cases)
        .where(like(cases.externalRef, `12345:${prefix}%`))
    )[0]!.n;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it(`imports ${ROWS.toLocaleString('en')} rows with deliberate bad rows exactly, and a second run adds nothing`, async () => {
    const data = generateExport(alliance, ROWS);
    const file = join(dir, `orders-${target.name}.csv`);
    writeCsv(file, data);
    const bad = Object.values(data.defects).reduce((a, b) => a + b, 0);
    expect(bad).toBe(ROWS / 50);
    const fractions: number[] = [];
    const first = await importOrders({
      file,
      deps: deps(),
      reportedIn: '510100',
      rejectsPath: `${file}.rejects.csv`,
      batchSize: BATCH,
      onProgress: (p) => fractions.push(p.fraction),
    });
    expect(first.read).toBe(ROWS);
    expect(first.rejected).toBe(bad);
    expect(first.imported).toBe(ROWS - bad);
    expect(first.imported + first.rejected).toBe(first.read);
    expect(first.alreadyImported).toBe(0);
    expect(first.triaged + first.classified).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBe(1);
    expect(await stored('GD')).toBe(ROWS - bad);
    console.log(
      `[import ${target.name}] ${ROWS} rows in ${first.seconds.toFixed(1)} s = ${Math.round(ROWS / first.seconds)} rows/s; classified ${first.classified}, triaged ${first.triaged}, repeats ${first.repeats}`,
    );

    // The rejects file names every row not taken and why.
    const rejects = parse(readFileSync(`${file}.rejects.csv`), { bom: true }) as string[][];
    expect(rejects).toHaveLength(bad + 1);
    const reasons = rejects.slice(1).map((row) => row[2]!);
    expect(reasons.filter((r) => r === '诉求内容为空')).toHaveLength(data.defects['no-description']);
    expect(reasons.filter((r) => r.startsWith('受理时间'))).toHaveLength(data.defects['bad-time']);
    expect(reasons.filter((r) => r.includes('不在成都、德阳、眉山、资阳四市范围内'))).toHaveLength(data.defects.outside);
    expect(reasons.filter((r) => r.startsWith('工单编号与本文件第'))).toHaveLength(data.defects.duplicate);
    expect(reasons.filter((r) => r.includes('没有可识别的区县'))).toHaveLength(data.defects['no-place']);

    const second = await importOrders({ file, deps: deps(), reportedIn: '510100', rejectsPath: `${file}.again.csv`, batchSize: BATCH });
    expect(second).toMatchObject({ read: ROWS, imported: 0, rejected: ROWS, alreadyImported: ROWS - bad });
    expect(await stored('GD')).toBe(ROWS - bad);
    const [withTime] = await handle.db.select().from(cases).where(eq(cases.externalRef, '12345:GD00000001'));
    expect(withTime!.reportedAt).not.toBeNull();
  });

  it('reads an XLSX export the same way', async () => {
    const data = generateExport(alliance, 120, 7, 'XL');
    const file = join(dir, `orders-${target.name}.xlsx`);
    await writeXlsx(file, data);
    const report = await importOrders({ file, deps: deps(), reportedIn: '510100', rejectsPath: `${file}.rejects.csv` });
    expect(report).toMatchObject({ read: 120, imported: 118, rejected: 2 });
    expect(await stored('XL')).toBe(118);
    expect((await handle.db.select({ n: count() }).from(cases).where(isNotNull(cases.repeatOf)))[0]!.n).toBeGreaterThanOrEqual(0);
  });

  it('refuses a file without the needed columns, in Chinese, storing nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeCsv(file, { header: ['编号', '内容'], rows: [['1', 'x']], defects: { 'no-description': 0, 'bad-time': 0, outside: 0, duplicate: 0, 'no-place': 0 } });
    await expect(importOrders({ file, deps: deps(), reportedIn: '510100', rejectsPath: `${file}.rejects.csv` })).rejects.toThrow(
      /^表头缺少列:受理时间 \(time\)/,
    );
  });
});

afterAll(() => (process.env.KEEP_IMPORT_FILES ? undefined : rmSync(dir, { recursive: true, force: true })));
