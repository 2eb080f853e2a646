import type { Role } from '@gongzhi/domain';

/**
 * Where a person starts (`/`, after signing in, an unknown address): the one place that decides.
 * Leadership and city coordinators: the command centre (their morning view; their tasks stay one
 * click away in the inbox). An administrator only: the people page. Anyone else signed in: the inbox. Nobody signed in: the public
 * responsibility matrix.
 */
export function homeFor(roles: readonly Role[] | null): string {
  if (roles === null) return '/matrix';
  if (roles.includes('leadership') || roles.includes('coordinator')) return '/dashboard';
  // an administrator and nothing else has no inbox: their work is the people
  if (roles.length > 0 && roles.every((r) => r === 'admin')) return '/admin';
  return '/inbox';
}
