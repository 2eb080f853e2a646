import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Principal } from '@gongzhi/domain';
import { seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import type { Context } from './context.ts';
import { InboxBus } from './inbox-bus.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './root.ts';
import { PERMISSION_TABLE, PRINCIPALS, type Outcome, type PrincipalName } from './permission-table.ts';

/**
 * The permission table (issue 10): every tRPC procedure, enumerated from the router, called as every
 * principal, compared with permission-table.ts. A procedure without a row fails, as does a row
 * without a procedure. Each call carries the input in `inputs` (a street-light case of Chengdu, led by
 * its urban unit, supported by its subdistrict office, for the reads that take one) or none, so the table shows the gate each procedure puts first: sign-in,
 * role, the visibility rule (case.get); the guards behind the gate are in workflow-api.test.ts and
 * visibility.test.ts.
 */
const createCaller = createCallerFactory(appRouter);
const alliance = loadAlliance();
const procedures = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures).sort();

describe.each(testTargets())('the permission table on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const as = (principal: Principal | null) => {
    const ctx: Context = {
      db: handle.db,
      clock,
      alliance,
      bus: new InboxBus(),
      classifier: { suggest: () => [] },
      principal,
      session: principal ? { id: 'test', userId: principal.userId, expiresAt: new Date('2027-01-01') } : null,
      secureCookies: false,
      requestId: 'test',
      clientAddress: 'test',
      setCookie: () => {},
    };
    return createCaller(ctx);
  };
  let inputs: Record<string, unknown> = {};

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    const { caseId } = await as(PRINCIPALS.cdCoordinator).case.intake({
      matter: 'FAC-01',
      lon: 104.0657,
      lat: 30.6574,
      description: '路灯不亮',
      source: 'hotline',
    });
    // a draft of leadership's, not sent to anyone: who may read it
    const { draftId } = await as(PRINCIPALS.leadership).drafts.open({ title: '权限表' });
    inputs = {
      'drafts.get': { draftId },
      'drafts.whatIf': { draftId },
      'drafts.triageWhatIf': { draftId },
      'case.get': { caseId },
      'case.timeline': { caseId },
      'enforcement.forCase': { caseId },
      'registers.requests': { caseId },
      'registers.lookup': { query: '春熙' },
      'dispute.list': { open: false },
      'joint.list': { open: false },
      'crossCity.list': { open: false },
      'harmonisation.list': { open: false },
      'standards.compare': { matterCode: 'VEN-05' },
      'matrix.matter': { code: 'VEN-02' },
    };
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function outcome(name: PrincipalName, procedure: string): Promise<Outcome> {
    const caller = as(PRINCIPALS[name]) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const [area, proc] = procedure.split('.') as [string, string];
    try {
      const result = await caller[area]![proc]!(inputs[procedure]);
      // a subscription answers with its stream: close it
      if (result && typeof result === 'object' && Symbol.asyncIterator in result) await (result as AsyncIterableIterator<unknown>).return?.();
      return 'ok';
    } catch (e) {
      if (!(e instanceof TRPCError)) throw e;
      const codes: Record<string, Outcome> = { UNAUTHORIZED: 'anon', FORBIDDEN: 'no', BAD_REQUEST: 'input', NOT_FOUND: 'none', CONFLICT: 'state' };
      const mapped = codes[e.code];
      if (!mapped) throw e;
      return mapped;
    }
  }

  it('has a row for every procedure and a procedure for every row', () => {
    expect(procedures.filter((p) => !(p in PERMISSION_TABLE))).toEqual([]);
    expect(Object.keys(PERMISSION_TABLE).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it('answers every procedure × principal as the table says', async () => {
    const names = Object.keys(PRINCIPALS) as PrincipalName[];
    const seen: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const procedure of procedures) {
      const row: string[] = [];
      for (const name of names) row.push(await outcome(name, procedure));
      seen[procedure] = row.join(' ');
      expected[procedure] = (PERMISSION_TABLE[procedure] ?? []).join(' ');
    }
    // PERM_OUT=<file> writes what was seen, to review a change against the table
    if (process.env.PERM_OUT) (await import('node:fs')).writeFileSync(process.env.PERM_OUT, JSON.stringify(seen));
    expect(seen).toEqual(expected);
    console.log(`permission table: ${procedures.length} procedures × ${names.length} principals = ${procedures.length * names.length} cells`);
  });
});
