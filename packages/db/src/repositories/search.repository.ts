import { and, eq, or, sql, type SQL } from 'drizzle-orm';
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

// The expressions of migration 0011's indexes, repeated exactly so the planner uses them.
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
  const byNumber = search.number !== null ? eq(cases.number, search.number) : null;
  // the pairs only find candidates through the index; the text itself decides (and flags the match)
  const textIn = search.text !== null ? sql`strpos(lower(${caseText}), lower(${search.text})) > 0` : null;
  const byText = search.text !== null ? sql`(gongzhi_search_grams(${caseText}) @> gongzhi_search_grams(${search.text}) and ${textIn})` : null;
  const byPhone = search.phone !== null ? sql`(${cases.reporterPhone} is not null and ${phoneDigits} = ${search.phone} and ${reporterVisibleTo(scope)})` : null;
  const ways = [byNumber, byText, byPhone].filter((w): w is SQL => w !== null);
  if (ways.length === 0) return null;
  const flag = (w: SQL | null) => (w === null ? sql`false` : sql`coalesce(${w}, false)`);
  // Matches first, as a fence (materialized): left to itself the planner walks the number index
  // backwards for the newest 20 and computes every row's character pairs on the way.
  return sql`
    with hits as materialized (
      select ${cases.id} as "caseId", ${cases.number} as "number", ${cases.matterCode} as "matterCode", ${cases.state} as "state",
        ${cases.cityAdcode} as "cityAdcode", ${cases.countyAdcode} as "countyAdcode", ${cases.address} as "address",
        ${cases.description} as "description", ${cases.holderUnit} as "holderUnit", ${cases.createdAt} as "createdAt",
        ${flag(byNumber)} as "byNumber", ${flag(byPhone)} as "byPhone", ${flag(textIn)} as "byText"
      from ${cases}
      where ${and(or(...ways), caseVisibleTo(scope))}
    )
    select * from hits order by "byNumber" desc, "number" desc limit ${limit}`;
}
