import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, gt } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import { auditKeyFrom, dispatch, hashEntry, newAuditKeyPem, seedReference, verifyAudit, writeAuditCheckpoint, type DatabaseHandle } from '@gongzhi/db';
import { auditCheckpoints, auditLog } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';
import { verifyAudit as verifyAuditUseCase } from './use-cases/verify-audit.ts';

const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};
const urban: Actor = { kind: 'user', userId: 'u', username: 'cd-urban', memberships: [{ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' }] };

/** The three attacks a database writer can make on the hash chains, each caught by the signed checkpoints. */
describe.each(testTargets())('audit checkpoints on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const key = auditKeyFrom(newAuditKeyPem());
  const chains: string[] = [];
  const verify = (published: Parameters<typeof verifyAudit>[1] = {}) => verifyAudit(handle.db, { checkpoint: { key }, ...published });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    for (const lon of [104.0657, 104.0757, 104.0857]) {
      const { caseId } = await intakeCase(
        { db: handle.db, clock, alliance },
        { matter: 'VEN-02', lon, lat: 30.6574, description: '占道经营', source: 'hotline' },
        coordinator,
      );
      await dispatch({ db: handle.db, clock }, { workflowId: caseId, actor: urban, event: { type: 'CLAIM' } });
      chains.push(caseId);
    }
    await writeAuditCheckpoint(handle.db, key, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('passes an untouched log against its checkpoint', async () => {
    expect(await verify()).toMatchObject({ broken: [], checkpoint: { status: 'verified' } });
  });

  it('audit.verify checks against the checkpoint when the platform holds the key, and the chains alone otherwise', async () => {
    expect(await verifyAuditUseCase({ ctx: { db: handle.db, auditCheckpoint: () => ({ key, published: null }) } })).toMatchObject({
      broken: [],
      checkpoint: { status: 'verified', chains: 3 },
    });
    expect((await verifyAuditUseCase({ ctx: { db: handle.db } })).checkpoint).toBeUndefined();
  });

  it('names a chain whose last entries were deleted, a chain deleted whole, and one rewritten with its hashes recomputed', async () => {
    const [truncated, deleted, rewritten] = chains as [string, string, string];
    const entries = (chain: string) => handle.db.select().from(auditLog).where(eq(auditLog.chain, chain)).orderBy(asc(auditLog.seq));
    // Truncation: the last entry of a chain.
    const last = (await entries(truncated)).at(-1)!;
    await handle.db.delete(auditLog).where(eq(auditLog.id, last.id));
    // A whole chain.
    await handle.db.delete(auditLog).where(eq(auditLog.chain, deleted));
    // Rewriting: the first entry's actor changed, and every hash after it recomputed so the chain holds together.
    let prevHash: string | null = null;
    for (const e of await entries(rewritten)) {
      const fields = { ...e, actor: e.seq === 1 ? 'someone-else' : e.actor, prevHash: prevHash ?? e.prevHash };
      const hash = hashEntry(fields);
      await handle.db.update(auditLog).set({ actor: fields.actor, prevHash: fields.prevHash, hash }).where(eq(auditLog.id, e.id));
      prevHash = hash;
    }
    // The chains alone still verify: only the checkpoint tells.
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
    const report = await verify();
    expect(report.broken.map((b) => [b.chain, b.problem]).sort()).toEqual(
      [
        [truncated, 'truncated'],
        [deleted, 'chain-missing'],
        [rewritten, 'rewritten'],
      ].sort(),
    );
  });

  it('refuses a checkpoint edited to agree with the rewritten log, and notices deleted checkpoints through the published copy', async () => {
    // The next checkpoint signs only chains that moved: the tampered ones did not, so it does not sign over them.
    const published = await writeAuditCheckpoint(handle.db, key, clock.now());
    expect(published.heads).toEqual({});
    expect((await verify()).broken).toHaveLength(3);
    const [stored] = await handle.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, published.id));
    // Editing the newest checkpoint's heads (to hide a later truncation) breaks its signature.
    await handle.db
      .update(auditCheckpoints)
      .set({ heads: { ...stored!.heads, extra: [1, 'f'.repeat(64)] } })
      .where(eq(auditCheckpoints.id, published.id));
    expect((await verify()).checkpoint?.status).toBe('bad-signature');
    // Deleting the newest checkpoints falls back to older ones, but not past the copy kept outside the database.
    await handle.db.delete(auditCheckpoints).where(and(gt(auditCheckpoints.id, 0)));
    expect((await verify({ checkpoint: { key, published } })).checkpoint).toMatchObject({ status: 'deleted', id: published.id });
  });
});
