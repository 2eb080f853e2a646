import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Membership, type Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { InboxBus } from './inbox-bus.ts';
import { callerAs } from './testing.ts';

// Issue 11, item 10: find any case by number, address, complaint text and — only for the units
// working it — the reporter's phone, always within the one visibility rule.

const alliance = loadAlliance();
const CD = '510100';
const DY = '510600';
const person = (username: string, ...memberships: Membership[]): Principal => ({ userId: username, username, displayName: username, memberships });
const liaison = (dept: Membership['departmentCode'], city = CD) => person(`${city}-${dept}`, { role: 'liaison', cityAdcode: city, departmentCode: dept });
const role = (r: Membership['role'], city = CD) => person(`${city}-${r}`, { role: r, cityAdcode: city, departmentCode: null });
const PHONE = '13912345678';

describe.each(testTargets())('finding a case on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const as = callerAs(() => ({ db: handle.db, clock, alliance, classifier: { suggest: () => [] }, bus: new InboxBus() }));
  let caseId: string;
  let number: number;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    // led by Chengdu's urban unit
    ({ caseId } = await as(role('coordinator')).case.intake({
      matter: 'VEN-02',
      lon: 104.0657,
      lat: 30.6574,
      address: '天府大道北段1700号',
      description: '商户出店经营占用人行道，行人只能走机动车道',
      source: 'hotline',
      reporterName: '李女士',
      reporterPhone: '139 1234 5678',
    }));
    number = (await as(role('leadership')).case.get({ caseId })).case.number;
    // another city's case with the same words, not the reader's
    await as(role('coordinator', DY)).case.intake({ matter: 'VEN-02', lon: 104.3979, lat: 31.127, description: '商户出店经营', source: 'hotline' });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const found = async (principal: Principal, q: string) => (await as(principal).case.search({ q })).hits.filter((h) => h.caseId === caseId);

  it('finds the case by number, #number, address and complaint text', async () => {
    const urban = liaison('urban');
    expect((await found(urban, String(number)))[0]?.matched).toContain('number');
    expect(await as(urban).case.search({ q: `#${number}` })).toMatchObject({ goTo: true, hits: [{ caseId, matched: ['number'] }] });
    expect((await found(urban, '天府大道'))[0]?.matched).toEqual(['text']);
    expect((await found(urban, '机动车道'))[0]?.matched).toEqual(['text']);
    expect(await found(urban, '机动车库')).toEqual([]);
  });

  it('matches the reporter’s phone only for the unit working the case, and never returns it', async () => {
    expect((await found(liaison('urban'), PHONE))[0]?.matched).toEqual(['phone']);
    expect((await found(liaison('urban'), '139-1234-5678'))[0]?.matched).toEqual(['phone']);
    for (const reader of [role('coordinator'), role('leadership')]) {
      expect(await found(reader, '天府大道')).toHaveLength(1);
      expect(await found(reader, PHONE)).toEqual([]);
      expect(JSON.stringify(await as(reader).case.search({ q: '天府大道' }))).not.toContain('1234');
    }
    expect(JSON.stringify(await as(liaison('urban')).case.search({ q: PHONE }))).not.toContain('5678');
  });

  it('answers a caller who reported again and again with their newest cases first, a page at a time', async () => {
    const again = [];
    for (const description of ['门口又在摆摊', '摊贩占道又来了', '夜市摊点占用盲道']) {
      clock.advance(60_000);
      again.push(
        (await as(role('coordinator')).case.intake({ matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description, source: 'hotline', reporterPhone: PHONE }))
          .caseId,
      );
    }
    const { hits } = await as(liaison('urban')).case.search({ q: PHONE, limit: 2 });
    expect(hits.map((h) => h.caseId)).toEqual([again[2], again[1]]);
    expect(hits.map((h) => h.matched)).toEqual([['phone'], ['phone']]);
    // the number of the first case puts it first, above the newest
    const byNumber = await as(liaison('urban')).case.search({ q: String(number), limit: 2 });
    expect(byNumber.hits[0]).toMatchObject({ caseId, matched: ['number'] });
  });

  it('finds nothing a reader may not see: another unit, another city', async () => {
    for (const reader of [liaison('police'), liaison('urban', DY), role('coordinator', DY)]) {
      expect(await found(reader, '商户出店')).toEqual([]);
      expect(await found(reader, String(number))).toEqual([]);
      expect(await found(reader, PHONE)).toEqual([]);
    }
    expect((await as(role('coordinator', DY)).case.search({ q: '商户出店' })).hits).toHaveLength(1);
  });
});
