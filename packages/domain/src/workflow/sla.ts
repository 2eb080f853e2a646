import type { Tier } from '../reference.ts';
import { RESPONSE_HOURS } from '../reference.ts';

/** Escalation ladder on a missed response: one level at the breach, one more per further half window. */
export const ESCALATION_LADDER = ['supervisor', 'coordinator', 'leadership'] as const;
export const WARN_FRACTION = 0.75;

export const responseWindowMs = (tier: Tier) => RESPONSE_HOURS[tier] * 3_600_000;

export function warnAt(offeredAt: string, dueAt: string): string {
  const start = new Date(offeredAt).getTime();
  return new Date(start + WARN_FRACTION * (new Date(dueAt).getTime() - start)).toISOString();
}

/** When escalation to `level` (1..3) happens: level 1 at the breach, then every half window. */
export function escalationAt(dueAt: string, windowMs: number, level: number): string {
  return new Date(new Date(dueAt).getTime() + ((level - 1) * windowMs) / 2).toISOString();
}
