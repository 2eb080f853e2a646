import { sql } from 'drizzle-orm';
import { DEPARTMENT_CODES, handlingMedians, type ContestedCase, type DepartmentCode, type HandlingMedian, type WhatIfGroup } from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';
import { rulingLeads } from './workflow.repository.ts';

/**
 * The history a what-if replay needs, read from `case_facts` (platform cases and history imported
 * from earlier systems alike) in three queries, so a million cases stay a few thousand rows: cases
 * per city, matter and month; handling times per unit and matter as a histogram; and the cases of
 * the moved matters that were passed on before they landed. Reads only.
 */
export interface WhatIfHistory {
  groups: WhatIfGroup[];
  handling: HandlingMedian[];
  contested: ContestedCase[];
  unrouted: number;
}

const isDepartment = (s: string): s is DepartmentCode => (DEPARTMENT_CODES as readonly string[]).includes(s);

export function whatIfHistory(db: Database, q: { from: Date; to: Date; movedMatters: readonly string[] }): Promise<WhatIfHistory> {
  // A read-only transaction: the replay cannot write to live cases, and its three reads see one state.
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    return readHistory(tx, q);
  });
}

async function readHistory(db: Database, q: { from: Date; to: Date; movedMatters: readonly string[] }): Promise<WhatIfHistory> {
  const window = sql`f.reported_at >= ${q.from.toISOString()}::timestamptz and f.reported_at < ${q.to.toISOString()}::timestamptz`;
  const groups = rowsOf<{ city: string; matter: string | null; month: string | null; cases: number; border: number }>(
    await db.execute(sql`
      select g.city, g.matter, to_char(g.month at time zone 'Asia/Shanghai', 'YYYY-MM') as month, g.cases, g.border
      from (select f.city_adcode as city, f.matter_code as matter, date_trunc('month', f.reported_at, 'Asia/Shanghai') as month,
                   count(*)::int as cases, (count(*) filter (where f.border))::int as border
            from case_facts f
            where ${window}
            group by 1, 2, 3) g`),
  );
  // First claim to resolution (or closure, for history that kept no resolution time) per closing unit
  // and matter, as a histogram in tenths of an hour: `handlingMedians` takes the medians per unit,
  // department and matter from it (the replay's estimate falls back in that order). One hash
  // aggregate instead of sorting every case three ways.
  const bins = rowsOf<{ unit: string; matter: string; tenths: number; cases: number }>(
    await db.execute(sql`
      select f.closing_unit as unit, f.matter_code as matter,
             round(date_part('epoch', coalesce(f.resolved_at, f.closed_at) - f.first_claim_at) / 360)::int as tenths,
             count(*)::int as cases
      from case_facts f
      where ${window} and f.closing_unit is not null and f.matter_code is not null and f.first_claim_at is not null
        and coalesce(f.resolved_at, f.closed_at) >= f.first_claim_at
      group by 1, 2, 3`),
  );
  const contested: ContestedCase[] = [];
  if (q.movedMatters.length > 0) {
    const rows = rowsOf<{ id: string; number: number | null; city: string; matter: string; ruled: boolean; landed: string | null }>(
      await db.execute(sql`
        select f.case_id as id, c.number, f.city_adcode as city, f.matter_code as matter, f.disputes_ruled > 0 as ruled,
               coalesce(f.closing_unit, f.holder_unit) as landed
        from case_facts f left join cases c on c.id = f.case_id
        where ${window} and f.matter_code in (${sql.join(
          q.movedMatters.map((m) => sql`${m}`),
          sql`, `,
        )})
          and (f.disputes_ruled > 0 or f.transfers > f.transfers_rejected)`),
    );
    // A dispute lands the case with the ruling's lead; the dispute's own view says which.
    const ruledIds = rows.filter((r) => r.ruled).map((r) => r.id);
    const ruling = await rulingLeads(db, ruledIds);
    for (const r of rows) {
      const landed = (r.ruled ? ruling.get(r.id) : undefined) ?? r.landed?.split(':')[1];
      if (!landed || !isDepartment(landed)) continue;
      contested.push({
        caseId: r.id,
        number: r.number === null ? null : Number(r.number),
        cityAdcode: r.city,
        matterCode: r.matter,
        kind: r.ruled ? 'dispute' : 'transfer',
        landedWith: landed,
      });
    }
  }
  let unrouted = 0;
  const known: WhatIfGroup[] = [];
  for (const g of groups) {
    if (g.matter === null || g.month === null) unrouted += Number(g.cases);
    else known.push({ cityAdcode: g.city, matterCode: g.matter, month: g.month, cases: Number(g.cases), border: Number(g.border) });
  }
  return {
    groups: known,
    handling: handlingMedians(bins.map((b) => ({ unit: b.unit, matterCode: b.matter, hours: Number(b.tenths) / 10, cases: Number(b.cases) }))),
    contested,
    unrouted,
  };
}

/**
 * The complaint texts of the window whose matter the classifier decided at intake (routed on its
 * guess, or sent to the coordinator's triage), with their city: what a what-if re-runs the
 * classifier on. Reads only; in case order, so a replay is deterministic.
 */
export function classifiedComplaints(db: Database, q: { from: Date; to: Date }): Promise<Array<{ cityAdcode: string; text: string }>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    const rows = rowsOf<{ city: string; text: string }>(
      await tx.execute(sql`
        select c.city_adcode as city, c.description as text
        from cases c
        where coalesce(c.reported_at, c.created_at) >= ${q.from.toISOString()}::timestamptz
          and coalesce(c.reported_at, c.created_at) < ${q.to.toISOString()}::timestamptz
          and (c.matter_confidence is not null or exists (select 1 from workflows w where w.id = c.id || ':triage'))
        order by c.number`),
    );
    return rows.map((r) => ({ cityAdcode: r.city, text: r.text }));
  });
}
