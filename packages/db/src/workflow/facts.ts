import { eq, sql, type SQL } from 'drizzle-orm';
import type { FactPatch } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { caseFacts } from '../schema/index.ts';

const date = (v: string | null | undefined) => (v === null || v === undefined ? null : new Date(v));

/** The patch's `set` and `first` columns as drizzle values (times as dates). */
function setValues(patch: FactPatch) {
  const { set } = patch;
  return {
    ...set,
    ...('resolvedAt' in set ? { resolvedAt: date(set.resolvedAt) } : {}),
    ...('closedAt' in set ? { closedAt: date(set.closedAt) } : {}),
    ...('resolveBy' in set ? { resolveBy: date(set.resolveBy) } : {}),
  };
}

/** Applies a step's patch to an existing facts row: `first` only where still empty, `add` as increments. */
export function updateFacts(tx: Database, caseId: string, patch: FactPatch) {
  const values: Record<string, unknown> = setValues(patch);
  const { first, add } = patch;
  if (first.respondBy !== undefined) values.respondBy = sql`coalesce(${caseFacts.respondBy}, ${lit(first.respondBy, 'timestamptz')})`;
  if (first.firstClaimAt !== undefined) values.firstClaimAt = sql`coalesce(${caseFacts.firstClaimAt}, ${lit(first.firstClaimAt, 'timestamptz')})`;
  if (first.responseUnit !== undefined) values.responseUnit = sql`coalesce(${caseFacts.responseUnit}, ${first.responseUnit})`;
  for (const [k, v] of Object.entries(add) as Array<[keyof FactPatch['add'], number]>) values[k] = sql`${caseFacts[k]} + ${v}`;
  return tx.update(caseFacts).set(values).where(eq(caseFacts.caseId, caseId));
}

const lit = (v: unknown, type: string): SQL => sql`cast(${v === undefined ? null : v} as ${sql.raw(type)})`;

/**
 * Makes a case's facts row from its case row (a case workflow, or triage, has just started),
 * with the step's patch applied. A case routed out of triage already has one: it is updated.
 */
export function createFacts(caseId: string, patch: FactPatch): SQL {
  const s = patch.set;
  const f = patch.first;
  const a = patch.add;
  return sql`
    insert into case_facts (case_id, city_adcode, county_adcode, matter_code, domain_code, source, tier, reported_at, border, repeat,
      holder_unit, respond_by, first_claim_at, response_unit, reopened, transfers, rating, transfers_rejected, disputes, joint)
    select c.id, c.city_adcode, c.county_adcode, c.matter_code, m.domain_code, c.source, c.tier, coalesce(c.reported_at, c.created_at),
      cardinality(c.border_cities) > 0, c.repeat_of is not null,
      coalesce(${lit(s.holderUnit, 'text')}, c.holder_unit), ${lit(f.respondBy, 'timestamptz')}, ${lit(f.firstClaimAt, 'timestamptz')},
      ${lit(f.responseUnit, 'text')}, ${s.reopened ?? 0}, ${s.transfers ?? 0}, ${lit(s.rating, 'text')}, ${a.transfersRejected ?? 0}, ${a.disputes ?? 0},
      ${s.joint ?? false}
    from cases c left join matters m on m.version = c.matrix_version and m.code = c.matter_code
    where c.id = ${caseId}
    on conflict (case_id) do update set matter_code = excluded.matter_code, domain_code = excluded.domain_code, tier = excluded.tier,
      city_adcode = excluded.city_adcode, holder_unit = excluded.holder_unit,
      respond_by = coalesce(case_facts.respond_by, excluded.respond_by)`;
}
