import type { Principal } from './principal.ts';
import { cityOfUnit, inboxesOf } from './workflow/actor.ts';
import { unitId } from './reference.ts';

/**
 * Who may see which cases: the platform's one visibility rule, as a description of the reader.
 *
 * - leadership, the alliance office and admins: every case (`everywhere`);
 * - a city coordinator: the cases in, reported in, bordering, or held by a unit of their city (`cities`);
 * - anyone: the cases that have or had a task in one of their inboxes, or that one of their units held (`inboxes`).
 *
 * The reporter's name and phone go only to the units that work or worked the case (`units`): a
 * coordinator, leadership or a neighbouring city never sees them through their role.
 *
 * Workflows belong to their case and are seen with it; a workflow outside any case (a standard's
 * harmonisation) is alliance-wide and seen by every signed-in reader.
 *
 * This is the rule; `mayReadCase` applies it to one case, and packages/db's `caseVisibleTo` /
 * `workflowVisibleTo` translate it (once) into the SQL predicate every list, stream, search and
 * export uses. They must agree (scope.test.ts in packages/db checks both on the same cases).
 */
export interface CaseScope {
  everywhere: boolean;
  /** cities the reader coordinates */
  cities: string[];
  /** the reader's inboxes: unit ids, `coordinator:<city>`, `leadership`, `alliance` */
  inboxes: string[];
  /** the units the reader acts for (liaison, supervisor) */
  units: string[];
}

/** The reader's scope, from their memberships alone. */
export function caseScopeOf(principal: Pick<Principal, 'memberships'> | null): CaseScope {
  const ms = principal?.memberships ?? [];
  return {
    everywhere: ms.some((m) => m.role === 'leadership' || m.role === 'alliance' || m.role === 'admin'),
    cities: [...new Set(ms.flatMap((m) => (m.role === 'coordinator' && m.cityAdcode !== null ? [m.cityAdcode] : [])))],
    inboxes: inboxesOf(ms),
    units: [
      ...new Set(
        ms.flatMap((m) =>
          (m.role === 'liaison' || m.role === 'supervisor') && m.departmentCode && m.cityAdcode ? [unitId(m.cityAdcode, m.departmentCode)] : [],
        ),
      ),
    ],
  };
}

/** What the rule reads of a case: where it is and who works or worked it. */
export interface CaseVisibilityFacts {
  cityAdcode: string;
  reportedIn: string | null;
  borderCities: readonly string[];
  holderUnit: string | null;
  /** inboxes with a task on the case (any of its workflows), units that held it, and units asked for data on it (readers only) */
  participants: ReadonlySet<string>;
}

/** The row check: may a reader with this scope see this case? */
export function mayReadCase(scope: CaseScope, c: CaseVisibilityFacts): boolean {
  if (scope.everywhere) return true;
  const places = [c.cityAdcode, c.reportedIn, c.holderUnit === null ? null : cityOfUnit(c.holderUnit), ...c.borderCities];
  if (places.some((p) => p !== null && scope.cities.includes(p))) return true;
  return scope.inboxes.some((i) => c.participants.has(i));
}

/** May the reader see the reporter's name, phone and e-mail: one of their units works or worked the case. */
export function maySeeReporter(scope: CaseScope, participants: ReadonlySet<string>): boolean {
  return scope.units.some((u) => participants.has(u));
}
