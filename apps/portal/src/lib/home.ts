import type { Role } from '@gongzhi/domain';

/**
 * Where a person starts (`/`, after signing in, an unknown address): the one place that decides.
 * Signed in: the inbox (leadership's dashboard goes here once there is one). Nobody signed in: the
 * public responsibility matrix.
 */
export function homeFor(roles: readonly Role[] | null): string {
  if (roles === null) return '/matrix';
  return '/inbox';
}
