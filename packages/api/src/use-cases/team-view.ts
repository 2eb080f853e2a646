import { cityOfUnit, DomainError, holdsRole, unitId } from '@gongzhi/domain';
import { unitHoldings, unitMembers, type HeldCase } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';

export interface TeamMember {
  /** null: the cases nobody of the unit is named on yet */
  username: string | null;
  displayName: string | null;
  role: 'liaison' | 'supervisor' | null;
  cases: HeldCase[];
  overdue: number;
}

/**
 * A supervisor's team view of a unit: who holds what, overdue per person, the unassigned cases
 * first. Its supervisors, the city's coordinator and leadership may look; by default the first unit
 * the user supervises.
 */
export async function teamView({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { unit?: string | undefined } }) {
  const actor = actorOf(ctx.principal);
  const supervised = ctx.principal.memberships.flatMap((m) =>
    m.role === 'supervisor' && m.cityAdcode && m.departmentCode ? [unitId(m.cityAdcode, m.departmentCode)] : [],
  );
  const unit = input.unit ?? supervised[0];
  if (!unit || !(supervised.includes(unit) || holdsRole(actor, 'coordinator', cityOfUnit(unit)) || holdsRole(actor, 'leadership'))) {
    throw new DomainError('FORBIDDEN', 'TEAM_NOT_YOURS', 'Only the unit’s supervisors, its city’s coordinator and leadership see its team', {});
  }
  const [members, held] = await Promise.all([unitMembers(ctx.db, unit), unitHoldings(ctx.db, unit)]);
  const now = ctx.clock.now().toISOString();
  const overdue = (cs: HeldCase[]) => cs.filter((c) => c.dueAt !== null && c.dueAt < now).length;
  const known = new Set(members.map((m) => m.username));
  const team: TeamMember[] = members.map((m) => {
    const cs = held.filter((c) => c.assignee === m.username);
    return { username: m.username, displayName: m.displayName, role: m.role, cases: cs, overdue: overdue(cs) };
  });
  // no longer in the unit, or nobody named: the supervisor's to assign
  const unassigned = held.filter((c) => c.assignee === null || !known.has(c.assignee));
  return { unit, units: supervised, team: [{ username: null, displayName: null, role: null, cases: unassigned, overdue: overdue(unassigned) }, ...team] };
}
