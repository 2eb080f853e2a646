import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { enforcementFacts, FLEXIBLE_MEASURES, type Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { enforcementRecords } from '@gongzhi/db/schema';
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
  it('resolves the enforcement matters’ cases with enforcement records checked against the standard, some of them flagged', async () => {
    const fresh = await target.open();
    try {
      await seedReference(fresh.db, alliance, NOW);
      // the first 50 demo cases hold 15 enforcement records, the first flagged one among them
      await seedDemoCases({ db: fresh.db, alliance, now: NOW }, { count: 50 });
      const records = await fresh.db.select().from(enforcementRecords);
      expect(records.length).toBeGreaterThan(10);
      const facts = enforcementFacts(records.map((r) => ({ flexible: FLEXIBLE_MEASURES.includes(r.measure), deviations: r.deviations })));
      // the figure for the closing note: share of demo enforcement records flagged
      console.log(
        `demo enforcement records: ${facts.records}, flagged ${facts.deviations} (${((facts.deviationShare ?? 0) * 100).toFixed(1)} %), 柔性执法 ${((facts.flexibleShare ?? 0) * 100).toFixed(1)} %`,
      );
      expect(facts.deviations).toBeGreaterThan(0);
      expect(facts.deviationShare).toBeLessThan(0.5);
      expect(facts.flexibleShare).toBeGreaterThan(0.4);
      // every flagged record that closed its case carries the supervisor's approval
      const flagged = await fresh.db.execute(
        "select count(*)::int as n from enforcement_records e join cases c on c.id = e.case_id where jsonb_array_length(e.deviations) > 0 and c.state <> 'inProgress' and e.approved_by is null",
      );
      expect((flagged as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
