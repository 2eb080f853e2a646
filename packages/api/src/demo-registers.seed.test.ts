import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import type { Principal } from '@gongzhi/domain';
import { countRegister, listInbox, lookupBusinesses, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { seedDemoCases } from './demo-cases.seed.ts';
import { seedDemoRegisters } from './demo-registers.seed.ts';
import { caseDataRequests } from './use-cases/registers.ts';

const alliance = loadAlliance();
const NOW = new Date('2026-11-27T02:00:00Z');
const LEADERSHIP: Principal = {
  userId: 'l',
  username: 'l',
  displayName: 'l',
  memberships: [{ role: 'leadership', cityAdcode: '510100', departmentCode: null }],
};

describe.each(testTargets())('demo register and data requests on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, NOW);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('registers businesses along the demo roads and sends three data requests: on time, late, open; once', async () => {
    // 20 demo cases leave five open in Chengdu urban management's inbox: three are asked about
    await seedDemoCases({ db: handle.db, alliance, now: NOW }, { count: 20 });
    const stored = await seedDemoRegisters({ db: handle.db, alliance, now: NOW }, { count: 400 });
    expect(stored).toBeGreaterThanOrEqual(400);
    expect(await countRegister(handle.db, '510100:market')).toBe(stored);
    expect((await lookupBusinesses(handle.db, '春熙路', 5)).length).toBe(5);
    const asked = (await listInbox(handle.db, { inboxes: ['510100:urban'] })).filter((t) => t.kind === 'datarequest');
    const caseIds = [...new Set(asked.map((t) => t.caseId ?? ''))];
    const views = (await Promise.all(caseIds.map((caseId) => caseDataRequests({ ctx: { db: handle.db, principal: LEADERSHIP }, input: { caseId } })))).flat();
    expect(views.map((v) => [v.state, v.onTime, v.late, v.escalatedAt !== null]).sort()).toEqual([
      // the late one went past its deadline first: escalated to the coordination office, then answered
      ['answered', false, true, true],
      ['answered', true, false, false],
      ['open', null, false, false],
    ]);
    expect(await seedDemoRegisters({ db: handle.db, alliance, now: NOW })).toBe(0);
  });
});
