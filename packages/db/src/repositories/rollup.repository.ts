import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { INDICATOR_CODES, INDICATORS, type IndicatorCode } from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';
import { BASIS, CASE_UNIT, INDICATOR_SQL, SETTLED } from './dashboard.repository.ts';

/**
 * The per-day rollup of the command centre's facts (`fact_rollup`), kept by statement-level triggers
 * on `case_facts`: every insert, update or delete of facts rows (the engine's step, a history import,
 * the demo loader's batches) takes the old rows' contributions away and adds the new rows' in the
 * same statement, so the rollup commits or rolls back with the facts. The triggers are generated here
 * from INDICATOR_SQL — one contribution per indicator and case, on the Beijing day of the indicator's
 * period instant, counted as it will be once settled (`counted` at an infinitely late `asOf`; the
 * dashboard takes away the few cases not settled yet) — so a new indicator fits without a migration:
 * `ensureRollup` (run by every migrate) sees that the generated SQL changed, reinstalls the
 * triggers and rebuilds the rollup from the facts.
 */

const dialect = new PgDialect();
/** SQL without parameters, as text for a function body. */
function text(s: SQL): string {
  const q = dialect.sqlToQuery(s);
  if (q.params.length > 0) throw new Error(`rollup SQL must not take parameters: ${q.sql}`);
  return q.sql;
}

/** the Beijing day of an instant (UTC+8 all year) */
export const beijingDay = (col: string) => `((${col} at time zone 'UTC') + interval '8 hours')::date`;

/** The contributions of the rows of `table` (alias f) to the rollup, times `sign`. */
function contributions(table: string, sign: 1 | -1): string {
  return INDICATOR_CODES.map((code: IndicatorCode) => {
    const x = INDICATOR_SQL[code];
    const basis = text(BASIS[INDICATORS[code].basis]);
    return `select '${code}'::text as code, ${beijingDay(basis)} as day, f.city_adcode, f.county_adcode, (${text(x.unit)})::text as unit,
      (${text(CASE_UNIT)})::text as case_unit, f.domain_code, f.matter_code, f.source,
      (${sign} * (${text(x.value)}))::numeric as num, (${sign} * (${text(x.den)}))::numeric as den
    from ${table} f where ${basis} is not null and (${text(x.counted(SETTLED))})`;
  }).join('\nunion all\n');
}

const KEY = 'code, day, city_adcode, county_adcode, unit, case_unit, domain_code, matter_code, source';

/** Adds the summed contributions of some row sets to the rollup, in key order (two transactions lock shared rows in the same order). */
function upsert(parts: string[]): string {
  return `insert into fact_rollup (${KEY}, num, den)
    select ${KEY}, sum(num), sum(den) from (${parts.join('\nunion all\n')}) c
    group by ${KEY}
    having sum(num) <> 0 or sum(den) <> 0
    order by ${KEY}
    on conflict on constraint fact_rollup_key do update set num = fact_rollup.num + excluded.num, den = fact_rollup.den + excluded.den`;
}

function definition(): string[] {
  const fn = (name: string, body: string) =>
    `create or replace function ${name}() returns trigger language plpgsql as $fn$
begin
  ${body};
  return null;
end
$fn$`;
  return [
    fn('fact_rollup_insert', upsert([contributions('new_rows', 1)])),
    fn('fact_rollup_update', upsert([contributions('old_rows', -1), contributions('new_rows', 1)])),
    fn('fact_rollup_delete', upsert([contributions('old_rows', -1)])),
    'drop trigger if exists fact_rollup_insert on case_facts',
    'drop trigger if exists fact_rollup_update on case_facts',
    'drop trigger if exists fact_rollup_delete on case_facts',
    'create trigger fact_rollup_insert after insert on case_facts referencing new table as new_rows for each statement execute function fact_rollup_insert()',
    'create trigger fact_rollup_update after update on case_facts referencing old table as old_rows new table as new_rows for each statement execute function fact_rollup_update()',
    'create trigger fact_rollup_delete after delete on case_facts referencing old table as old_rows for each statement execute function fact_rollup_delete()',
  ];
}

/** Installs the generated triggers and rebuilds the rollup when they differ from the installed ones. */
export async function ensureRollup(db: Database): Promise<{ rebuilt: boolean }> {
  const statements = definition();
  const hash = createHash('sha256').update(statements.join(';\n')).digest('hex');
  const current = rowsOf<{ hash: string }>(await db.execute(sql`select hash from fact_rollup_definition where id = 1`))[0]?.hash;
  if (current === hash) return { rebuilt: false };
  await db.transaction(async (tx) => {
    for (const s of statements) await tx.execute(sql.raw(s));
    await rebuildRollup(tx);
    await tx.execute(sql`insert into fact_rollup_definition (id, hash) values (1, ${hash}) on conflict (id) do update set hash = excluded.hash`);
  });
  return { rebuilt: true };
}

/** The rollup computed afresh from every facts row. */
export async function rebuildRollup(db: Database): Promise<void> {
  await db.execute(sql`delete from fact_rollup`);
  await db.execute(sql.raw(upsert([contributions('case_facts', 1)])));
}

/** Rollup rows that differ from a rollup computed afresh from the facts (none, when the triggers kept it right). */
export async function rollupDifferences(db: Database): Promise<Array<Record<string, unknown>>> {
  const kept = `select ${KEY}, num, den from fact_rollup where num <> 0 or den <> 0`;
  const fresh = `select ${KEY}, sum(num) as num, sum(den) as den from (${contributions('case_facts', 1)}) c group by ${KEY} having sum(num) <> 0 or sum(den) <> 0`;
  const result = await db.execute(
    sql.raw(`(select 'kept' as side, * from (${kept} except ${fresh}) a) union all (select 'fresh' as side, * from (${fresh} except ${kept}) b)`),
  );
  return rowsOf<Record<string, unknown>>(result);
}
