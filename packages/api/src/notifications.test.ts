import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Membership, type Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { InboxBus } from './inbox-bus.ts';
import { callerAs } from './testing.ts';

// Issue 11, item 11: what changed for me — a new task, a reminder (催办), a supervision order (督办),
// a transfer received, a ruling — each person's own read state, scoped by the one visibility rule.

const alliance = loadAlliance();
const CD = '510100';
const DY = '510600';
const person = (username: string, ...memberships: Membership[]): Principal => ({ userId: username, username, displayName: username, memberships });
const liaison = (dept: Membership['departmentCode'], city = CD, name = `${city}-${dept}`) =>
  person(name, { role: 'liaison', cityAdcode: city, departmentCode: dept });
const role = (r: Membership['role'], city = CD) => person(`${city}-${r}`, { role: r, cityAdcode: city, departmentCode: null });

describe.each(testTargets())('notifications on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const as = callerAs(() => ({ db: handle.db, clock, alliance, classifier: { suggest: () => [] }, bus: new InboxBus() }));
  let caseId: string;
  const kindsFor = async (p: Principal) =>
    (await as(p).notifications.list({})).items
      .filter((n) => n.caseId === caseId)
      .map((n) => n.kind)
      .sort();

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    // led by Chengdu's urban unit, supported by its market unit
    ({ caseId } = await as(role('coordinator')).case.intake({
      matter: 'VEN-02',
      lon: 104.0657,
      lat: 30.6574,
      description: '商户出店经营占用人行道',
      source: 'hotline',
    }));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('tells the units of a new case, a reminder and a supervision order, and no one else', async () => {
    expect(await kindsFor(liaison('urban'))).toEqual(['task']);
    expect(await kindsFor(liaison('market'))).toEqual(['task']);
    clock.advance(60_000);
    await as(role('coordinator')).case.remind({ caseId, note: '请尽快签收' });
    await as(role('leadership')).case.supervise({ caseId, note: '限期整改', dueBy: '2026-11-28T09:00:00Z' });
    expect(await kindsFor(liaison('urban'))).toEqual(['reminder', 'supervision', 'task']);
    for (const stranger of [liaison('police'), liaison('urban', DY), role('coordinator', DY)]) expect(await kindsFor(stranger)).toEqual([]);
    const { items, unread } = await as(liaison('urban')).notifications.list({});
    expect(unread).toBe(3);
    expect(items[0]).toMatchObject({ kind: 'supervision', caseNumber: expect.any(Number), matterCode: 'VEN-02', read: false });
  });

  it('keeps read state per person: one read, then all; a colleague’s stays unread', async () => {
    const me = liaison('urban');
    const colleague = liaison('urban', CD, 'cd-urban-2');
    const [newest] = (await as(me).notifications.list({})).items;
    expect((await as(me).notifications.read({ ids: [newest!.id] })).unread).toBe(2);
    expect((await as(me).notifications.read({ all: true })).unread).toBe(0);
    expect((await as(colleague).notifications.list({})).unread).toBe(3);
    // someone else's notification cannot be marked by id
    const theirs = (await as(liaison('market')).notifications.list({})).items[0]!;
    await as(me).notifications.read({ ids: [theirs.id] });
    expect((await as(liaison('market')).notifications.list({})).items[0]?.read).toBe(false);
    // the unit's own claim is no news to it
    await as(me).case.claim({ caseId });
    expect((await as(me).notifications.list({})).unread).toBe(0);
  });

  it('tells the receiving unit of a transfer, and the unit a ruling gives the case', async () => {
    const { caseId: other } = await as(role('coordinator')).case.intake({
      matter: 'VEN-02',
      lon: 104.0657,
      lat: 30.6574,
      description: '店门口摆摊',
      source: 'hotline',
    });
    caseId = other;
    await as(liaison('urban')).case.transfer({ caseId, to: 'market', citedMatter: 'VEN-03', reason: '疑似无照经营' });
    expect(await kindsFor(liaison('market'))).toContain('transfer');
    const transfer = (await as(liaison('urban')).case.get({ caseId })).workflows.find((w) => w.kind === 'transfer')!;
    await as(liaison('market')).transfer.reject({ workflowId: transfer.id, reason: '持照经营' });
    const dispute = (await as(role('leadership')).case.get({ caseId })).workflows.find((w) => w.kind === 'dispute')!;
    await as(role('leadership')).dispute.rule({ workflowId: dispute.id, lead: 'market', supports: [], reasons: '无照经营由市场监管主办' });
    expect(await kindsFor(liaison('market'))).toContain('ruling');
    expect(await kindsFor(liaison('police'))).toEqual([]);
  });
  it('pages to older notifications, each once, and the unread count stays that of the whole inbox', async () => {
    const me = liaison('urban', CD, 'cd-urban-3');
    const all = (await as(me).notifications.list({ limit: 100 })).items;
    expect(all.length).toBeGreaterThan(3);
    const first = await as(me).notifications.list({ limit: 2 });
    expect(first.items.map((n) => n.id)).toEqual(all.slice(0, 2).map((n) => n.id));
    expect(first.more).toBe(true);
    const seen = [...first.items];
    for (let page = first; page.more;) {
      page = await as(me).notifications.list({ limit: 2, before: page.items.at(-1)!.id });
      expect(page.unread).toBe(first.unread);
      seen.push(...page.items);
    }
    expect(seen.map((n) => n.id)).toEqual(all.map((n) => n.id));
    expect(first.unread).toBe(all.filter((n) => !n.read).length);
  });
});
