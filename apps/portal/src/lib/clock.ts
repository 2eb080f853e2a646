import { createSignal } from 'solid-js';

/** One ticking clock for every countdown on the page (one timer, not one per row). */
const [now, setNow] = createSignal(Date.now());
setInterval(() => setNow(Date.now()), 1000);

export { now };

export type Urgency = 'normal' | 'warning' | 'breached' | 'none';

/** How urgent a deadline is now: breached after it, warning in the last 25 % (from warnAt). */
export function urgencyOf(dueAt: string | null, warnAt: string | null, at: number): Urgency {
  if (!dueAt) return 'none';
  const due = Date.parse(dueAt);
  if (at >= due) return 'breached';
  if (warnAt && at >= Date.parse(warnAt)) return 'warning';
  return 'normal';
}

/** "1:05:09" or "2d 03:00:00" style duration text (sign dropped). */
export function formatDuration(ms: number, dayUnit: string): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const hms = `${String(h).padStart(d > 0 ? 2 : 1, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? `${d}${dayUnit} ${hms}` : hms;
}
