import { repeatCounts } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** The default period of the repeat-complaint figures: the last 30 days. */
export const REPEATS_PERIOD_DAYS = 30;

/** Repeat complaints (重复投诉) per unit and matter received in a period (default: the last 30 days up to now). */
export function countRepeats({
  ctx,
  input,
}: {
  ctx: UseCaseContext<'clock'>;
  input: { from?: string | undefined; to?: string | undefined; cityAdcode?: string | undefined };
}) {
  const to = input.to ? new Date(input.to) : ctx.clock.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - REPEATS_PERIOD_DAYS * 86_400_000);
  return repeatCounts(ctx.db, { from, to, cityAdcode: input.cityAdcode });
}
