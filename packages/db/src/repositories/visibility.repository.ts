import { and, arrayOverlaps, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { CaseScope } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases, dataRequests, holdings, tasks, workflows } from '../schema/index.ts';

/**
 * The visibility rule (`CaseScope`, packages/domain/src/scope.ts) as one SQL predicate on `cases`:
 * every list, stream, search and export of cases puts it in its `where`. It says what
 * `mayReadCase` says of one row (visibility.test.ts checks that they agree).
 */
export function caseVisibleTo(scope: CaseScope): SQL {
  if (scope.everywhere) return sql`true`;
  const parts: SQL[] = [];
  if (scope.cities.length > 0) {
    const cities = scope.cities;
    parts.push(
      inArray(cases.cityAdcode, cities),
      inArray(cases.reportedIn, cities),
      arrayOverlaps(cases.borderCities, cities),
      inArray(sql`split_part(${cases.holderUnit}, ':', 1)`, cities),
    );
  }
  if (scope.inboxes.length > 0) {
    // Asked of each candidate case, an index probe each, where the statement's other conditions
    // leave few candidates (a page of a list, a workflow's case, given ids); where they leave many,
    // PostgreSQL may still hash the units' tasks and holdings. As `in (select …)` lists inside this
    // `or` it always hashed them, every task and holding the units ever had (tens of thousands for a
    // busy unit), to answer for a page of 20.
    parts.push(
      sql`exists (select 1 from ${tasks} where ${tasks.caseId} = ${cases.id} and ${inArray(tasks.inbox, scope.inboxes)})`,
      sql`exists (select 1 from ${holdings} where ${holdings.caseId} = ${cases.id} and ${inArray(holdings.unit, scope.inboxes)})`,
      // a unit asked for data on the case keeps reading it (and its answer) once it has answered
      sql`exists (select 1 from ${dataRequests} where ${dataRequests.caseId} = ${cases.id} and ${inArray(dataRequests.toUnit, scope.inboxes)})`,
    );
  }
  return or(...parts) ?? sql`false`;
}

/**
 * `maySeeReporter` (packages/domain/src/scope.ts) as SQL on `cases`: one of the reader's units has or
 * had a task on the case, or held it (a unit only asked for data on it reads the case, not the reporter). Whatever reads or matches the reporter's name or phone in SQL
 * (the case search) puts it in its `where` beside `caseVisibleTo`.
 */
export function reporterVisibleTo(scope: CaseScope): SQL {
  if (scope.units.length === 0) return sql`false`;
  // correlated: it is asked of a few candidate cases (phone matches), each an index probe
  return sql`(exists (select 1 from ${tasks} where ${tasks.caseId} = ${cases.id} and ${inArray(tasks.inbox, scope.units)}) or exists (select 1 from ${holdings} where ${holdings.caseId} = ${cases.id} and ${inArray(holdings.unit, scope.units)}))`;
}

/**
 * The same rule on `workflows`: a workflow is seen with its case; one outside any case (a
 * standard's harmonisation) is alliance-wide.
 */
export function workflowVisibleTo(scope: CaseScope): SQL {
  if (scope.everywhere) return sql`true`;
  return sql`(${workflows.caseId} is null or exists (select 1 from ${cases} where ${cases.id} = ${workflows.caseId} and ${caseVisibleTo(scope)}))`;
}

/** Which of these cases a reader may see (the predicate applied to given ids). */
export async function visibleCaseIds(db: Database, scope: CaseScope, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.id, caseIds), caseVisibleTo(scope)));
  return new Set(rows.map((r) => r.id));
}

/** Of these cases, those whose reporter the reader may see (`reporterVisibleTo` applied to given ids). */
export async function reporterVisibleCaseIds(db: Database, scope: CaseScope, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.id, caseIds), reporterVisibleTo(scope)));
  return new Set(rows.map((r) => r.id));
}
