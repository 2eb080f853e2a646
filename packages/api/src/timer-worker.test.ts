import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, isNull, sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor } from '@gongzhi/domain';
import { testTargets, type PersistentDatabase } from '@gongzhi/db/testing';
import { caseTimeline, dispatch, fireDueTimers, seedReference, verifyAudit, type BatchReport, type DatabaseHandle } from '@gongzhi/db';
import { auditLog, timers, workflows } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';

const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};

describe.each(testTargets())('durable timers on $name', (target) => {
  it('fires a timer that fell due while the server was stopped, once, after the restart', async () => {
    const database: PersistentDatabase = await target.persistent();
    const clock = new ManualClock('2026-11-27T01:00:00Z');
    try {
      let handle = await database.open();
      await seedReference(handle.db, alliance, clock.now());
      const { caseId } = await intakeCase(
        { db: handle.db, clock, alliance },
        { matter: 'FAC-01', lon: 104.0657, lat: 30.6574, description: '路灯不亮', source: 'app' },
        coordinator,
      );
      await handle.close(); // the server stops

      clock.advance(2.5 * 3_600_000); // the warning (1.5 h) and the breach (2 h) fall due while it is down
      handle = await database.open(); // the server starts again
      const first = await fireDueTimers({ db: handle.db, clock });
      expect(first).toEqual({ fired: 2, stale: 0, retry: 0 });
      expect(await fireDueTimers({ db: handle.db, clock })).toEqual({ fired: 0, stale: 0, retry: 0 });
      expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.RESPONSE_WARNING', 'case.ESCALATE']);
      await handle.close();
    } finally {
      await database.dispose();
    }
  });
});

describe.each(testTargets())('timers fired in a batch on $name', (target) => {
  it('fires one workflow’s timers in order in one transaction, and records a timer its workflow no longer takes as stale', async () => {
    const handle = await target.open();
    const clock = new ManualClock('2026-11-27T01:00:00Z');
    try {
      await seedReference(handle.db, alliance, clock.now());
      const intake = (lon: number) =>
        intakeCase({ db: handle.db, clock, alliance }, { matter: 'FAC-01', lon, lat: 30.6574, description: '路灯不亮', source: 'app' }, coordinator);
      const first = await intake(104.0657);
      const second = await intake(104.0757);
      // A deadline whose event the offered case does not take (as if its state had moved on).
      await handle.db.insert(timers).values({ workflowId: second.caseId, key: 'bogus', dueAt: clock.now(), event: { type: 'CLAIM' } as never });
      clock.advance(2.5 * 3_600_000);
      expect(await fireDueTimers({ db: handle.db, clock }, { limit: 100 })).toEqual({ fired: 4, stale: 1, retry: 0 });
      for (const { caseId } of [first, second]) {
        expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.RESPONSE_WARNING', 'case.ESCALATE']);
      }
      const [bogus] = await handle.db.select().from(timers).where(eq(timers.key, 'bogus'));
      expect(bogus!.outcome).toMatch(/^stale: /);
      expect(await fireDueTimers({ db: handle.db, clock })).toEqual({ fired: 0, stale: 0, retry: 0 });
    } finally {
      await handle.close();
    }
  });
});

describe.each(testTargets())('a batch’s writes on $name', (target) => {
  it('fires the due timers of many workflows in one transaction, each workflow’s in order, with no more statements for 12 workflows than for 3, and the audit chains verify', async () => {
    const handle = await target.open();
    const clock = new ManualClock('2026-11-27T01:00:00Z');
    try {
      await seedReference(handle.db, alliance, clock.now());
      const intake = (n: number) =>
        Promise.all(
          Array.from({ length: n }, (_, i) =>
            intakeCase(
              { db: handle.db, clock, alliance },
              { matter: 'FAC-01', lon: 104.0657 + i * 0.001, lat: 30.6574, description: '路灯不亮', source: 'app' },
              coordinator,
            ),
          ),
        );
      // Each case's warning (1.5 h) and breach (2 h) fall due together: two rounds, a case's warning first.
      const burst = async (n: number) => {
        const cases = await intake(n);
        clock.advance(2.5 * 3_600_000);
        const batches: BatchReport[] = [];
        const report = await fireDueTimers({ db: handle.db, clock }, { limit: 100, onBatch: (b) => batches.push(b) });
        return { cases, report, batches };
      };
      const three = await burst(3);
      // The first three cases' next escalation falls due with the twelve's two timers each.
      const twelve = await burst(12);
      expect(three.report).toEqual({ fired: 6, stale: 0, retry: 0 });
      expect(twelve.report).toEqual({ fired: 27, stale: 0, retry: 0 });
      expect(three.batches).toMatchObject([{ timers: 6, workflows: 3, rounds: 2 }]);
      expect(twelve.batches).toMatchObject([{ timers: 27, workflows: 15, rounds: 2 }]);
      // A statement per read and per table written, however many workflows: none per timer.
      expect(twelve.batches[0]!.statements).toBe(three.batches[0]!.statements);
      for (const { caseId } of twelve.cases) {
        expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.RESPONSE_WARNING', 'case.ESCALATE']);
      }
      for (const { caseId } of three.cases) {
        expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.RESPONSE_WARNING', 'case.ESCALATE', 'case.ESCALATE']);
      }
      const audit = await verifyAudit(handle.db);
      expect(audit.broken).toEqual([]);
      expect(audit.entries).toBe(15 + 2 * 15 + 3);
    } finally {
      await handle.close();
    }
  });
});

describe.each(testTargets())('rows a timer leaves as they were on $name', (target) => {
  it('a response warning rewrites its workflow, not the case row, its facts or its tasks (no new row versions for what did not change)', async () => {
    const handle = await target.open();
    const clock = new ManualClock('2026-11-27T01:00:00Z');
    try {
      await seedReference(handle.db, alliance, clock.now());
      const ids = await Promise.all(
        [0, 1, 2].map((i) =>
          intakeCase(
            { db: handle.db, clock, alliance },
            { matter: 'FAC-01', lon: 104.0657 + i * 0.001, lat: 30.6574, description: '路灯不亮', source: 'app' },
            coordinator,
          ).then((r) => r.caseId),
        ),
      );
      const versions = async () =>
        (
          (await handle.db.execute(sql`
            select c.id, c.xmin::text as c, f.xmin::text as f, w.xmin::text as w,
              (select string_agg(t.xmin::text, ',' order by t.id) from tasks t where t.workflow_id = w.id) as t from cases c
            join case_facts f on f.case_id = c.id join workflows w on w.case_id = c.id and w.kind = 'case'
            where c.id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )}) order by c.id`)) as unknown as { rows: Array<{ id: string; c: string; f: string; w: string; t: string }> }
        ).rows;
      const before = await versions();
      // the warning (1.5 h) falls due, not yet the breach (2 h)
      clock.advance(1.6 * 3_600_000);
      expect(await fireDueTimers({ db: handle.db, clock }, { limit: 100 })).toEqual({ fired: 3, stale: 0, retry: 0 });
      const after = await versions();
      // the case row, its facts and its inbox tasks are the same row versions; only the workflow moved
      expect(after.map((r) => [r.c, r.f, r.t])).toEqual(before.map((r) => [r.c, r.f, r.t]));
      expect(before.every((r) => r.t.length > 0)).toBe(true);
      expect(after.every((r, i) => r.w !== before[i]!.w)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('two timer workers sharing one PostgreSQL', () => {
  const target = testTargets().find((t) => t.name === 'postgres')!;
  let database: PersistentDatabase;
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  // Enough timers that two workers claiming ten at a time interleave many times; the 10,000-timer
  // burst is bench/timers.bench.ts.
  const N = 200;

  beforeAll(async () => {
    database = await target.persistent();
    a = await database.open();
    b = await database.open();
    await seedReference(a.db, alliance, clock.now());
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.dispose();
  });

  it('fire 200 due timers with none doubled and none missed', async () => {
    // 500 simple cases nobody claims: each has a warning (1.5 h) and a first escalation (2 h) due
    // by 2.5 h; the second escalation (3 h) is not due yet.
    for (let i = 0; i < N / 2; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, () =>
          intakeCase({ db: a.db, clock, alliance }, { matter: 'SAN-01', lon: 104.0657, lat: 30.6574, description: '道路脏乱', source: 'patrol' }, coordinator),
        ),
      );
    }
    expect((await a.db.select({ n: count() }).from(timers).where(isNull(timers.firedAt)))[0]!.n).toBe(N);
    clock.advance(2.5 * 3_600_000);

    const drain = async (handle: DatabaseHandle) => {
      let fired = 0;
      for (;;) {
        const r = await fireDueTimers({ db: handle.db, clock }, { limit: 10 });
        fired += r.fired;
        if (r.fired + r.stale + r.retry === 0) return fired;
      }
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);
    expect(byA + byB).toBe(N);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);

    // Each case went through exactly two transitions, and now waits for its second escalation.
    const versions = await a.db.select({ version: workflows.version, n: count() }).from(workflows).where(eq(workflows.kind, 'case')).groupBy(workflows.version);
    expect(versions).toEqual([{ version: 3, n: N / 2 }]);
    const doubled = await a.db
      .select({ chain: auditLog.chain, action: auditLog.action, n: count() })
      .from(auditLog)
      .where(sql`${auditLog.action} in ('case.RESPONSE_WARNING', 'case.ESCALATE')`)
      .groupBy(auditLog.chain, auditLog.action)
      .having(sql`count(*) > 1`);
    expect(doubled).toEqual([]);
    expect(
      (
        await a.db
          .select({ n: count() })
          .from(auditLog)
          .where(sql`${auditLog.action} in ('case.RESPONSE_WARNING', 'case.ESCALATE')`)
      )[0]!.n,
    ).toBe(N);
    const pending = await a.db.select({ key: timers.key, n: count() }).from(timers).where(isNull(timers.firedAt)).groupBy(timers.key);
    expect(pending).toEqual([{ key: 'escalate-2', n: N / 2 }]);
  });
});

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('workflows a user’s step holds while a batch fires', () => {
  const target = testTargets().find((t) => t.name === 'postgres')!;
  const urban: Actor = {
    kind: 'user',
    userId: 'u',
    username: 'cd-urban',
    memberships: [{ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' }],
  };

  it('are left out of the batch and settled once afterwards: a timer still wanted fires in the next batch, one the step cancelled never fires', async () => {
    const database = await target.persistent();
    const user = await database.open();
    const worker = await database.open();
    const clock = new ManualClock('2026-11-27T01:00:00Z');
    try {
      await seedReference(user.db, alliance, clock.now());
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { caseId } = await intakeCase(
          { db: user.db, clock, alliance },
          { matter: 'VEN-02', lon: 104.0657 + i * 0.001, lat: 30.6574, description: '占道经营', source: 'hotline' },
          coordinator,
        );
        ids.push(caseId);
      }
      const [, kept, claimed] = ids as [string, string, string, string];
      clock.advance(1.6 * 3_600_000); // each case's response warning (1.5 h) is due
      const during = await user.db.transaction(async (tx) => {
        // The user's step holds two cases while the batch runs (as the engine's update does).
        await tx.execute(sql`select id from workflows where id in (${kept}, ${claimed}) for update`);
        const report = await fireDueTimers({ db: worker.db, clock }, { limit: 100 });
        await dispatch({ db: tx, clock }, { workflowId: claimed, actor: urban, event: { type: 'CLAIM' } });
        return report;
      });
      expect(during).toEqual({ fired: 2, stale: 0, retry: 0 });
      // Next round: the held case's warning fires once; the claimed one's was cancelled by the claim.
      expect(await fireDueTimers({ db: worker.db, clock })).toEqual({ fired: 1, stale: 0, retry: 0 });
      expect(await fireDueTimers({ db: worker.db, clock })).toEqual({ fired: 0, stale: 0, retry: 0 });
      for (const id of ids) {
        const actions = (await caseTimeline(user.db, id)).map((e) => e.action);
        expect(actions).toEqual(id === claimed ? ['case.start', 'case.CLAIM'] : ['case.start', 'case.RESPONSE_WARNING']);
      }
      expect((await verifyAudit(user.db)).broken).toEqual([]);
    } finally {
      await user.close();
      await worker.close();
      await database.dispose();
    }
  });
});

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('one lock order: a workflow before its timers', () => {
  const target = testTargets().find((t) => t.name === 'postgres')!;
  const urban: Actor = {
    kind: 'user',
    userId: 'u',
    username: 'cd-urban',
    memberships: [{ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' }],
  };

  it('a user acting on a case while the worker fires its due timer: neither deadlocks, the user’s step and the timer each settle once', async () => {
    const database = await target.persistent();
    const user = await database.open();
    const worker = await database.open();
    const clock = new ManualClock('2026-11-27T01:00:00Z');
    try {
      await seedReference(user.db, alliance, clock.now());
      const { caseId } = await intakeCase(
        { db: user.db, clock, alliance },
        { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '占道经营', source: 'hotline' },
        coordinator,
      );
      clock.advance(1.6 * 3_600_000); // the response warning (1.5 h) is due
      const lockWaits = async () =>
        ((await worker.db.execute(sql`select count(*)::int as n from pg_locks where not granted`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
      const outcome = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? r.value : `failed: ${(r.reason as Error).message}`);
      let firing: Promise<unknown> = Promise.resolve('not started');
      let settled = false;
      // The user's step holds the case's workflow row (as the engine's update does) while the worker runs;
      // then it cancels the case's timers (a claim ends the response deadline).
      const claim = user.db.transaction(async (tx) => {
        await tx.execute(sql`select id from workflows where id = ${caseId} for update`);
        firing = fireDueTimers({ db: worker.db, clock }).then(
          (report) => ((settled = true), report),
          (e: unknown) => ((settled = true), `failed: ${(e as Error).message}`),
        );
        // Until the worker either finished without the workflow or waits for it (generous: a busy machine).
        for (let i = 0; i < 600 && !settled && (await lockWaits()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
        return dispatch({ db: tx, clock }, { workflowId: caseId, actor: urban, event: { type: 'CLAIM' } });
      });
      const [claimed] = await Promise.allSettled([claim]);
      expect(outcome(claimed!)).toMatchObject({ state: 'claimed' });
      expect(await firing).toEqual({ fired: 0, stale: 0, retry: 0 });
      // The claim came first: the warning it cancelled never fires, now or later.
      await fireDueTimers({ db: worker.db, clock });
      expect((await caseTimeline(user.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.CLAIM']);
    } finally {
      await user.close();
      await worker.close();
      await database.dispose();
    }
  });
});
