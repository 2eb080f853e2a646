import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { DomainError, ManualClock, type Actor } from '@gongzhi/domain';
import { listInbox, seedReference, verifyAudit, watchMatrix, type Database, type DatabaseHandle } from '@gongzhi/db';
import type { IntakeInput } from './use-cases/intake-cases.ts';
import { testTargets } from '@gongzhi/db/testing';
import { IntakeQueue } from './intake-queue.ts';

const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};
const report = (i: number, extra: Partial<IntakeInput> = {}): IntakeInput => ({
  matter: 'SAN-03',
  lon: 104.0 + i * 0.003,
  lat: 30.65,
  description: `乱倒垃圾 ${i}`,
  source: 'hotline',
  ...extra,
});

describe.each(testTargets())('intake queue on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('writes cases that arrive together in shared transactions, answering a bad one alone', async () => {
    const queue = new IntakeQueue({ db: handle.db, clock, alliance });
    const submitted = Array.from({ length: 12 }, (_, i) => queue.submit(i === 5 ? report(i, { lon: 116.4, lat: 39.9 }) : report(i), coordinator));
    const settled = await Promise.allSettled(submitted);
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(ok).toHaveLength(11);
    expect(new Set(ok.map((r) => r.number)).size).toBe(11);
    const refused = settled[5] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).reason).toBe('OUTSIDE_ALLIANCE');
    const inbox = await listInbox(handle.db, { inboxes: ['510100:urban'] });
    for (const r of ok) expect(inbox.find((t) => t.caseId === r.caseId)).toMatchObject({ action: 'claim', caseNumber: r.number });
    const audit = await verifyAudit(handle.db);
    expect(audit).toMatchObject({ broken: [], chains: 11 });
  });

  it('writes a batch of new cases in two round trips: one read, then every write as one statement with no BEGIN and COMMIT', async () => {
    const sent: string[] = [];
    const db = new Proxy(handle.db, {
      get(target, property, receiver) {
        if (property === 'execute' || property === 'transaction' || property === 'select') sent.push(property);
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as Database;
    // as the server does: the matrix in force is remembered until an amendment is announced
    const unwatch = await watchMatrix({ db, listen: (...args) => handle.listen(...args) });
    const queue = new IntakeQueue({ db, clock, alliance });
    await queue.submit(report(100), coordinator);
    sent.length = 0;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => queue.submit(report(101 + i), coordinator)));
    expect(new Set(results.map((r) => r.number)).size).toBe(10);
    expect(sent).toEqual(['execute', 'execute']);
    const inbox = await listInbox(handle.db, { inboxes: ['510100:urban'] });
    for (const r of results) expect(inbox.find((t) => t.caseId === r.caseId)).toMatchObject({ action: 'claim', caseNumber: r.number });
    expect(await verifyAudit(handle.db)).toMatchObject({ broken: [] });
    await unwatch();
  });
});
