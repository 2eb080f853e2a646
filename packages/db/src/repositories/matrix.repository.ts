import { asc, desc, eq, max, sql } from 'drizzle-orm';
import type { DepartmentCode, DomainCode, Matter, MatrixVersion, Tier } from '@gongzhi/domain';
import { DomainError, diffMatrices, matrixProblems, RESOLUTION_LIMITS } from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';
import { matrixVersions, matters, users } from '../schema/index.ts';
import { canonicalJson, lockAuditHead, nextAuditEntry } from '../workflow/audit.ts';

/** The audit chain of the matrix's amendments. */
export const MATRIX_CHAIN = 'matrix';

type MatterRow = typeof matters.$inferSelect;

const toMatter = (r: MatterRow): Matter => ({
  code: r.code,
  domain: r.domainCode as DomainCode,
  name: { zh: r.nameZh, en: r.nameEn },
  lead: r.lead as DepartmentCode,
  supports: r.supports as DepartmentCode[],
  tier: r.tier as Tier,
  legalBasis: r.legalBasis,
  keywords: r.keywords,
  joint: r.joint,
  ...(r.examples.length ? { examples: r.examples } : {}),
  ...(r.successor !== null ? { successor: r.successor } : {}),
  resolution:
    r.resolutionAmount !== null && r.resolutionUnit !== null ? { amount: r.resolutionAmount, unit: r.resolutionUnit } : RESOLUTION_LIMITS[r.tier as Tier],
});

export interface MatrixVersionSummary {
  version: number;
  createdAt: string;
  createdBy: string;
  /** the display name of whoever amended it (null for the seed or the system) */
  createdByName: string | null;
  reason: string;
  basedOn: number | null;
  /** the dispute whose ruling this version wrote into the matrix */
  disputeId: string | null;
  /** from when intake routes by it (later than createdAt when adopted for a scheduled moment) */
  effectiveAt: string;
  /** the draft it adopted */
  draftId: string | null;
}

export async function listMatrixVersions(db: Database): Promise<MatrixVersionSummary[]> {
  const rows = await db
    .select({ v: matrixVersions, createdByName: users.displayName })
    .from(matrixVersions)
    .leftJoin(users, eq(users.username, matrixVersions.createdBy))
    .orderBy(desc(matrixVersions.version));
  return rows.map(({ v, createdByName }) => ({ ...v, createdByName, createdAt: v.createdAt.toISOString(), effectiveAt: v.effectiveAt.toISOString() }));
}

// Versions never change once stored, so each is read from the database once per process.
const cache = new WeakMap<Database, Map<number, MatrixVersion>>();

/** Announced (NOTIFY, delivered on commit) by every transaction that stores a matrix version. */
export const MATRIX_CHANNEL = 'gongzhi_matrix';

/**
 * Which version is in force is remembered per database only while nothing may have changed it:
 * `matrixChanged` moves the generation on, and a version read under an older generation is read again.
 */
let generation = 0;
const inForce = new WeakMap<Database, { generation: number; version: number; from: number; until: number | null }>();
/** Databases whose amendments reach this process (`watchMatrix`): only theirs is the version in force remembered. */
const watched = new WeakSet<Database>();

/**
 * The one place every change of the matrix goes through: the version in force is read again next
 * time. Called by `insertMatrixVersion` (before and after its commit), by the engine after
 * committing a ruling's amendment, and on every NOTIFY of another process's amendment (`watchMatrix`).
 */
export function matrixChanged(): void {
  generation++;
}

/**
 * Follows the matrix's amendments made by any process (LISTEN on `MATRIX_CHANNEL`; a reopened
 * listening connection may have missed some, so it forgets too), and from then on lets
 * `loadMatrixInForce` remember the version in force for this database. Returns the unlisten.
 */
export async function watchMatrix(handle: {
  db: Database;
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
}): Promise<() => Promise<void>> {
  const unlisten = await handle.listen(MATRIX_CHANNEL, matrixChanged, matrixChanged);
  matrixChanged();
  watched.add(handle.db);
  return async () => {
    watched.delete(handle.db);
    await unlisten();
  };
}

/**
 * The version in force at `at` (the newest whose effective time has come; before any, the first) and
 * the times between which that answer holds: from its effective time until the next version's
 * (null: until the matrix changes). One query.
 */
async function versionInForce(db: Database, at: Date): Promise<{ version: number | null; from: number; until: number | null }> {
  const result = await db.execute(sql`
    select v.version, v.effective_at as "from",
      (select min(effective_at) from ${matrixVersions} where effective_at > ${at}) as "until"
    from (select coalesce((select max(version) from ${matrixVersions} where effective_at <= ${at}), (select min(version) from ${matrixVersions})) as version) w
    left join ${matrixVersions} v on v.version = w.version`);
  const [row] = rowsOf<{ version: number | null; from: Date | string | null; until: Date | string | null }>(result);
  const time = (t: Date | string | null) => (t === null ? null : new Date(t).getTime());
  // A version in force only from a later moment (the clock before the seed's) holds from the beginning of time.
  const from = time(row?.from ?? null);
  return { version: row?.version ?? null, from: from === null || from > at.getTime() ? -Infinity : from, until: time(row?.until ?? null) };
}

/** When a version adopted for a later moment than `at` takes over (null: none is scheduled). */
export async function nextMatrixInForceAt(db: Database, at: Date): Promise<Date | null> {
  const { until } = await versionInForce(db, at);
  return until === null ? null : new Date(until);
}

/** One version with all its matters; the latest when `version` is omitted. */
export async function loadMatrix(db: Database, version?: number): Promise<MatrixVersion> {
  const wanted = version ?? (await db.select({ v: max(matrixVersions.version) }).from(matrixVersions))[0]?.v;
  const cached = wanted == null ? undefined : cache.get(db)?.get(wanted);
  if (cached) return cached;
  const loaded = await readMatrix(db, wanted, version);
  let versions = cache.get(db);
  if (!versions) cache.set(db, (versions = new Map()));
  versions.set(loaded.version, loaded);
  return loaded;
}

/**
 * The version intake routes by at `at`: the newest whose effective time has come. A version adopted
 * for a later moment is stored at once and takes over then, in every process, across restarts.
 * On a database that `watchMatrix` follows, which version that is is read once and remembered for
 * the times it holds (until the next scheduled version takes over) or until an amendment
 * (`matrixChanged`); elsewhere (another process may amend it unseen) it is read each time. The
 * versions themselves are read once per process (`loadMatrix`).
 */
export async function loadMatrixInForce(db: Database, at: Date): Promise<MatrixVersion> {
  const t = at.getTime();
  const known = inForce.get(db);
  if (known && known.generation === generation && known.from <= t && (known.until === null || t < known.until)) return loadMatrix(db, known.version);
  const seenGeneration = generation;
  const { version, from, until } = await versionInForce(db, at);
  // No version at all: loadMatrix says the matrix is not seeded.
  if (version === null) return loadMatrix(db);
  // An amendment announced while reading may not be in what was read: remember nothing then.
  if (watched.has(db) && seenGeneration === generation) inForce.set(db, { generation, version, from, until });
  return loadMatrix(db, version);
}

async function readMatrix(db: Database, wanted: number | null | undefined, version: number | undefined): Promise<MatrixVersion> {
  const [head] = wanted == null ? [] : await db.select().from(matrixVersions).where(eq(matrixVersions.version, wanted));
  if (!head) {
    throw version === undefined
      ? new DomainError('NOT_FOUND', 'MATRIX_NOT_SEEDED', 'No responsibility matrix is stored yet; run the seed')
      : new DomainError('NOT_FOUND', 'MATRIX_VERSION_UNKNOWN', `Matrix version ${version} does not exist`, { version });
  }
  const rows = await db.select().from(matters).where(eq(matters.version, head.version)).orderBy(asc(matters.sort));
  return {
    version: head.version,
    createdAt: head.createdAt.toISOString(),
    createdBy: head.createdBy,
    reason: head.reason,
    effectiveAt: head.effectiveAt.toISOString(),
    matters: rows.map(toMatter),
  };
}

/** An amendment must change something: a version identical to the latest would be an empty entry in the history. */
export function refuseUnchanged(latest: MatrixVersion, matters: readonly Matter[], matterCode: string): void {
  if (diffMatrices(latest, { ...latest, matters: [...matters] }).length === 0) {
    throw new DomainError('CONFLICT', 'AMENDMENT_NO_CHANGE', `The amendment leaves matter ${matterCode} as matrix version ${latest.version} has it`, {
      matter: matterCode,
      version: latest.version,
    });
  }
}

export interface NewMatrixVersion {
  version: number;
  basedOn: number | null;
  createdBy: string;
  reason: string;
  /** the dispute whose ruling this version writes into the matrix */
  disputeId?: string | undefined;
  /** the draft this version adopts */
  draftId?: string | undefined;
  at: Date;
  /** from when intake routes by it; `at` unless adopted for a later moment */
  effectiveAt?: Date | undefined;
  matters: readonly Matter[];
}

/** Stores a complete new version; refuses an unsound matrix or a version number already taken. */
export async function insertMatrixVersion(db: Database, input: NewMatrixVersion): Promise<void> {
  const problems = matrixProblems(input.matters);
  if (problems.length > 0) {
    throw new DomainError('INVALID', 'MATRIX_UNSOUND', `The matrix is not sound: ${problems.join('; ')}`, {
      problems: problems.join('; '),
    });
  }
  matrixChanged();
  await db.transaction(async (tx) => {
    // Every process remembering the version in force reads it again once this commits.
    await tx.execute(sql`select pg_notify(${MATRIX_CHANNEL}, ${String(input.version)})`);
    // An amendment changes who answers for what: audited on the `matrix` chain, with the matters it changed.
    const before = input.basedOn === null ? null : await loadMatrix(tx);
    const inserted = await tx
      .insert(matrixVersions)
      .values({
        version: input.version,
        basedOn: input.basedOn,
        createdBy: input.createdBy,
        reason: input.reason,
        disputeId: input.disputeId ?? null,
        draftId: input.draftId ?? null,
        createdAt: input.at,
        effectiveAt: input.effectiveAt ?? input.at,
      })
      .onConflictDoNothing()
      .returning({ version: matrixVersions.version });
    if (inserted.length === 0) {
      throw new DomainError('CONFLICT', 'MATRIX_VERSION_TAKEN', `Matrix version ${input.version} already exists`, {
        version: input.version,
      });
    }
    await tx.insert(matters).values(
      input.matters.map((m, sort) => ({
        version: input.version,
        code: m.code,
        domainCode: m.domain,
        nameZh: m.name.zh,
        nameEn: m.name.en,
        lead: m.lead,
        supports: [...m.supports],
        tier: m.tier,
        legalBasis: m.legalBasis,
        keywords: [...m.keywords],
        joint: m.joint,
        examples: [...(m.examples ?? [])],
        resolutionAmount: m.resolution.amount,
        resolutionUnit: m.resolution.unit,
        successor: m.successor ?? null,
        sort,
      })),
    );
    if (before) {
      const was = new Map(before.matters.map((m) => [m.code, canonicalJson(m)]));
      const changed = input.matters.filter((m) => was.get(m.code) !== canonicalJson(m)).map((m) => m.code);
      const heads = new Map([[MATRIX_CHAIN, await lockAuditHead(tx, MATRIX_CHAIN)]]);
      await nextAuditEntry(
        tx,
        {
          chain: MATRIX_CHAIN,
          at: input.at,
          actor: input.createdBy,
          unit: null,
          action: 'matrix.amend',
          workflowId: input.disputeId ?? null,
          payload: {
            version: input.version,
            basedOn: input.basedOn,
            reason: input.reason,
            changed,
            // only a draft's adoption says more: which draft, and from when (earlier entries keep their shape)
            ...(input.draftId ? { draftId: input.draftId, effectiveAt: (input.effectiveAt ?? input.at).toISOString() } : {}),
          },
        },
        heads,
      );
    }
  });
  // Committed, unless `db` is itself a transaction: then the engine calls it again after its commit.
  matrixChanged();
}
