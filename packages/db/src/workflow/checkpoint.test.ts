import { createHash, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../client.ts';
import { auditCheckpoints, auditLog } from '../schema/index.ts';
import { planReads, testTargets } from '../testing.ts';
import { canonicalJson, chainHeads, hashEntry, nextAuditRow, verifyAudit, type ChainHeads } from './audit.ts';
import {
  auditHeads,
  auditKeyFrom,
  auditPosition,
  checkpointSigned,
  movedHeadsQuery,
  newAuditKeyPem,
  writeAuditCheckpoint,
  type AuditCheckpoint,
  type AuditKey,
} from './checkpoint.ts';

const at = new Date('2026-11-27T01:00:00Z');
const HOUR = 3_600_000;
const CASES = 1_200;
const chain = (i: number) => `case-${String(i).padStart(5, '0')}`;

/** A checkpoint as the code before deltas signed it: every chain's head, no link, no position. */
function legacyCheckpoint(key: AuditKey, when: Date, heads: AuditCheckpoint['heads']) {
  const digest = createHash('sha256')
    .update(canonicalJson({ v: 1, at: when.toISOString(), heads }))
    .digest('hex');
  return { at: when, heads, digest, keyId: key.id, signature: sign(null, Buffer.from(digest, 'hex'), key.privateKey!).toString('base64') };
}

/**
 * A checkpoint signs the heads of the chains that moved since the one before, linked to it: an
 * hour's checkpoint grows with the hour's work, and the chains are still checked against every head
 * ever signed.
 */
describe.each(testTargets())('audit checkpoints as deltas on $name', (target) => {
  let handle: DatabaseHandle;
  /** the key of the checkpoints written before deltas, and the newest delta after them */
  let legacy: { key: AuditKey; full: number; newest: AuditCheckpoint };
  const verify = (key: AuditKey, published: AuditCheckpoint | null = null) => verifyAudit(handle.db, { checkpoint: { key, published } });

  /** One more entry on each of `chains` (a chain not yet in the log starts). */
  async function append(chains: string[], when: Date): Promise<void> {
    const heads: ChainHeads = await chainHeads(handle.db, chains);
    const rows = chains.map((c) =>
      nextAuditRow({ chain: c, at: when, actor: 'bench', unit: null, action: 'case.NOTE', workflowId: c, payload: { n: 1 } }, heads),
    );
    for (let i = 0; i < rows.length; i += 1_000) await handle.db.insert(auditLog).values(rows.slice(i, i + 1_000));
  }

  beforeAll(async () => {
    handle = await target.open();
    // 1,200 cases, two entries each: a log of 2,400 entries
    const all = Array.from({ length: CASES }, (_, i) => chain(i));
    await append(all, at);
    await append(all, new Date(at.getTime() + 60_000));
    await handle.db.execute(sql`analyze audit_log`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('signs, after every chain once, only the chains that moved since, linked to the checkpoint before', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    const first = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + HOUR));
    expect(Object.keys(first.heads)).toHaveLength(CASES);
    expect(first.prev).toBeNull();

    await append([chain(3), chain(70)], new Date(at.getTime() + HOUR + 1));
    await append([chain(70), chain(900), 'case-new'], new Date(at.getTime() + HOUR + 2));
    const second = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 2 * HOUR));
    expect(second.heads).toEqual({
      [chain(3)]: [3, expect.any(String)],
      [chain(70)]: [4, expect.any(String)],
      [chain(900)]: [3, expect.any(String)],
      'case-new': [1, expect.any(String)],
    });
    expect(second.prev).toBe(first.digest);
    expect(await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 3 * HOUR), { onlyIfMoved: true })).toBeNull();
    // the fold of both signs every chain's head
    expect(await verify(key, second)).toMatchObject({ broken: [], checkpoint: { status: 'verified', id: second.id, chains: CASES + 1, checkpoints: 2 } });
  });

  it('finds the chains that moved by the log’s ids, reading the entries since the last checkpoint, not the log', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    const last = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 4 * HOUR));
    await append([chain(5), chain(6), chain(7)], new Date(at.getTime() + 4 * HOUR + 1));
    const position = await auditPosition(handle.db);
    expect(position - last.through!).toBe(3);
    const moved = movedHeadsQuery(handle.db, last.through!, position);
    expect((await moved).map((r) => r.chain)).toEqual([chain(5), chain(6), chain(7)]);
    const { plan, most } = await planReads(handle.db, moved);
    expect(most, plan).toBeLessThan(20);
  });

  it('folds full checkpoints written before deltas, and the first delta after them links to the newest', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    // two full checkpoints as the earlier code wrote them (the heads as they stood at each)
    const older = legacyCheckpoint(key, new Date(at.getTime() + 8 * HOUR), await auditHeads(handle.db));
    await append([chain(30)], new Date(at.getTime() + 8 * HOUR + 1));
    const full = legacyCheckpoint(key, new Date(at.getTime() + 9 * HOUR), await auditHeads(handle.db));
    const [, stored] = await handle.db.insert(auditCheckpoints).values([older, full]).returning({ id: auditCheckpoints.id });
    const published: AuditCheckpoint = { ...full, id: stored!.id, at: full.at.toISOString() };
    expect(checkpointSigned(published, key)).toBe(true);
    // folded from the newest full one: it signed every head then
    expect(await verify(key, published)).toMatchObject({ broken: [], checkpoint: { status: 'verified', checkpoints: 1 } });

    // The first delta after them: the chains past the seq the newest full one signed (its position is unknown).
    await append([chain(31), chain(32)], new Date(at.getTime() + 9 * HOUR + 1));
    const first = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 10 * HOUR));
    expect(Object.keys(first.heads).sort()).toEqual([chain(31), chain(32)]);
    expect(first.prev).toBe(full.digest);
    // and from then on by the log's ids
    await append([chain(33)], new Date(at.getTime() + 10 * HOUR + 1));
    const second = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 11 * HOUR));
    expect(Object.keys(second.heads)).toEqual([chain(33)]);
    const chains = Object.keys(await auditHeads(handle.db)).length;
    expect(await verify(key, second)).toMatchObject({ broken: [], checkpoint: { status: 'verified', chains, checkpoints: 3 } });
    legacy = { key, full: stored!.id, newest: second };
  });

  /** An audit append that has taken its id and holds its transaction open until `commit`. */
  async function appendHeldOpen(of: string): Promise<{ commit(): Promise<void> }> {
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const inFlight = new Promise<void>((resolve) => (inserted = resolve));
    const open = handle.db.transaction(async (tx) => {
      const heads = await chainHeads(tx, [of]);
      await tx.insert(auditLog).values(nextAuditRow({ chain: of, at, actor: 'open', unit: null, action: 'case.NOTE', workflowId: null, payload: {} }, heads));
      inserted();
      await committed;
    });
    await inFlight;
    return {
      commit: () => {
        commit();
        return open;
      },
    };
  }

  it.skipIf(target.name === 'pglite')('waits for an append in flight, whose entry took an id below the position, before reading', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 12 * HOUR));
    // An append that has taken its id and not committed...
    const slow = await appendHeldOpen(chain(50));
    // ...while a later one commits with a higher id.
    await append([chain(51)], new Date(at.getTime() + 12 * HOUR + 1));
    const checkpoint = writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 13 * HOUR));
    // Commit the slow append once the checkpoint waits for it (or has finished without waiting).
    const waiting = async () => {
      for (;;) {
        const [row] = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`));
        if (row!.n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await Promise.race([checkpoint, waiting()]);
    await slow.commit();
    expect(Object.keys((await checkpoint).heads).sort()).toEqual([chain(50), chain(51)]);
  });

  it.skipIf(target.name === 'pglite')('gives up its position, rather than hold every append behind it, while an append stays open', async () => {
    const open = await appendHeldOpen(chain(60));
    try {
      const position = auditPosition(handle.db, { waitMs: 50, pauseMs: 10, attempts: 2 });
      // (a hang detector: waiting without a bound, it would still be waiting)
      const outcome = await Promise.race([
        position.then(
          () => 'read',
          (e: unknown) => (e as Error).message,
        ),
        new Promise((resolve) => setTimeout(resolve, 60_000, 'still waiting')),
      ]);
      expect(outcome).toMatch(/stayed busy/);
    } finally {
      await open.commit();
    }
    // once the append has committed, the position is read at once
    expect(await auditPosition(handle.db, { waitMs: 50, pauseMs: 10, attempts: 2 })).toBeGreaterThan(0);
  });

  it('verifies checkpoints linked in the order they were stored, whatever the clocks of the processes that signed them', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    // One process reads its clock, then waits for the log's position behind an append in flight;
    // another, whose clock is a little ahead (or which read it after), checkpoints first.
    await append([chain(60)], new Date(at.getTime() + 20 * HOUR));
    await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 21 * HOUR + 50));
    await append([chain(61)], new Date(at.getTime() + 21 * HOUR + 100));
    const later = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 21 * HOUR));
    expect(await verify(key, later)).toMatchObject({ broken: [], checkpoint: { status: 'verified', checkpoints: 2 } });
  });

  it('still names a chain cut back once it moves again and a later checkpoint signs its new head', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    await append([chain(70)], new Date(at.getTime() + 30 * HOUR));
    const signed = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 31 * HOUR));
    const [seq] = signed.heads[chain(70)]!;
    // the chain's last entry deleted; the case moves on, and its next entry takes the deleted one's seq
    await handle.db.delete(auditLog).where(sql`${auditLog.chain} = ${chain(70)} and ${auditLog.seq} = ${seq}`);
    await append([chain(70)], new Date(at.getTime() + 31 * HOUR + 1));
    const newest = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 32 * HOUR));
    // a delta signs only chains that moved, so a head at or below the one signed before is a chain cut back
    expect(newest.heads[chain(70)]![0]).toBe(seq);
    expect((await verify(key, newest)).broken).toEqual([{ id: expect.any(Number), chain: chain(70), seq, problem: 'rewritten' }]);
  });

  it('names a tampered entry, a chain cut back to before an earlier delta, one rewritten that only a full checkpoint signed, and a checkpoint deleted between two others', async () => {
    const key = auditKeyFrom(newAuditKeyPem());
    await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 5 * HOUR));
    await append([chain(10), chain(11)], new Date(at.getTime() + 5 * HOUR + 1));
    const middle = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 6 * HOUR));
    await append([chain(12)], new Date(at.getTime() + 6 * HOUR + 1));
    const newest = await writeAuditCheckpoint(handle.db, key, new Date(at.getTime() + 7 * HOUR));
    expect(Object.keys(middle.heads).sort()).toEqual([chain(10), chain(11)]);
    expect(await verify(key, newest)).toMatchObject({ broken: [], checkpoint: { status: 'verified', checkpoints: 3 } });

    // chain 10's last entry, signed only by the middle checkpoint; chain 20's first entry edited
    await handle.db.delete(auditLog).where(sql`${auditLog.chain} = ${chain(10)} and ${auditLog.seq} = 3`);
    const [edited] = await handle.db
      .update(auditLog)
      .set({ payload: { n: 2 } })
      .where(sql`${auditLog.chain} = ${chain(20)} and ${auditLog.seq} = 1`)
      .returning({ id: auditLog.id });
    const report = await verify(key, newest);
    expect(report.broken).toEqual(
      expect.arrayContaining([
        { id: edited!.id, chain: chain(20), seq: 1, problem: 'hash-mismatch' },
        { id: expect.any(Number), chain: chain(10), seq: 2, problem: 'truncated' },
      ]),
    );
    expect(report.broken).toHaveLength(2);

    // A chain only the full checkpoints signed, rewritten with every hash recomputed: still named.
    let prevHash: string | null = null;
    for (const e of await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.chain, chain(40)))
      .orderBy(asc(auditLog.seq))) {
      const fields = { ...e, actor: e.seq === 1 ? 'someone-else' : e.actor, prevHash: prevHash ?? e.prevHash };
      const hash = hashEntry(fields);
      await handle.db.update(auditLog).set({ actor: fields.actor, prevHash: fields.prevHash, hash }).where(eq(auditLog.id, e.id));
      prevHash = hash;
    }
    expect((await verify(legacy.key, legacy.newest)).broken).toEqual(
      expect.arrayContaining([{ id: expect.any(Number), chain: chain(40), seq: 2, problem: 'rewritten' }]),
    );

    // the middle checkpoint gone: the newest no longer follows the one stored before it
    await handle.db.delete(auditCheckpoints).where(eq(auditCheckpoints.id, middle.id));
    expect((await verify(key, newest)).checkpoint).toMatchObject({ status: 'gap', firstBad: newest.id });

    // an old full checkpoint stored again as the newest, to fold from it and forget what came after: named
    const [full] = await handle.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, legacy.full));
    const { id: _, ...replayed } = full!;
    const [again] = await handle.db.insert(auditCheckpoints).values(replayed).returning({ id: auditCheckpoints.id });
    expect((await verify(legacy.key, legacy.newest)).checkpoint).toMatchObject({ status: 'gap', firstBad: again!.id, checkpoints: 3 });
  });
});
