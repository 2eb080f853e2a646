import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CaseScope } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { DatabaseHandle } from '../client.ts';
import { cases, holdings, workflows } from '../schema/index.ts';
import { seedReference } from '../seed/reference.seed.ts';
import { planReads, testCaseRow, testTargets } from '../testing.ts';
import { caseVisibleTo, visibleCaseIds, workflowVisibleTo } from './visibility.repository.ts';

const at = new Date('2026-06-01T02:00:00Z');
const UNIT = '510100:urban';
const liaison: CaseScope = { everywhere: false, cities: [], inboxes: [UNIT], units: [UNIT] };
/** cases the unit has worked (a task and a holding each), and a few it never touched */
const WORKED = 1_000;

describe.each(testTargets())('the visibility rule on a busy unit’s cases, on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), at);
    const ids = [...Array.from({ length: WORKED }, (_, i) => `worked-${i}`), 'elsewhere-1', 'elsewhere-2'];
    await handle.db
      .insert(cases)
      .values(ids.map((id) => (id.startsWith('worked') ? testCaseRow(id, at) : testCaseRow(id, at, { cityAdcode: '510600', countyAdcode: '510603' }))));
    const dispute = (id: string, caseId: string) => ({
      id,
      kind: 'dispute',
      caseId,
      state: 'open',
      done: false,
      snapshot: {} as never,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    await handle.db.insert(workflows).values([dispute('dispute-worked', 'worked-5'), dispute('dispute-elsewhere', 'elsewhere-1')]);
    await handle.db.execute(
      sql`insert into tasks (workflow_id, kind, case_id, inbox, role, action, escalation, since) select 'dispute-worked', 'case', 'worked-' || g, ${UNIT}, 'lead', 'claim', 0, ${at} from generate_series(0, ${WORKED - 1}) g`,
    );
    await handle.db.execute(sql`insert into holdings (case_id, unit, from_at) select 'worked-' || g, ${UNIT}, ${at} from generate_series(0, ${WORKED - 1}) g`);
    await handle.db.execute(sql`analyze cases`);
    await handle.db.execute(sql`analyze tasks`);
    await handle.db.execute(sql`analyze holdings`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('answers for a few cases by looking at those, not at every task and holding the unit ever had', async () => {
    expect(await visibleCaseIds(handle.db, liaison, ['worked-7', 'worked-999', 'elsewhere-2', 'none'])).toEqual(new Set(['worked-7', 'worked-999']));
    const { plan, most } = await planReads(
      handle.db,
      handle.db
        .select({ id: cases.id })
        .from(cases)
        .where(and(inArray(cases.id, ['worked-7', 'worked-999', 'elsewhere-2', 'none']), caseVisibleTo(liaison))),
    );
    expect(most, plan).toBeLessThan(20);
  });

  it('lists the workflows of the unit’s cases by looking at those workflows’ cases only', async () => {
    const list = handle.db
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.kind, 'dispute'), workflowVisibleTo(liaison)))
      .orderBy(desc(workflows.updatedAt))
      .limit(20);
    expect(await list).toEqual([{ id: 'dispute-worked' }]);
    const { plan, most } = await planReads(handle.db, list);
    expect(most, plan).toBeLessThan(20);
  });

  it('still shows a case the unit only held, and not one it never touched', async () => {
    await handle.db.insert(holdings).values({ caseId: 'elsewhere-2', unit: UNIT, fromAt: at, toAt: at });
    expect(await visibleCaseIds(handle.db, liaison, ['elsewhere-1', 'elsewhere-2'])).toEqual(new Set(['elsewhere-2']));
    await handle.db.delete(holdings).where(eq(holdings.caseId, 'elsewhere-2'));
  });
});
