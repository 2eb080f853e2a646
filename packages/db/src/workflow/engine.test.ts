import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, WORKFLOWS, type Actor, type PersistedSnapshot } from '@gongzhi/domain';
import { testTargets } from '../testing.ts';
import type { DatabaseHandle } from '../client.ts';
import { tasks, workflows } from '../schema/index.ts';
import { seedReference } from '../seed/reference.seed.ts';
import { findWorkflowOf } from '../repositories/workflow.repository.ts';
import { dispatch } from './engine.ts';

interface Fixture {
  id: string;
  kind: string;
  state: string;
  version: number;
  snapshot: PersistedSnapshot;
}
const fixtures: Fixture[] = JSON.parse(
  readFileSync(new URL('../../../domain/src/workflow/fixtures/snapshots-2049fb1.json', import.meta.url), 'utf8'),
).workflows;
const alliance = loadAlliance();
const coordinator = (city: string): Actor => ({
  kind: 'user',
  userId: `${city}-coordinator`,
  username: `${city}-coordinator`,
  memberships: [{ role: 'coordinator', cityAdcode: city, departmentCode: null }],
});

describe.each(testTargets())('a workflow stored before definitions had versions, on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-28T02:00:00Z');

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('loads through the engine as version 1, takes the next event and is stored as the current version', async () => {
    const stored = fixtures.find((f) => f.kind === 'harmonisation' && f.state === 'circulating');
    if (!stored) throw new Error('no fixture');
    // Written as 2049fb1 wrote it: no definition version (the column's default stands for them).
    await handle.db.execute(sql`
      insert into workflows (id, kind, case_id, matter_code, state, done, snapshot, version, created_at, updated_at)
      values (${stored.id}, 'harmonisation', null, 'FUM-02', 'circulating', false,
              ${JSON.stringify(stored.snapshot)}::jsonb, ${stored.version}, now(), now())`);
    const before = await findWorkflowOf(handle.db, 'harmonisation', stored.id);
    const pending = before?.view.cities.find((c) => before.view.positions[c] === 'pending');
    if (!pending) throw new Error('no city left to answer');

    const result = await dispatch({ db: handle.db, clock }, { workflowId: stored.id, actor: coordinator(pending), event: { type: 'CONCUR' } });

    expect(result).toMatchObject({ version: stored.version + 1, state: 'circulating' });
    const [row] = await handle.db.select().from(workflows).where(eq(workflows.id, stored.id));
    expect(row?.definitionVersion).toBe(WORKFLOWS.harmonisation.version);
    const after = await findWorkflowOf(handle.db, 'harmonisation', stored.id);
    expect(after?.view.positions[pending]).toBe('concurred');
    // Its inbox follows the new state: the cities still to answer.
    const inboxes = (await handle.db.select({ inbox: tasks.inbox }).from(tasks).where(eq(tasks.workflowId, stored.id))).map((t) => t.inbox).sort();
    const stillPending = after?.view.cities
      .filter((c) => after.view.positions[c] === 'pending')
      .map((c) => `coordinator:${c}`)
      .sort();
    expect(inboxes).toEqual(stillPending);
  });
});
