import type { Membership } from '../principal.ts';
import type { Role } from '../reference.ts';
import { unitId } from '../reference.ts';

/** Who sends an event: a signed-in user with their memberships, the timer worker, or the public. */
export type Actor = { kind: 'user'; userId: string; username: string; memberships: Membership[] } | { kind: 'system'; reason: string } | { kind: 'reporter' };

export const SYSTEM = (reason: string): Actor => ({ kind: 'system', reason });

/** Every event carries its actor and the time the server accepted it; machines never read a clock. */
export interface Envelope {
  actor: Actor;
  at: string;
}

const memberships = (actor: Actor): Membership[] => (actor.kind === 'user' ? actor.memberships : []);

/** A liaison or supervisor of the unit (or of the roles given). */
export function actsForUnit(actor: Actor, unit: string, roles: readonly Role[] = ['liaison', 'supervisor']): boolean {
  return memberships(actor).some(
    (m) => m.departmentCode !== null && m.cityAdcode !== null && unitId(m.cityAdcode, m.departmentCode) === unit && roles.includes(m.role),
  );
}

export function holdsRole(actor: Actor, role: Role, cityAdcode?: string): boolean {
  return memberships(actor).some((m) => m.role === role && (cityAdcode === undefined || m.cityAdcode === cityAdcode));
}

export const isSystem = (actor: Actor) => actor.kind === 'system';

/** Inbox keys: a unit id (`510100:urban`), a city coordination office, leadership, the alliance office. */
export const coordinatorInbox = (cityAdcode: string) => `coordinator:${cityAdcode}`;
export const LEADERSHIP_INBOX = 'leadership';
export const ALLIANCE_INBOX = 'alliance';

/** The inboxes a user sees. */
export function inboxesOf(ms: readonly Membership[]): string[] {
  const out = new Set<string>();
  for (const m of ms) {
    if ((m.role === 'liaison' || m.role === 'supervisor') && m.departmentCode && m.cityAdcode) out.add(unitId(m.cityAdcode, m.departmentCode));
    if (m.role === 'coordinator' && m.cityAdcode) out.add(coordinatorInbox(m.cityAdcode));
    if (m.role === 'leadership') out.add(LEADERSHIP_INBOX);
    if (m.role === 'alliance') out.add(ALLIANCE_INBOX);
  }
  return [...out];
}

/** `510100:urban` → `510100`. */
export const cityOfUnit = (unit: string) => {
  const colon = unit.indexOf(':');
  return colon < 0 ? unit : unit.slice(0, colon);
};
