import type { DepartmentCode, Role } from './reference.ts';
import { DomainError } from './errors.ts';

export interface Membership {
  role: Role;
  cityAdcode: string;
  departmentCode: DepartmentCode | null;
}

/** The signed-in user as every procedure sees it. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  memberships: Membership[];
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
