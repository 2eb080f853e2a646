/**
 * Early warning (预测预警, seed plan 3.2.2 and 5.2): the next days' complaints per district × domain,
 * by a seasonal-naive model stated plainly — a day is forecast as the mean of the same weekday over
 * the last `weeks` weeks of that cell (district × domain) — and its expected busy hours from the
 * cell's hour profile on that weekday. Measured by a backtest over held-back weeks: hit rate of the
 * predicted top-10 cells (district × domain × day) against the actual top 10, and the mean absolute
 * error over every cell-day. Pure: counts in, numbers out.
 */

/** Complaints of one cell on one Beijing-time day, by hour. */
export interface CellDay {
  county: string;
  domain: string;
  /** `YYYY-MM-DD`, Beijing time */
  day: string;
  /** 24 counts */
  hours: number[];
}

export interface CellForecast {
  county: string;
  domain: string;
  day: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  expected: number;
  /** the cell's mean per day over the whole window (what is usual for it) */
  usual: number;
  /** the two-hour block with the most complaints on this weekday: [from, to) */
  peak: [number, number] | null;
}

const DAY_MS = 86_400_000;
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekdayOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};
const key = (county: string, domain: string) => `${county}|${domain}`;

/**
 * Forecasts `days` days from `firstDay` (a `YYYY-MM-DD`) for every cell seen in `history`, using
 * only history before `firstDay`.
 */
export function forecastCells(history: readonly CellDay[], firstDay: string, options: { days?: number; weeks?: number } = {}): CellForecast[] {
  return forecastIndexed(indexHistory(history), firstDay, options);
}

interface IndexedCell {
  county: string;
  domain: string;
  /** the hours of each day (days since the epoch), and their total */
  byDay: Map<number, number[]>;
  totals: Map<number, number>;
  /** positions in the history and the days (days since the epoch) of the cell's rows */
  at: number[];
  days: number[];
}

/** The history by cell once (days parsed once), for several forecasts from it (the backtest's weeks). */
function indexHistory(history: readonly CellDay[]): IndexedCell[] {
  const cells = new Map<string, IndexedCell>();
  const parsed = new Map<string, number>();
  history.forEach((c, i) => {
    let t = parsed.get(c.day);
    if (t === undefined) {
      t = Math.round(new Date(`${c.day}T00:00:00Z`).getTime() / DAY_MS);
      parsed.set(c.day, t);
    }
    const k = key(c.county, c.domain);
    let cell = cells.get(k);
    if (!cell) {
      cell = { county: c.county, domain: c.domain, byDay: new Map(), totals: new Map(), at: [], days: [] };
      cells.set(k, cell);
    }
    cell.at.push(i);
    cell.days.push(t);
    // a later row of the same cell and day replaces an earlier one, as a plain pass over the history does
    cell.byDay.set(t, c.hours);
    cell.totals.set(t, sum(c.hours));
  });
  return [...cells.values()];
}

function forecastIndexed(index: readonly IndexedCell[], firstDay: string, options: { days?: number; weeks?: number }): CellForecast[] {
  const days = options.days ?? 7;
  const weeks = options.weeks ?? 4;
  const start = Math.round(new Date(`${firstDay}T00:00:00Z`).getTime() / DAY_MS);
  const windowFrom = start - weeks * 7;
  // the days forecast, named once for every cell
  const named = Array.from({ length: days }, (_, i) => {
    const day = dayOf((start + i) * DAY_MS);
    return { day, weekday: weekdayOf(day) };
  });
  // the cells with a day before the start, in the order they first appear in the history before it
  const seen: Array<{ cell: IndexedCell; first: number }> = [];
  for (const cell of index) {
    let first = -1;
    for (let j = 0; j < cell.at.length; j++)
      if ((cell.days[j] as number) < start) {
        first = cell.at[j] as number;
        break;
      }
    if (first >= 0) seen.push({ cell, first });
  }
  seen.sort((a, b) => a.first - b.first);
  const out: CellForecast[] = [];
  for (const { cell } of seen) {
    let total = 0;
    for (let t = windowFrom; t < start; t++) total += cell.totals.get(t) ?? 0;
    const usual = total / (weeks * 7);
    for (let i = 0; i < days; i++) {
      const { day, weekday } = named[i] as { day: string; weekday: number };
      const hours = new Array<number>(24).fill(0);
      let same = 0;
      for (let w = 1; w <= weeks; w++) {
        const past = cell.byDay.get(start + i - w * 7);
        if (!past) continue;
        same += cell.totals.get(start + i - w * 7) ?? 0;
        past.forEach((n, h) => (hours[h] = (hours[h] ?? 0) + n));
      }
      out.push({ county: cell.county, domain: cell.domain, day, weekday, expected: same / weeks, usual, peak: peakBlock(hours) });
    }
  }
  return out;
}

function sum(xs: readonly number[] | undefined) {
  let s = 0;
  for (const x of xs ?? []) s += x;
  return s;
}

/** The two consecutive hours with the most complaints, or null when there were none. */
function peakBlock(hours: readonly number[]): [number, number] | null {
  let best = -1;
  let at = 0;
  for (let h = 0; h < 23; h++) {
    const n = (hours[h] ?? 0) + (hours[h + 1] ?? 0);
    if (n > best) {
      best = n;
      at = h;
    }
  }
  return best <= 0 ? null : [at, at + 2];
}

export interface Backtest {
  weeks: number;
  /** mean over the held-back weeks of |predicted top 10 ∩ actual top 10| / 10 */
  top10HitRate: number;
  /** mean absolute error per cell-day (complaints) */
  mae: number;
  /** the same for the naive baseline of "every day is the cell's usual mean", for comparison */
  baselineMae: number;
  cellDays: number;
}

/**
 * The backtest: for each of the last `weeks` weeks before `until` (a `YYYY-MM-DD`, exclusive), forecast
 * that week from the history before it, compare with what happened.
 */
export function backtest(history: readonly CellDay[], until: string, options: { weeks?: number; window?: number } = {}): Backtest {
  const weeks = options.weeks ?? 8;
  const end = new Date(`${until}T00:00:00Z`).getTime();
  const index = indexHistory(history);
  const actual = new Map<string, number>();
  for (const c of history) actual.set(`${key(c.county, c.domain)}|${c.day}`, sum(c.hours));
  let hits = 0;
  let absErr = 0;
  let baseErr = 0;
  let n = 0;
  for (let w = weeks; w >= 1; w--) {
    const first = dayOf(end - w * 7 * DAY_MS);
    const f = forecastIndexed(index, first, { days: 7, weeks: options.window ?? 4 });
    const withActual = f.map((x) => {
      const id = `${key(x.county, x.domain)}|${x.day}`;
      return { id, expected: x.expected, usual: x.usual, actual: actual.get(id) ?? 0 };
    });
    const predicted = new Set(top10(withActual, (x) => x.expected).map((x) => x.id));
    const real = top10(withActual, (x) => x.actual);
    hits += real.filter((x) => predicted.has(x.id)).length / 10;
    for (const x of withActual) {
      absErr += Math.abs(x.expected - x.actual);
      baseErr += Math.abs(x.usual - x.actual);
      n++;
    }
  }
  return { weeks, top10HitRate: hits / weeks, mae: n === 0 ? 0 : absErr / n, baselineMae: n === 0 ? 0 : baseErr / n, cellDays: n };
}

/** the order `a.localeCompare(b)` gives (the same collator, made once) */
const collate = new Intl.Collator().compare;

/**
 * The first 10 by `value` descending, then id (localeCompare), in that order: what sorting all and
 * taking 10 gives (ids are unique, so the order is total), in one pass that compares an id only on a
 * tie with the tenth.
 */
function top10<T extends { id: string }>(xs: readonly T[], value: (x: T) => number): T[] {
  const before = (a: T, b: T) => value(b) - value(a) || collate(a.id, b.id);
  const top: T[] = [];
  for (const x of xs) {
    if (top.length === 10 && before(x, top[9] as T) >= 0) continue;
    let i = top.length;
    while (i > 0 && before(x, top[i - 1] as T) < 0) i--;
    top.splice(i, 0, x);
    if (top.length > 10) top.pop();
  }
  return top;
}
