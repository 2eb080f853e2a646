import { fill, t } from '../i18n/index.ts';
import { formatDuration, now, urgencyOf } from '../lib/clock.ts';

/** A live countdown to a deadline: its colour says normal, last 25 % (warning) or breached. */
export function Countdown(props: { dueAt: string | null; warnAt?: string | null }) {
  const urgency = () => urgencyOf(props.dueAt, props.warnAt ?? null, now());
  const text = () => {
    if (!props.dueAt) return t().inbox.noDeadline;
    const left = Date.parse(props.dueAt) - now();
    const time = formatDuration(left, t().common.day);
    return left >= 0 ? fill(t().inbox.remaining, { time }) : fill(t().inbox.overdue, { time });
  };
  return (
    <span class={`countdown ${urgency()}`} role="timer" aria-live="off" data-urgency={urgency()}>
      {text()}
    </span>
  );
}
