import { addWorkingDays, addWorkingHours } from '../calendar.ts';
import type { ResolutionLimit, Tier } from '../reference.ts';
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

/** When a case claimed (or resumed) at `from` must be resolved under `limit`, on the working-day calendar. */
export function resolutionDeadline(from: string, limit: ResolutionLimit): string {
  const start = new Date(from);
  const { dueAt } = limit.unit === 'workingDays' ? addWorkingDays(start, limit.amount) : addWorkingHours(start, limit.amount);
  return dueAt.toISOString();
}

/** A supervisor decides an extension request (延期申请) within this many working days; then the coordinator may. */
export const EXTENSION_DECISION_WORKING_DAYS = 1;
/** A suspension (挂账) is reviewed at least this often: a review date further away is refused. */
export const MAX_SUSPENSION_REVIEW_DAYS = 90;

export const extensionDecideBy = (requestedAt: string) => addWorkingDays(new Date(requestedAt), EXTENSION_DECISION_WORKING_DAYS).dueAt.toISOString();
