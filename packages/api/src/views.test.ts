import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, WORKFLOWS, isWorkflowKind, type Membership, type Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { workflows } from '@gongzhi/db/schema';
import { testTargets } from '@gongzhi/db/testing';
import type { Context } from './context.ts';
import { InboxBus } from './inbox-bus.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './root.ts';
import { getRequests } from './open311/open311.ts';

const createCaller = createCallerFactory(appRouter);
const alliance = loadAlliance();
const CD = '510100';
const DY = '510600';
const person = (username: string, m: Membership): Principal => ({ userId: username, username, displayName: username, memberships: [m] });
const RECORD_FIELDS = ['caseId', 'createdAt', 'done', 'id', 'kind', 'matterCode', 'state', 'updatedAt', 'version', 'view'];
/** Put into a stored snapshot outside every view: it must reach no client. */
const HIDDEN = 'only-in-the-snapshot';

describe.each(testTargets())('what clients receive of a workflow, on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const services = () => ({ db: handle.db, clock, alliance, bus: new InboxBus() });
  const as = (principal: Principal) => {
    const session = { id: 'test', userId: principal.userId, expiresAt: new Date('2027-01-01') };
    const ctx: Context = { ...services(), principal, session, secureCookies: false, requestId: 'test', clientAddress: 'test', setCookie: () => {} };
    return createCaller(ctx);
  };
  const leadership = () => as(person('leader', { role: 'leadership', cityAdcode: CD, departmentCode: null }));
  const coordinator = () => as(person('cd-coordinator', { role: 'coordinator', cityAdcode: CD, departmentCode: null }));
  const urban = () => as(person('cd-urban', { role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }));
  let caseId = '';
  let number = 0;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    // A case on the Chengdu–Deyang border, reported in Deyang: a case, a referral and a border workflow.
    ({ caseId, number } = await coordinator().case.intake({
      matter: 'VEN-01',
      lon: 104.2,
      lat: 30.9128,
      reportedIn: DY,
      description: '边界摊贩',
      source: 'hotline',
    }));
    await urban().case.claim({ caseId });
    await urban().case.start({ caseId });
    await urban().case.resolve({
      caseId,
      note: '已劝离摊贩',
      enforcement: {
        measure: 'persuasion',
        fineAmount: null,
        detainedItems: [],
        severity: 'minor',
        firstOffence: true,
        subject: { kind: 'person', name: '摊主' },
      },
    });
    await as(person('office', { role: 'alliance', cityAdcode: CD, departmentCode: null })).harmonisation.propose({ matterCode: 'VEN-05', text: '统一标准' });
    // Every stored context gets a field no view has.
    await handle.db.execute(sql`update ${workflows} set snapshot = jsonb_set(snapshot, '{context,internalNote}', ${JSON.stringify(HIDDEN)}::jsonb)`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** The view each definition gives of what is stored for this workflow. */
  async function storedView(id: string) {
    const [row] = await handle.db.select().from(workflows).where(eq(workflows.id, id));
    if (!row || !isWorkflowKind(row.kind)) throw new Error(`no workflow ${id}`);
    return WORKFLOWS[row.kind].view(row.snapshot, row.definitionVersion);
  }

  it('gives the portal each workflow as its row and its definition’s view, and nothing of the snapshot', async () => {
    const detail = await leadership().case.get({ caseId });
    const lists = await Promise.all([
      leadership().crossCity.list({ open: false }),
      leadership().harmonisation.list({ open: false }),
      leadership().dispute.list({ open: false }),
      leadership().joint.list({ open: false }),
    ]);
    const received = [...detail.workflows, ...lists.flat()];
    expect(new Set(received.map((w) => w.kind))).toEqual(new Set(['case', 'crosscity', 'harmonisation']));
    for (const w of received) {
      expect(Object.keys(w).sort()).toEqual(RECORD_FIELDS);
      expect(w.view).toEqual(await storedView(w.id));
      expect(w.view.state).toBe(w.state);
    }
    const json = JSON.stringify([detail, lists]);
    expect(json).not.toContain('"snapshot"');
    expect(json).not.toContain('"context"');
    expect(json).not.toContain(HIDDEN);
  });

  it('gives Open311 clients what the case workflow’s view says, and nothing else of it', async () => {
    const [request] = await getRequests(services(), { service_request_id: String(number) }, 'zh');
    const [row] = await handle.db.select().from(workflows).where(eq(workflows.id, caseId));
    if (!row) throw new Error('no case workflow');
    const view = WORKFLOWS.case.view(row.snapshot, row.definitionVersion);
    expect(request).toMatchObject({ service_request_id: String(number), expected_datetime: view.respondBy, status: 'open' });
    expect(request?.agency_responsible).toContain('城市管理');
    const published = await as(person('x', { role: 'leadership', cityAdcode: CD, departmentCode: null })).public.status({ number });
    expect(published).toMatchObject({ leadUnit: view.holder, publishedResult: '已劝离摊贩', supervised: false });
    expect(JSON.stringify([request, published])).not.toContain(HIDDEN);
  });
});
