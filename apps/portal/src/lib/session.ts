import { createResource } from 'solid-js';
import type { Principal, Role } from '@gongzhi/domain';
import { api } from './trpc.ts';

/** Who is signed in (null when nobody); every page reads this one resource. */
const [principal, { mutate, refetch }] = createResource<Principal | null>(() => api.auth.me.query(), { initialValue: null });

export { principal };

export async function signIn(username: string, password: string): Promise<void> {
  const result = await api.auth.login.mutate({ username, password });
  mutate(result.principal);
}

/** Asks the server again who is signed in (after a live connection ended, or a password change). */
export async function refreshPrincipal(): Promise<Principal | null> {
  const me = await api.auth.me.query();
  mutate(me);
  return me;
}

export async function signOut(): Promise<void> {
  await api.auth.logout.mutate();
  // what the service worker kept for reading offline is this person's: it goes with them (src/sw.ts)
  navigator.serviceWorker?.controller?.postMessage({ type: 'sign-out' });
  mutate(null);
  await refetch();
}

/** The inboxes of whoever is signed in (unit ids, `coordinator:<city>`, `leadership`, `alliance`). */
export const [myInboxes] = createResource(
  () => principal()?.userId,
  () => api.case.myInboxes.query(),
  { initialValue: [] },
);

export const hasRole = (role: string, city?: string) =>
  principal()?.memberships.some((m) => m.role === role && (city === undefined || m.cityAdcode === city)) ?? false;

/** The roles someone holds (null when nobody is signed in): what homeFor decides by. */
export const rolesOf = (p: Principal | null | undefined): Role[] | null => (p ? [...new Set(p.memberships.map((m) => m.role))] : null);
