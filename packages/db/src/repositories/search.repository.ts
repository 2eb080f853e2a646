import { eq, sql, type SQL } from 'drizzle-orm';
import type { CaseScope, CaseSearch, CaseStatus } from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';
import { cases } from '../schema/index.ts';
import { caseVisibleTo, reporterVisibleTo } from './visibility.repository.ts';

export interface CaseHit {
  caseId: string;
  number: number;
  matterCode: string | null;
  state: CaseStatus;
  cityAdcode: string;
  countyAdcode: string;
  address: string | null;
  description: string;
  holderUnit: string | null;
  createdAt: string;
  /** how the query found it; `phone` only for a reader who may see the reporter */
  matched: Array<'number' | 'phone' | 'text'>;
}

// The expressions of the search indexes (migration 0011's on the text, 0030's on the phone), repeated exactly so the planner uses them.
const caseText = sql`(${cases.description} || ' ' || coalesce(${cases.address}, ''))`;
const phoneDigits = sql`regexp_replace(${cases.reporterPhone}, '[^0-9]', '', 'g')`;

/**
 * Cases matching a search, under the visibility rule: by number, by complaint or address text
 * (every character pair of the query in the text's index, then the text itself), and by the
 * reporter's phone only where the reader may see the reporter (`reporterVisibleTo`). The exact
 * number first, then the newest.
 */
export async function searchCases(db: Database, scope: CaseScope, search: CaseSearch, limit = 20): Promise<CaseHit[]> {
  const statement = searchStatement(scope, search, limit);
  if (statement === null) return [];
  const rows = rowsOf<Omit<CaseHit, 'matched' | 'createdAt'> & { createdAt: Date | string; byNumber: boolean; byPhone: boolean; byText: boolean }>(
    await db.execute(statement),
  );
  return rows.map(({ byNumber: n, byPhone: p, byText: t, createdAt, ...r }) => ({
    ...r,
    createdAt: new Date(createdAt).toISOString(),
    matched: [...(n ? (['number'] as const) : []), ...(p ? (['phone'] as const) : []), ...(t ? (['text'] as const) : [])],
  }));
}

/** The search's statement (null when the query asks for nothing), for `searchCases` and for tests of its plan. */
export function searchStatement(scope: CaseScope, search: CaseSearch, limit: number): SQL | null {
  if (search.number === null && search.phone === null && search.text === null) return null;
  const visible = caseVisibleTo(scope);
  const byNumber = search.number !== null ? eq(cases.number, search.number) : null;
  // the pairs only find candidates through the index; the text itself decides (and flags the match)
  const textIn = search.text !== null ? sql`strpos(lower(${caseText}), lower(${search.text})) > 0` : null;
  const byPhone = search.phone !== null ? sql`(${cases.reporterPhone} is not null and ${phoneDigits} = ${search.phone} and ${reporterVisibleTo(scope)})` : null;
  const flag = (w: SQL | null) => (w === null ? sql`false` : sql`coalesce(${w}, false)`);
  // The page is taken before anything else is computed: each way of matching gives its own newest
  // `limit` ids by its own index, and the page is the newest of those (the number's case first).
  // Flags, and the columns shown, are then computed for the page only.
  const candidates: SQL[] = [];
  const ctes: SQL[] = [];
  if (byNumber) candidates.push(sql`(select ${cases.id} as id, ${cases.number} as number, true as first from ${cases} where ${byNumber} and ${visible})`);
  if (byPhone) {
    // cases_reporter_phone_number walked backwards: the phone's newest cases, as many as the page needs
    candidates.push(
      sql`(select ${cases.id} as id, ${cases.number} as number, false as first from ${cases} where ${byPhone} and ${visible} order by ${cases.number} desc limit ${limit})`,
    );
  }
  if (textIn) {
    // Every text match, as a fence (materialized): the text's index gives them in no order, and left to
    // itself the planner walks the number index backwards for the newest and computes every row's
    // character pairs on the way.
    ctes.push(sql`texts as materialized (
      select ${cases.id} as id, ${cases.number} as number from ${cases}
      where gongzhi_search_grams(${caseText}) @> gongzhi_search_grams(${search.text}) and ${textIn} and ${visible})`);
    candidates.push(sql`(select id, number, false as first from texts order by number desc limit ${limit})`);
  }
  ctes.push(sql`page as (
      select id, max(number) as number, bool_or(first) as first from (${sql.join(candidates, sql` union all `)}) m
      group by id order by bool_or(first) desc, max(number) desc limit ${limit})`);
  return sql`
    with ${sql.join(ctes, sql`, `)}
    select ${cases.id} as "caseId", ${cases.number} as "number", ${cases.matterCode} as "matterCode", ${cases.state} as "state",
      ${cases.cityAdcode} as "cityAdcode", ${cases.countyAdcode} as "countyAdcode", ${cases.address} as "address",
      ${cases.description} as "description", ${cases.holderUnit} as "holderUnit", ${cases.createdAt} as "createdAt",
      ${flag(byNumber)} as "byNumber", ${flag(byPhone)} as "byPhone", ${flag(textIn)} as "byText"
    from page join ${cases} on ${cases.id} = page.id
    order by page.first desc, page.number desc`;
}
