import { asc, desc, eq, lte, max } from 'drizzle-orm';
import type { DepartmentCode, DomainCode, Matter, MatrixVersion, Tier } from '@gongzhi/domain';
import { DomainError, diffMatrices, matrixProblems, RESOLUTION_LIMITS } from '@gongzhi/domain';
import type { Database } from '../client.ts';
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
 */
export async function loadMatrixInForce(db: Database, at: Date): Promise<MatrixVersion> {
  const [row] = await db
    .select({ v: max(matrixVersions.version) })
    .from(matrixVersions)
    .where(lte(matrixVersions.effectiveAt, at));
  // before any version is in force (a clock set before the seed), the first one
  return loadMatrix(db, row?.v ?? 1);
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
  await db.transaction(async (tx) => {
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
}
