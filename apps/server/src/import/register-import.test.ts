import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { count, eq } from 'drizzle-orm';
import { lookupBusinesses, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { registerBusinesses } from '@gongzhi/db/schema';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { generateRegister, generatedCreditCode, registerCsv, writeRegisterXlsx } from './generate-register.ts';
import { importRegister } from './register-import.ts';

const alliance = loadAlliance();
const dir = mkdtempSync(join(tmpdir(), 'gongzhi-register-'));
const UNIT = '510100:market';

describe.each(testTargets())('business register import on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T08:00:00Z');
  const stored = async () => (await handle.db.select({ n: count() }).from(registerBusinesses).where(eq(registerBusinesses.unitId, UNIT)))[0]!.n;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('imports a GBK CSV with four bad rows exactly, and a second run adds nothing', async () => {
    const rows = generateRegister(300, { streets: ['春熙路', '红星路二段', '玉林西路'] });
    rows[10] = ['', rows[10]![1]!, rows[10]![2]!, '', '存续']; // no name
    rows[20] = [rows[20]![0]!, '91510100XXXXXXXX', rows[20]![2]!, '', '存续']; // bad credit code
    rows[30] = [rows[30]![0]!, rows[29]![1]!, rows[30]![2]!, '', '存续']; // same code as row 29
    rows[40] = [rows[40]![0]!, rows[40]![1]!, rows[40]![2]!, '', '歇业中']; // status unknown
    const file = join(dir, `register-${target.name}.csv`);
    writeFileSync(file, iconv.encode(registerCsv(rows), 'gb18030'));

    const first = await importRegister({ file, db: handle.db, unitId: UNIT, at: clock.now(), rejectsPath: `${file}.rejects.csv`, batchSize: 100 });
    expect(first).toMatchObject({ read: 300, added: 296, updated: 0, unchanged: 0, rejected: 4 });
    expect(await stored()).toBe(296);
    const rejects = parse(readFileSync(`${file}.rejects.csv`, 'utf8'), { bom: true, from_line: 2 }) as string[][];
    // the file's line numbers (the header is line 1)
    expect(rejects.map((r) => Number(r[0]))).toEqual([12, 22, 32, 42]);
    expect(rejects[0]![1]).toContain('缺少名称');
    expect(rejects[2]![1]).toContain('重复');

    const again = await importRegister({ file, db: handle.db, unitId: UNIT, at: clock.now(), rejectsPath: `${file}.rejects.csv` });
    expect(again).toMatchObject({ read: 300, added: 0, updated: 0, unchanged: 296, rejected: 4 });
    expect(await stored()).toBe(296);
  });

  it('an XLSX re-import updates a changed status in place', async () => {
    const rows = generateRegister(300, { streets: ['春熙路', '红星路二段', '玉林西路'] }).slice(0, 5);
    rows[0] = [rows[0]![0]!, rows[0]![1]!, rows[0]![2]!, rows[0]![3]!, '吊销'];
    const file = join(dir, `register-${target.name}.xlsx`);
    await writeRegisterXlsx(file, rows);
    const report = await importRegister({ file, db: handle.db, unitId: UNIT, at: clock.now(), rejectsPath: `${file}.rejects.csv` });
    expect(report.added).toBe(0);
    expect(report.updated + report.unchanged).toBe(5);
    const [found] = await lookupBusinesses(handle.db, rows[0]![1]!);
    expect(found?.status).toBe('revoked');
    expect(await stored()).toBe(296);
  });

  it('looks a business up by credit code, by a fragment of its name and by its address', async () => {
    const code = generatedCreditCode('510104', 7);
    const byCode = await lookupBusinesses(handle.db, code.toLowerCase());
    expect(byCode).toHaveLength(1);
    expect(byCode[0]!.creditCode).toBe(code);
    const name = byCode[0]!.name;
    const byName = await lookupBusinesses(handle.db, name.slice(2, 8));
    expect(byName.map((b) => b.creditCode)).toContain(code);
    expect(byName.every((b) => b.name.includes(name.slice(2, 8)))).toBe(true);
    const byAddress = await lookupBusinesses(handle.db, ` ${byCode[0]!.address} `, 50);
    expect(byAddress.map((b) => b.creditCode)).toContain(code);
    expect(await lookupBusinesses(handle.db, '不存在的商户名称')).toEqual([]);
  });
});
