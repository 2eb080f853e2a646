import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import type { Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { seedDemoCases } from './demo-cases.seed.ts';
import { listWorkflows } from './use-cases/list-workflows.ts';

const alliance = loadAlliance();
const NOW = new Date('2026-11-27T02:00:00Z');
const LEADERSHIP: Principal = {
  userId: 'l',
  username: 'l',
  displayName: 'l',
  memberships: [{ role: 'leadership', cityAdcode: '510100', departmentCode: null }],
};

describe.each(testTargets())('demo cases on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, NOW);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('gives the triage items the hotline could not name the classifier’s suggestions', async () => {
    // A stand-in classifier: every text looks like a loose shop sign, and a made-up code is dropped.
    const classifier = {
      suggest: () => [
        { matterCode: 'ADV-04', confidence: 0.91 },
        { matterCode: 'XXX-99', confidence: 0.05 },
      ],
    };
    // The 14th complaint (i = 13) is the first that comes in without a matter.
    expect(await seedDemoCases({ db: handle.db, alliance, now: NOW, classifier }, { count: 14 })).toBe(14);
    const triage = await listWorkflows({ ctx: { db: handle.db, principal: LEADERSHIP }, input: { kind: 'triage', open: true } });
    expect(triage.length).toBeGreaterThan(0);
    for (const t of triage) expect(t.view.suggestions).toEqual([{ matterCode: 'ADV-04', confidence: 0.91 }]);
  });
});
