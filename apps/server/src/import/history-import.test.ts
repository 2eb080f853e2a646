import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadFacts, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { compute, parsePeriod, samePeriodLastYear, type Period } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { importHistory } from './history-import.ts';

const alliance = loadAlliance();
const dir = mkdtempSync(join(tmpdir(), 'gongzhi-history-'));

const HEADER = '工单编号,受理时间,签收时间,结案时间,承办单位,事项,区县,评价,是否返工';
const ROWS = [
  // good rows: October 2025 in Chengdu (the last is 23:30 on 31 October Beijing time: still October)
  'H-001,2025-10-03 09:00,2025-10-03 10:00,2025-10-04 09:00,城市管理委员会,流动摊贩占道经营,锦江区,满意,否',
  'H-002,2025-10-05 20:10,2025-10-05 23:40,2025-10-07 10:00,urban,VEN-02,510107,不满意,是',
  'H-003,2025-10-31 23:30,,2025-11-02 10:00,市场监督管理局,VEN-03,武侯区,,否',
  'H-004,2025/11/01 00:30,2025/11/01 01:00,2025/11/03 08:00,510100:police,VEN-04,成华区,基本满意,0',
  // bad rows, one reason each
  ',2025-10-03 09:00,,2025-10-04 09:00,urban,VEN-01,锦江区,,否',
  'H-006,2025-10-03 09:00,,,urban,VEN-01,锦江区,,否',
  'H-007,2025-10-05 09:00,,2025-10-04 09:00,urban,VEN-01,锦江区,,否',
  'H-008,2025-10-03 09:00,,2025-10-04 09:00,urban,VEN-01,朝阳区,,否',
  'H-009,2025-10-03 09:00,,2025-10-04 09:00,urban,不存在的事项,锦江区,,否',
  'H-010,2025-10-03 09:00,,2025-10-04 09:00,气象局,VEN-01,锦江区,,否',
  'H-011,2025-10-03 09:00,,2025-10-04 09:00,urban,VEN-01,锦江区,一般,否',
  'H-001,2025-10-03 09:00,,2025-10-04 09:00,urban,VEN-01,锦江区,,否',
];

describe.each(testTargets())('history import on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, new Date('2026-11-28T00:00:00Z'));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('imports closed orders of earlier years exactly, rejects bad rows with reasons, and a second run adds nothing', async () => {
    const file = join(dir, `history-${target.name}.csv`);
    writeFileSync(file, `\uFEFF${[HEADER, ...ROWS].join('\n')}\n`);
    const run = (rejectsPath: string) => importHistory({ file, db: handle.db, alliance, rejectsPath, batchSize: 2 });
    const first = await run(join(dir, `first-${target.name}.csv`));
    expect(first).toMatchObject({ read: 12, imported: 4, rejected: 8, alreadyImported: 0 });
    const reasons = (parse(readFileSync(first.rejectsFile, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>).map(
      (r) => r['原因 reason'],
    );
    expect(reasons).toEqual([
      '缺少工单编号',
      '结案时间无法识别(只导入已结案的工单)',
      '结案时间早于受理时间',
      '区县不在四市范围内:朝阳区',
      '事项无法对应职责清单:不存在的事项',
      '承办单位无法识别:气象局',
      '评价无法识别:一般',
      '工单编号与本文件第 2 行重复',
    ]);

    const again = await run(join(dir, `again-${target.name}.csv`));
    expect(again).toMatchObject({ read: 12, imported: 0, rejected: 12, alreadyImported: 4 });

    const facts = await loadFacts(handle.db, { caseIds: ['history:H-001', 'history:H-002', 'history:H-003', 'history:H-004'] });
    expect(facts).toHaveLength(4);
    expect(facts.every((f) => f.historical && f.closedAt !== null)).toBe(true);
    // a year later, October 2026 compares against these (同比)
    const oct2025 = samePeriodLastYear(parsePeriod('2026-10') as Period);
    const asOf = new Date('2026-11-28T00:00:00Z');
    expect(compute('intake', facts, oct2025, asOf).value).toBe(3);
    expect(compute('satisfaction', facts, oct2025, asOf)).toMatchObject({ numerator: 1, denominator: 2 });
    expect(compute('rework', facts, oct2025, asOf)).toMatchObject({ numerator: 1, denominator: 3 });
    // H-001 claimed in 1 h of a 2 h window; H-002 in 3.5 h; H-003 never claimed (window long past)
    expect(compute('responseOnTime', facts, oct2025, asOf)).toMatchObject({ numerator: 1, denominator: 3 });
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
