import { dashboardScope, dayOf } from '@gongzhi/domain';
import type { SignedInContext } from './context.ts';

/**
 * The command centre's answers kept for the rest of the Beijing day (figures are per day, period or
 * week: a dashboard opened each morning by many readers of the same scope asks the same question),
 * dropped when the day turns in Asia/Shanghai or when facts change: `stamp` is the count of
 * changes the engine has announced (the inbox bus, fed by every process's commits), so a
 * step committed anywhere makes the next answer fresh. History imported by another process
 * announces nothing and shows from the next day.
 */
export class FigureCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private day = '';
  private stamp = -1;

  constructor(private readonly max = 1000) {}

  /** The answer for `key` computed today with no change since, else `compute()` (kept while it succeeds). */
  get<T>(key: string, at: { day: string; stamp: number }, compute: () => Promise<T>): Promise<T> {
    if (at.day !== this.day || at.stamp !== this.stamp) {
      this.entries.clear();
      this.day = at.day;
      this.stamp = at.stamp;
    }
    const kept = this.entries.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const value = compute();
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    return value;
  }
}

/**
 * A command-centre use case answered from the services' FigureCache when there is one (the server's),
 * keyed by its name, the reader's dashboard scope (readers of the same scope share answers) and the
 * input; without a cache (tests, scripts) it runs every time.
 */
export function dayCached<I, T>(name: string, useCase: (options: { ctx: SignedInContext<'clock'>; input: I }) => Promise<T>) {
  return ({ ctx, input }: { ctx: SignedInContext<'clock' | 'bus' | 'figureCache'>; input: I }): Promise<T> => {
    const cache = ctx.figureCache;
    if (!cache) return useCase({ ctx, input });
    const scope = dashboardScope(ctx.principal.memberships);
    const day = dayOf(ctx.clock.now().getTime() + 8 * 3_600_000);
    return cache.get(`${name}|${JSON.stringify(scope)}|${JSON.stringify(input)}`, { day, stamp: ctx.bus.changes }, () => useCase({ ctx, input }));
  };
}
