import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { INDICATORS } from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';
import { BASIS_INDEX, CASE_UNIT, INDICATOR_SQL, ROLLUP_CODES } from './dashboard.repository.ts';

/**
 * The monthly rollup of the facts (`case_facts_monthly`, schema/command.ts) and the early warning's
 * cells (`case_facts_cells`): a statement trigger on
 * `case_facts` whose function is generated here from `INDICATOR_SQL`, so the rollup counts exactly
 * what the facts' tallies count, indicator by indicator, with no third copy of the definitions to keep
 * in step. `installRollup` (run by `migrate()`) installs it and rebuilds the rollup from the facts
 * whenever the generated definition differs from the installed one (an indicator added or changed).
 */

const dialect = new PgDialect();
const text = (q: SQL) => {
  const { sql: s, params } = dialect.sqlToQuery(q);
  if (params.length > 0) throw new Error('the rollup definition has a parameter; it must be plain SQL');
  return s;
};

/** With no `asOf`, `counted` holds only on the cases whose counting does not depend on it (the rest are `pending`). */
const NO_AS_OF = sql.raw('cast(null as timestamptz)');

/** The signed contributions of the facts rows in `rows` (a table or transition table) per month, basis and key. */
function contributions(rows: string, sign: '1' | '-1'): string {
  const columns = ROLLUP_CODES.flatMap((code, k) => {
    const x = INDICATOR_SQL[code];
    const counted = x.pending ? sql`(${x.counted(NO_AS_OF)}) and not (${x.pending})` : x.counted(NO_AS_OF);
    const when = sql`b.basis = ${sql.raw(String(BASIS_INDEX[INDICATORS[code].basis]))} and coalesce(${counted}, false)`;
    return [
      sql`case when ${when} then (${x.value})::numeric * ${sql.raw(sign)} else 0 end as ${sql.raw(`n${k}`)}`,
      sql`case when ${when} then (${x.den})::numeric * ${sql.raw(sign)} else 0 end as ${sql.raw(`d${k}`)}`,
    ];
  });
  return text(sql`
    select date_trunc('month', (b.at at time zone 'UTC') + interval '8 hours')::date as month, b.basis, f.city_adcode, f.county_adcode,
      ${CASE_UNIT} as unit, f.domain_code, f.matter_code, f.source, ${sql.raw(sign)} as cases, ${sql.join(columns, sql`, `)}
    from ${sql.raw(rows)} f
      cross join lateral (values (0::smallint, f.reported_at), (1::smallint, f.closed_at), (2::smallint, f.resolved_at)) b(basis, at)
    where b.at is not null`);
}

/** Adds the grouped contributions to the rollup, in key order (two transactions lock the rows they share in the same order). */
function upsert(select: string): string {
  const ks = ROLLUP_CODES.map((_, k) => k);
  const sums = (p: 'n' | 'd') => ks.map((k) => `sum(${p}${k})`).join(', ');
  const nonZero = ['sum(cases) <> 0', ...ks.map((k) => `sum(n${k}) <> 0 or sum(d${k}) <> 0`)].join(' or ');
  const added = (p: 'n' | 'd') => ks.map((k) => `r.${p}[${k + 1}] + excluded.${p}[${k + 1}]`).join(', ');
  return `insert into case_facts_monthly as r (month, basis, city_adcode, county_adcode, unit, domain_code, matter_code, source, cases, n, d)
    select month, basis, city_adcode, county_adcode, unit, domain_code, matter_code, source, sum(cases)::int, array[${sums('n')}], array[${sums('d')}]
    from (${select}) c
    group by 1, 2, 3, 4, 5, 6, 7, 8
    having ${nonZero}
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict on constraint case_facts_monthly_key do update set cases = r.cases + excluded.cases, n = array[${added('n')}], d = array[${added('d')}]`;
}

/** The signed complaints of the facts rows in `rows` per Beijing day × city × district × domain × hour (the early warning's cells). */
function cellContributions(rows: string, sign: '1' | '-1'): string {
  const local = `((f.reported_at at time zone 'UTC') + interval '8 hours')`;
  return `select ${local}::date as day, f.city_adcode, f.county_adcode, f.domain_code, extract(hour from ${local})::int as hr, ${sign} as n
    from ${rows} f where f.domain_code is not null`;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Adds the grouped complaints to the cells, in key order. */
function upsertCells(select: string): string {
  const byHour = HOURS.map((h) => `coalesce(sum(n) filter (where hr = ${h}), 0)::int`);
  const added = HOURS.map((h) => `r.hours[${h + 1}] + excluded.hours[${h + 1}]`).join(', ');
  return `insert into case_facts_cells as r (day, city_adcode, county_adcode, domain_code, hours)
    select day, city_adcode, county_adcode, domain_code, array[${byHour.join(', ')}]
    from (${select}) c
    group by 1, 2, 3, 4
    having ${byHour.map((x) => `${x} <> 0`).join(' or ')}
    order by 1, 2, 3, 4
    on conflict on constraint case_facts_cells_key do update set hours = array[${added}]`;
}

function definition() {
  const fn = `create or replace function case_facts_monthly_keep() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    ${upsert(contributions('new_rows', '1'))};
    ${upsertCells(cellContributions('new_rows', '1'))};
  elsif tg_op = 'UPDATE' then
    -- an insert's ON CONFLICT DO UPDATE fires this for every statement, most of them updating no row
    if not exists (select from new_rows) then
      return null;
    end if;
    ${upsert(`${contributions('old_rows', '-1')} union all ${contributions('new_rows', '1')}`)};
    ${upsertCells(`${cellContributions('old_rows', '-1')} union all ${cellContributions('new_rows', '1')}`)};
  elsif tg_op = 'DELETE' then
    ${upsert(contributions('old_rows', '-1'))};
    ${upsertCells(cellContributions('old_rows', '-1'))};
  else
    truncate case_facts_monthly;
    truncate case_facts_cells;
  end if;
  return null;
end
$fn$`;
  const triggers = [
    'drop trigger if exists case_facts_monthly_insert on case_facts',
    'drop trigger if exists case_facts_monthly_update on case_facts',
    'drop trigger if exists case_facts_monthly_delete on case_facts',
    'drop trigger if exists case_facts_monthly_truncate on case_facts',
    'create trigger case_facts_monthly_insert after insert on case_facts referencing new table as new_rows for each statement execute function case_facts_monthly_keep()',
    'create trigger case_facts_monthly_update after update on case_facts referencing old table as old_rows new table as new_rows for each statement execute function case_facts_monthly_keep()',
    'create trigger case_facts_monthly_delete after delete on case_facts referencing old table as old_rows for each statement execute function case_facts_monthly_keep()',
    'create trigger case_facts_monthly_truncate after truncate on case_facts for each statement execute function case_facts_monthly_keep()',
  ];
  const version = createHash('sha256')
    .update([fn, ...triggers].join(';\n'))
    .digest('hex')
    .slice(0, 16);
  return { fn, triggers, version, rebuild: [upsert(contributions('case_facts', '1')), upsertCells(cellContributions('case_facts', '1'))] };
}

/**
 * Installs the rollup's trigger and rebuilds the rollup from the facts, unless the installed one is
 * this definition already. Returns whether it (re)built.
 */
export async function installRollup(db: Database): Promise<boolean> {
  const def = definition();
  const installed = rowsOf<{ v: string | null }>(await db.execute(sql`select obj_description(to_regprocedure('case_facts_monthly_keep()'), 'pg_proc') as v`))[0]
    ?.v;
  if (installed === def.version) return false;
  await db.transaction(async (tx) => {
    // no fact changes while the rollup is rebuilt (they would be counted twice or not at all)
    await tx.execute(sql`lock table case_facts in share row exclusive mode`);
    await tx.execute(sql.raw(def.fn));
    for (const t of def.triggers) await tx.execute(sql.raw(t));
    await tx.execute(sql`truncate case_facts_monthly, case_facts_cells`);
    for (const q of def.rebuild) await tx.execute(sql.raw(q));
    await tx.execute(sql.raw(`comment on function case_facts_monthly_keep() is '${def.version}'`));
  });
  return true;
}

/**
 * The rollup's rows (and the cells') that differ from ones built afresh from the facts (none when the trigger kept
 * it right): for the tests after random workflow events, and for an operator's check.
 */
export async function rollupDrift(db: Database): Promise<number> {
  const width = ROLLUP_CODES.length;
  const zero = `array_fill(0::numeric, array[${width}])`;
  const fresh = upsert(contributions('case_facts', '1'))
    .replace(/insert into case_facts_monthly as r \([^)]*\)/, '')
    .replace(/on conflict[\s\S]*$/, '');
  const result = await db.execute(
    sql.raw(`
    with fresh as (${fresh}),
      kept as (select month, basis, city_adcode, county_adcode, unit, domain_code, matter_code, source, cases, n, d from case_facts_monthly
        where not (cases = 0 and n = ${zero} and d = ${zero}))
    select count(*)::int as n from ((table fresh except table kept) union all (table kept except table fresh)) x`),
  );
  const freshCells = upsertCells(cellContributions('case_facts', '1'))
    .replace(/insert into case_facts_cells as r \([^)]*\)/, '')
    .replace(/on conflict[\s\S]*$/, '');
  const cells = await db.execute(
    sql.raw(`
    with fresh as (${freshCells}),
      kept as (select day, city_adcode, county_adcode, domain_code, hours from case_facts_cells where hours <> array_fill(0, array[24]))
    select count(*)::int as n from ((table fresh except table kept) union all (table kept except table fresh)) x`),
  );
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0) + Number(rowsOf<{ n: number }>(cells)[0]?.n ?? 0);
}
