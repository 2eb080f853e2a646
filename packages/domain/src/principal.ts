import type { DepartmentCode, Role } from './reference.ts';
import { DomainError } from './errors.ts';

export interface Membership {
  role: Role;
  /** the city the role is held in; null for the alliance-level roles (leadership, the alliance office, the alliance's administrator) */
  cityAdcode: string | null;
  departmentCode: DepartmentCode | null;
}

/** The signed-in user as every procedure sees it. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  memberships: Membership[];
  /** signed in with a temporary password an administrator set: nothing but changing it is allowed */
  mustChangePassword?: boolean;
}

export function hasRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.memberships.some((m) => roles.includes(m.role));
}

/** Throws FORBIDDEN unless the principal holds one of the roles. */
export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!hasRole(principal, roles)) {
    throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', `This needs one of the roles: ${roles.join(', ')}`, { roles: roles.join(', ') });
  }
}
