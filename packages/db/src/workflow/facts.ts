import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { FactPatch } from '@gongzhi/domain';
import { caseFacts } from '../schema/index.ts';

const COLUMNS = getTableColumns(caseFacts);
const column = (key: string) => {
  const c = (COLUMNS as Record<string, { name: string } | undefined>)[key];
  if (!c) throw new Error(`${key} is not a column of case_facts`);
  return c.name;
};

/**
 * Many cases' patches in as few statements as their shapes allow: patches that change the same
 * columns in the same way go out as one `update … from jsonb_populate_recordset(…)` (the values as
 * one JSON parameter), each column written by its rule: `set` overwrites, `first` keeps an existing
 * value, `add` increments. A timer batch's hundreds of steps cost one statement, not one each.
 */
export function updateFactsMany(patches: ReadonlyMap<string, FactPatch>): SQL[] {
  const groups = new Map<string, { keys: { set: string[]; first: string[]; add: string[] }; rows: Array<Record<string, unknown>> }>();
  for (const [caseId, patch] of patches) {
    const keys = { set: Object.keys(patch.set).sort(), first: Object.keys(patch.first).sort(), add: Object.keys(patch.add).sort() };
    const shape = `${keys.set.join(',')}|${keys.first.join(',')}|${keys.add.join(',')}`;
    const row: Record<string, unknown> = { case_id: caseId };
    for (const part of [patch.set, patch.first, patch.add] as Array<Record<string, unknown>>)
      for (const [k, v] of Object.entries(part)) row[column(k)] = v === undefined ? null : v;
    const group = groups.get(shape);
    if (group) group.rows.push(row);
    else groups.set(shape, { keys, rows: [row] });
  }
  return [...groups.values()].map(({ keys, rows }) => {
    const assignments = [
      ...keys.set.map((k) => `${column(k)} = v.${column(k)}`),
      ...keys.first.map((k) => `${column(k)} = coalesce(case_facts.${column(k)}, v.${column(k)})`),
      ...keys.add.map((k) => `${column(k)} = case_facts.${column(k)} + v.${column(k)}`),
    ];
    // a row the patch leaves as it is (a step that changed nothing the command centre counts) is not written
    const changes = [
      ...keys.set.map((k) => `case_facts.${column(k)} is distinct from v.${column(k)}`),
      ...keys.first.map((k) => `(case_facts.${column(k)} is null and v.${column(k)} is not null)`),
      ...keys.add.map((k) => `v.${column(k)} <> 0`),
    ];
    return sql`update case_facts set ${sql.raw(assignments.join(', '))} from jsonb_populate_recordset(null::case_facts, ${JSON.stringify(rows)}::jsonb) as v where case_facts.case_id = v.case_id and (${sql.raw(changes.join(' or '))})`;
  });
}

/**
 * Makes the facts rows of cases whose case workflow, or triage, has just started, from their case
 * rows, with each step's patch applied, as one statement. A case routed out of triage already has
 * one: it is updated. `newCases`: the rows of cases this transaction inserts (JSON of `cases`
 * records); those inserted by the same statement are not yet visible in the table to it.
 */
export function createFactsMany(entries: ReadonlyArray<{ caseId: string; patch: FactPatch }>, newCases?: string): SQL {
  const patches = entries.map(({ caseId, patch: { set: s, first: f, add: a } }) => ({
    case_id: caseId,
    holder_unit: s.holderUnit ?? null,
    respond_by: f.respondBy ?? null,
    first_claim_at: f.firstClaimAt ?? null,
    response_unit: f.responseUnit ?? null,
    reopened: s.reopened ?? 0,
    transfers: s.transfers ?? 0,
    rating: s.rating ?? null,
    transfers_rejected: a.transfersRejected ?? 0,
    disputes: a.disputes ?? 0,
    joint: s.joint ?? false,
  }));
  // A new case whose row an earlier statement of the transaction already wrote is read from the table.
  // Each case is looked up by its id (lateral), never by joining the whole table.
  const source = newCases
    ? sql`lateral (select * from cases where cases.id = p.case_id
        union all select * from jsonb_populate_recordset(null::cases, ${newCases}::jsonb) as n
        where n.id = p.case_id and not exists (select from cases where cases.id = n.id))`
    : sql`lateral (select * from cases where cases.id = p.case_id)`;
  return sql`
    insert into case_facts (case_id, city_adcode, county_adcode, matter_code, domain_code, source, tier, reported_at, border, repeat,
      holder_unit, respond_by, first_claim_at, response_unit, reopened, transfers, rating, transfers_rejected, disputes, joint)
    select c.id, c.city_adcode, c.county_adcode, c.matter_code, m.domain_code, c.source, c.tier, coalesce(c.reported_at, c.created_at),
      cardinality(c.border_cities) > 0, c.repeat_of is not null,
      coalesce(p.holder_unit, c.holder_unit), p.respond_by, p.first_claim_at, p.response_unit, p.reopened, p.transfers, p.rating,
      p.transfers_rejected, p.disputes, p.joint
    from jsonb_populate_recordset(null::case_facts, ${JSON.stringify(patches)}::jsonb) as p
    cross join ${source} as c
    left join matters m on m.version = c.matrix_version and m.code = c.matter_code
    on conflict (case_id) do update set matter_code = excluded.matter_code, domain_code = excluded.domain_code, tier = excluded.tier,
      city_adcode = excluded.city_adcode, holder_unit = excluded.holder_unit,
      respond_by = coalesce(case_facts.respond_by, excluded.respond_by)`;
}
