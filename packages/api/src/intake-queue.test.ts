import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlliance } from '@gongzhi/geo';
import { DomainError, ManualClock, type Actor } from '@gongzhi/domain';
import { sql } from 'drizzle-orm';
import { listInbox, seedReference, verifyAudit, watchMatrix, withEngine, type Database, type DatabaseHandle } from '@gongzhi/db';
import type { IntakeInput } from './use-cases/intake-cases.ts';
import { counting, testTargets } from '@gongzhi/db/testing';
import { IntakeQueue } from './intake-queue.ts';
import { intakeCases } from './use-cases/intake-cases.ts';

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

  it('writes a batch of new cases in two round trips, both prepared statements: one read, then every write as one statement with no BEGIN and COMMIT', async () => {
    const sent: string[] = [];
    const db = counting(handle.db, (method) => sent.push(method));
    // as the server does: the matrix in force is remembered until an amendment is announced
    const unwatch = await watchMatrix({ db, listen: (...args) => handle.listen(...args) });
    const queue = new IntakeQueue({ db, clock, alliance });
    await queue.submit(report(100), coordinator);
    sent.length = 0;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => queue.submit(report(101 + i), coordinator)));
    expect(new Set(results.map((r) => r.number)).size).toBe(10);
    expect(sent).toEqual(['prepared', 'prepared']);
    const inbox = await listInbox(handle.db, { inboxes: ['510100:urban'] });
    for (const r of results) expect(inbox.find((t) => t.caseId === r.caseId)).toMatchObject({ action: 'claim', caseNumber: r.number });
    expect(await verifyAudit(handle.db)).toMatchObject({ broken: [] });

    // cases for triage go the same way (the triage workflow starts its case's audit chain)
    sent.length = 0;
    const triaged = await Promise.all([0, 1, 2].map((i) => queue.submit(report(120 + i, { matter: undefined }), coordinator)));
    expect(triaged.map((r) => r.route)).toEqual([null, null, null]);
    expect(sent).toEqual(['prepared', 'prepared']);
    expect(await verifyAudit(handle.db)).toMatchObject({ broken: [] });
    await unwatch();
  });

  it('under load, waits a moment for the callers just answered, so their next cases go in one batch', async () => {
    const sent: string[] = [];
    const db = counting(handle.db, (method) => sent.push(method));
    const unwatch = await watchMatrix({ db, listen: (...args) => handle.listen(...args) });
    // Only the count of cases ends this wait (not its timer, which a slow machine could reach first).
    const queue = new IntakeQueue({ db, clock, alliance }, 64, 4, 60_000);
    await queue.submit(report(300), coordinator); // the matrix in force is read once
    sent.length = 0;
    // Three callers, each sending its next case a turn of the event loop after its answer (as a
    // client over the network does): without the wait, the first of them would go alone.
    const next = await Promise.all(
      [0, 1, 2].map((i) =>
        queue
          .submit(report(301 + i), coordinator)
          .then(
            () =>
              new Promise<number>((resolve, reject) => setImmediate(() => queue.submit(report(311 + i), coordinator).then((r) => resolve(r.number), reject))),
          ),
      ),
    );
    expect(new Set(next).size).toBe(3);
    // two batches of three, two round trips each
    expect(sent).toEqual(['prepared', 'prepared', 'prepared', 'prepared']);
    await unwatch();
  });

  it('links a repeat of a case whose batch was being stored at the same moment', async () => {
    const spot = { lon: 104.2, lat: 30.7 };
    const [a, b] = await Promise.all(
      [0, 1].map((i) => intakeCases({ ctx: { db: handle.db, clock, alliance }, input: [{ input: report(200 + i, spot), actor: coordinator }] })),
    );
    const [first, second] = [a![0]!, b![0]!].map((o) => (o.ok ? o.result : expect.fail(String(o.error))));
    expect([first!.repeatOf, second!.repeatOf].sort()).toEqual([first!.caseId, null].sort());
  });

  it('stores batches in the order they came, however long they take to get ready', async () => {
    const ctx = { db: handle.db, clock, alliance };
    // the first batch looks up its order numbers and has far more to start than the second
    const [first, second] = await Promise.all([
      intakeCases({
        ctx,
        input: Array.from({ length: 8 }, (_, i) => ({ input: report(20 + i, { externalRef: `12345:GD2026112901${i}` }), actor: coordinator })),
      }),
      intakeCases({ ctx, input: [{ input: report(40), actor: coordinator }] }),
    ]);
    const numbers = (outcomes: typeof first) => outcomes.map((o) => (o.ok ? o.result.number : expect.fail(String(o.error))));
    expect(Math.max(...numbers(first))).toBeLessThan(Math.min(...numbers(second)));
  });

  it('refuses an order taken in by a batch stored at the same moment, as already imported', async () => {
    // Both batches find the order free before either is stored; the one stored second looks again in its turn.
    const ref = '12345:GD202611290077';
    const outcomes = await Promise.all(
      [0, 1].map((i) => intakeCases({ ctx: { db: handle.db, clock, alliance }, input: [{ input: report(60 + i, { externalRef: ref }), actor: coordinator }] })),
    );
    const [stored, refused] = [...outcomes.map((o) => o[0]!)].sort((a, b) => Number(b.ok) - Number(a.ok));
    expect(stored!.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, error: { reason: 'ALREADY_IMPORTED' } });
  });

  it('reads and writes batches of any size by the same two prepared statements, operators’ corrections of the classifier included', async () => {
    const written: string[] = [];
    const db = counting(handle.db, (method, name) => name && written.push(name));
    // the classifier would have said another matter than the operator chose: each case records a correction
    const classifier = { suggest: () => [{ matterCode: 'SAN-01', confidence: 0.9 }] };
    for (const size of [2, 5])
      await intakeCases({
        ctx: { db, clock, alliance, classifier },
        input: Array.from({ length: size }, (_, i) => ({ input: report(70 + size * 2 + i), actor: coordinator })),
      });
    // each batch: its read, then its write
    expect(written).toHaveLength(4);
    expect(written.slice(2)).toEqual(written.slice(0, 2));
  });

  it('sends nothing once the engine’s work is done (no transaction is begun that nothing would end)', async () => {
    let late: ((work: (tx: Database) => PromiseLike<unknown>) => Promise<unknown>) | undefined;
    await withEngine({ db: handle.db, clock }, async (engine) => {
      late = engine.query;
    });
    await expect(late!((tx) => tx.execute(sql`select 1`))).rejects.toThrow(/over/);
    // Work that commits early (as intake does in its turn) can queue nothing after it.
    await expect(
      withEngine({ db: handle.db, clock }, async (engine) => {
        await engine.commit();
        engine.writes.later(sql`select 1`);
      }),
    ).rejects.toThrow(/over/);
    // the database still answers (on PGlite a transaction left open would hold every query back)
    expect(await verifyAudit(handle.db)).toMatchObject({ broken: [] });
  });
});
