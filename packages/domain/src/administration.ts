import type { Membership, Principal } from './principal.ts';
import { DEPARTMENT_CODES, ROLES, type DepartmentCode, type Role } from './reference.ts';
import { ALLIANCE_CITIES } from './standards-v1.ts';
import { DomainError, invalid } from './errors.ts';

/**
 * Administration of people (issue 12), pure: what a membership must name, which administrator
 * manages which account, and the guard that keeps an administrator from removing the last
 * administration of their own scope.
 *
 * A membership's scope is its city; the alliance-level roles (leadership, the alliance office, the
 * alliance's administrator) have no city (null).
 */

/** Where an administrator acts: a city (adcode) or the alliance. */
export type AdminScope = string;
export const ALLIANCE_SCOPE: AdminScope = 'alliance';

/** Roles held at the level of the alliance: no city, no department. */
export const ALLIANCE_ROLES: readonly Role[] = ['leadership', 'alliance'];
/** Roles held in a department of a city. */
export const UNIT_ROLES: readonly Role[] = ['liaison', 'supervisor'];

const isCity = (adcode: string | null): adcode is string => adcode !== null && (ALLIANCE_CITIES as readonly string[]).includes(adcode);

/**
 * A membership as it must be: a liaison or supervisor in a department of a city, a coordinator in a
 * city, leadership and the alliance office at the alliance, an administrator of a city or of the
 * alliance. Returns the normalised membership or throws INVALID (MEMBERSHIP_INVALID).
 */
export function validMembership(m: { role: string; cityAdcode?: string | null; departmentCode?: string | null }): Membership {
  const city = m.cityAdcode || null;
  const department = m.departmentCode || null;
  const bad = (why: string) => invalid('MEMBERSHIP_INVALID', `A ${m.role} membership ${why}`, { role: m.role });
  if (!(ROLES as readonly string[]).includes(m.role)) throw invalid('MEMBERSHIP_INVALID', `No such role: ${m.role}`, { role: m.role });
  const role = m.role as Role;
  if (city !== null && !isCity(city)) throw bad(`names a city outside the alliance (${city})`);
  if (department !== null && !(DEPARTMENT_CODES as readonly string[]).includes(department)) throw bad(`names an unknown department (${department})`);
  if (UNIT_ROLES.includes(role)) {
    if (city === null || department === null) throw bad('needs a city and a department');
  } else if (department !== null) throw bad('takes no department');
  if (role === 'coordinator' && city === null) throw bad('needs a city');
  if (ALLIANCE_ROLES.includes(role) && city !== null) throw bad('belongs to the alliance, not a city');
  return { role, cityAdcode: city, departmentCode: department as DepartmentCode | null };
}

/** A user's memberships, each valid, at least one, none twice. */
export function validMemberships(ms: ReadonlyArray<Parameters<typeof validMembership>[0]>): Membership[] {
  if (ms.length === 0) throw invalid('MEMBERSHIPS_REQUIRED', 'A user needs at least one membership');
  const out = new Map<string, Membership>();
  for (const m of ms) {
    const valid = validMembership(m);
    out.set(membershipKey(valid), valid);
  }
  return [...out.values()];
}

export const membershipKey = (m: Membership) => `${m.role}|${m.cityAdcode ?? ''}|${m.departmentCode ?? ''}`;

/** The scopes an administrator manages: each city they administer, and the alliance. */
export function adminScopes(principal: Pick<Principal, 'memberships'>): AdminScope[] {
  return [...new Set(principal.memberships.filter((m) => m.role === 'admin').map((m) => m.cityAdcode ?? ALLIANCE_SCOPE))];
}

/**
 * Who may grant or remove a membership: a city's own people by that city's administrators; the
 * alliance-level accounts by the alliance's; a city's administrators by the city's administrators
 * (colleagues) and by the alliance's (who appoints them).
 */
export function managersOf(m: Membership): AdminScope[] {
  if (m.cityAdcode === null) return [ALLIANCE_SCOPE];
  if (m.role === 'admin') return [m.cityAdcode, ALLIANCE_SCOPE];
  return [m.cityAdcode];
}

/** The scopes an account lies in (what the audit page files an action under). */
export const scopesOf = (ms: readonly Membership[]): AdminScope[] => [...new Set(ms.flatMap(managersOf))];

export const mayManageMembership = (scopes: readonly AdminScope[], m: Membership) => managersOf(m).some((s) => scopes.includes(s));

/** Whether an administrator manages an account: every membership it holds is one they manage. */
export const mayManage = (scopes: readonly AdminScope[], ms: readonly Membership[]) => ms.every((m) => mayManageMembership(scopes, m));

/** Throws FORBIDDEN (USER_NOT_IN_SCOPE) unless an administrator of these scopes manages every one of the memberships. */
export function requireManages(scopes: readonly AdminScope[], ms: readonly Membership[]): void {
  const outside = ms.find((m) => !mayManageMembership(scopes, m));
  if (scopes.length === 0 || outside) {
    throw new DomainError('FORBIDDEN', 'USER_NOT_IN_SCOPE', 'This account is outside what you administer', { role: outside?.role ?? 'admin' });
  }
}

/**
 * The last administrator cannot remove themselves: an administrator who deactivates themselves or
 * gives up an administration they hold, when no other active administrator holds it, is refused
 * (CONFLICT, LAST_ADMIN). `othersHolding(scope)` counts the other active administrators of a scope.
 */
export function requireNotLastAdmin(before: readonly Membership[], after: readonly Membership[], othersHolding: Readonly<Record<AdminScope, number>>): void {
  const kept = new Set(adminScopes({ memberships: [...after] }));
  for (const scope of adminScopes({ memberships: [...before] })) {
    if (!kept.has(scope) && (othersHolding[scope] ?? 0) === 0) {
      throw new DomainError('CONFLICT', 'LAST_ADMIN', `You are the last administrator of ${scope}`, { scope });
    }
  }
}

/** Login names: lower-case letters, digits, dot, dash, underscore; 3 to 32 characters. */
export function validUsername(name: string): string {
  const u = name.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(u)) throw invalid('USERNAME_INVALID', `Not a valid username: ${name}`, { username: name.slice(0, 40) });
  return u;
}
