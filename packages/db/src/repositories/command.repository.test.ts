import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { isNotNull } from 'drizzle-orm';
import type { DatabaseHandle } from '../client.ts';
import { caseFacts } from '../schema/index.ts';
import { generateDemoHistory } from '../seed/demo-history.seed.ts';
import { testTargets } from '../testing.ts';
import { existingFacts, insertFacts, loadFacts } from './command.repository.ts';

const facts = generateDemoHistory({
  counties: [
    { adcode: '510104', cityAdcode: '510100', perDay: 6, vendingPeak: true, borderShare: 0.1 },
    { adcode: '510681', cityAdcode: '510600', perDay: 2, vendingPeak: false, borderShare: 0.3 },
  ],
  matters: MATRIX_V1_MATTERS,
  until: new Date('2026-11-20T04:00:00Z'),
  seed: 3,
}).slice(0, 2500);

describe.each(testTargets())('facts inserts on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('stores facts as given, in more than one statement, leaves present ones alone and ignores what is not a column', async () => {
    const first = facts[0];
    if (!first) throw new Error('no facts generated');
    // An imported fact carries its order number; one built from a wider record carries keys of no column.
    const wider = facts.map((f, i) => (i % 2 === 0 ? { ...f, description: '不是一列' } : f));
    expect(await insertFacts(handle.db, wider, new Map([[first.caseId, '12345:A-1']]))).toBe(facts.length);
    expect(await insertFacts(handle.db, facts.slice(0, 10))).toBe(0);
    const stored = await loadFacts(handle.db, { caseIds: facts.slice(0, 50).map((f) => f.caseId) });
    const byId = new Map(stored.map((f) => [f.caseId, f]));
    for (const f of facts.slice(0, 50)) expect(byId.get(f.caseId)).toEqual(f);
    const refs = await handle.db.select({ id: caseFacts.caseId, ref: caseFacts.externalRef }).from(caseFacts).where(isNotNull(caseFacts.externalRef));
    expect(refs).toEqual([{ id: first.caseId, ref: '12345:A-1' }]);
    expect((await existingFacts(handle.db, [first.caseId, 'no-such-case'])).size).toBe(1);
  });
});
