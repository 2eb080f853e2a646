import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { CaseScope } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { DatabaseHandle } from '../client.ts';
import { cases, notificationMarks, notificationReads, notifications } from '../schema/index.ts';
import { seedReference } from '../seed/reference.seed.ts';
import { planReads, testCaseRow, testTargets, workedByHolder } from '../testing.ts';
import { listNotifications, notificationPage, unreadNotifications, type NotificationReader } from './notification.repository.ts';

const at = new Date('2026-06-01T02:00:00Z');
const UNIT = '510100:urban';
const MARKET = '510100:market';
/** a month of a busy unit's notifications, one per case, and half as many of a second unit's */
const NOTIFIED = 1_000;
const PAGE = 10;
const scope = (...inboxes: string[]): CaseScope => ({ everywhere: false, cities: [], inboxes, units: inboxes });
const reader = (userId: string, ...inboxes: string[]): NotificationReader => ({ userId, inboxes, scope: scope(...inboxes), since: at });

describe.each(testTargets())('a month of notifications, on $name', (target) => {
  let handle: DatabaseHandle;
  /** the ids of UNIT's notifications, newest first, and of MARKET's */
  let urbanIds: number[];
  let marketIds: number[];
  let hiddenId: number;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), at);
    const minute = (i: number) => new Date(at.getTime() + i * 60_000);
    const rows = Array.from({ length: NOTIFIED }, (_, i) => testCaseRow(`case-${i}`, minute(i), { holderUnit: UNIT }));
    for (let i = 0; i < rows.length; i += 500) await handle.db.insert(cases).values(rows.slice(i, i + 500));
    await handle.db.insert(cases).values(testCaseRow('elsewhere', at, { cityAdcode: '510600', countyAdcode: '510603' }));
    // the unit worked every case it holds
    await workedByHolder(handle.db, UNIT, 'case-0', at);
    // the market unit supports every second case
    await handle.db.execute(
      sql`insert into holdings (case_id, unit, from_at) select 'case-' || g, ${MARKET}, ${at} from generate_series(0, ${NOTIFIED - 1}, 2) g`,
    );
    const notice = (inbox: string, caseId: string | null, i: number) => ({
      inbox,
      kind: 'task' as const,
      action: 'claim' as const,
      workflowId: `wf-${caseId ?? 'standard'}`,
      workflowKind: caseId ? ('case' as const) : ('harmonisation' as const),
      caseId,
      at: minute(i),
    });
    // in the order they happened: the two units' notifications interleaved
    const all = Array.from({ length: NOTIFIED }, (_, i) => [notice(UNIT, `case-${i}`, i), ...(i % 2 === 0 ? [notice(MARKET, `case-${i}`, i)] : [])]).flat();
    for (let i = 0; i < all.length; i += 500) await handle.db.insert(notifications).values(all.slice(i, i + 500));
    // the newest of all: one outside any case, and one of a case the unit may not see (any more)
    await handle.db.insert(notifications).values([notice(UNIT, null, NOTIFIED), notice(UNIT, 'elsewhere', NOTIFIED + 1)]);
    const ids = await handle.db.select({ id: notifications.id, inbox: notifications.inbox, caseId: notifications.caseId }).from(notifications);
    const newestFirst = (inbox: string) =>
      ids
        .filter((n) => n.inbox === inbox && n.caseId !== 'elsewhere')
        .map((n) => n.id)
        .sort((a, b) => b - a);
    [urbanIds, marketIds] = [newestFirst(UNIT), newestFirst(MARKET)];
    hiddenId = ids.find((n) => n.caseId === 'elsewhere')!.id;
    // the liaison marked all read a while ago (up to the 11th newest), and has read two since
    await handle.db.insert(notificationMarks).values({ userId: 'liaison', readTo: urbanIds[10]! });
    await handle.db.insert(notificationReads).values([urbanIds[2]!, urbanIds[5]!].map((notificationId) => ({ userId: 'liaison', notificationId })));
    await handle.db.insert(notificationMarks).values({ userId: 'both', readTo: Math.max(urbanIds[10]!, marketIds[10]!) });
    for (const table of ['cases', 'tasks', 'holdings', 'notifications']) await handle.db.execute(sql`analyze ${sql.identifier(table)}`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('lists the newest page, with each one’s read state, and counts the unread', async () => {
    const { items, unread, more } = await listNotifications(handle.db, reader('liaison', UNIT), { limit: PAGE });
    expect(items.map((n) => n.id)).toEqual(urbanIds.slice(0, PAGE));
    expect(items.map((n) => n.read)).toEqual(urbanIds.slice(0, PAGE).map((_, i) => i === 2 || i === 5));
    expect(items[0]).toMatchObject({ caseId: null, workflowKind: 'harmonisation' });
    expect(items[1]).toMatchObject({ caseId: `case-${NOTIFIED - 1}`, caseNumber: expect.any(Number), matterCode: 'FUM-01' });
    expect(more).toBe(true);
    // above the mark: ten, two of them read; the one of a case the unit may not see does not count
    expect(unread).toBe(8);
  });

  it('pages to the oldest, each notification once, newest first, with the same unread count on every page', async () => {
    for (const r of [reader('liaison', UNIT), reader('both', UNIT, MARKET)]) {
      const expected = (r.inboxes.length === 1 ? urbanIds : [...urbanIds, ...marketIds]).sort((a, b) => b - a);
      const seen: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await listNotifications(handle.db, r, { limit: 100, before });
        expect(page.unread).toBe(r.inboxes.length === 1 ? 8 : expected.filter((id) => id > Math.max(urbanIds[10]!, marketIds[10]!)).length);
        seen.push(...page.items.map((n) => n.id));
        if (!page.more) break;
        before = page.items.at(-1)!.id;
      }
      expect(seen).toEqual(expected);
      expect(seen).not.toContain(hiddenId);
    }
  });

  it('reads a page and the unread count without reading the rest of the month', async () => {
    for (const r of [reader('liaison', UNIT), reader('both', UNIT, MARKET)]) {
      for (const before of [undefined, urbanIds[500]]) {
        // a page of 5: one more than the page of each inbox is read, 12 for two inboxes
        const { plan, most } = await planReads(handle.db, notificationPage(r, { limit: 5, before }));
        expect(most, plan).toBeLessThan(20);
      }
      const { plan, most } = await planReads(handle.db, unreadNotifications(r, 100));
      expect(most, plan).toBeLessThan(20);
    }
  });
});
