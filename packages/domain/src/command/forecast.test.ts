import { describe, expect, it } from 'vitest';
import { backtest, forecastCells, type Backtest, type CellDay, type CellForecast } from './forecast.ts';

const hoursWith = (h: number, n: number) => Array.from({ length: 24 }, (_, i) => (i === h ? n : 0));
/** A district where Saturdays bring 10 vending complaints at 18:00 and every other day 2 at 10:00. */
function history(days: number): CellDay[] {
  const out: CellDay[] = [];
  const start = Date.UTC(2026, 8, 7); // a Monday
  for (let i = 0; i < days; i++) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const saturday = i % 7 === 5;
    out.push({ county: '510104', domain: 'vending', day, hours: saturday ? hoursWith(18, 10) : hoursWith(10, 2) });
    out.push({ county: '510107', domain: 'noise', day, hours: hoursWith(22, 1) });
  }
  return out;
}

describe('early warning', () => {
  it('forecasts each weekday from the same weekday of the last weeks, with its busy hours', () => {
    const f = forecastCells(history(56), '2026-11-02', { days: 7, weeks: 4 });
    const saturday = f.find((x) => x.county === '510104' && x.day === '2026-11-07');
    expect(saturday).toMatchObject({ weekday: 6, expected: 10, peak: [17, 19] });
    expect(saturday?.usual).toBeCloseTo((10 + 6 * 2) / 7, 9);
    expect(f.find((x) => x.county === '510104' && x.day === '2026-11-03')?.expected).toBe(2);
    expect(f).toHaveLength(14);
  });

  it('a backtest on a perfectly weekly history hits every top cell with no error', () => {
    const b = backtest(history(140), '2026-12-28', { weeks: 8 });
    expect(b.mae).toBe(0);
    expect(b.baselineMae).toBeGreaterThan(0);
    expect(b.cellDays).toBe(8 * 7 * 2);
    // 8 Saturdays of 510104 and 10:00 days tie; the top 10 always holds the week's Saturday
    expect(b.top10HitRate).toBeGreaterThan(0.9);
  });

  it('gives the same forecasts and backtest as the plain definition, on random histories with ties, gaps and repeated rows', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let run = 0; run < 20; run++) {
      const rows: CellDay[] = [];
      const start = Date.UTC(2026, 7, 3 + run);
      for (let i = 0; i < 90; i++) {
        const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
        for (const county of ['510104', '510107', '510681'])
          for (const domain of ['vending', 'noise', 'waste']) {
            if (rnd() < 0.3) continue;
            rows.push({ county, domain, day, hours: Array.from({ length: 24 }, () => (rnd() < 0.1 ? Math.floor(rnd() * 3) : 0)) });
            if (rnd() < 0.02) rows.push({ county, domain, day, hours: Array.from({ length: 24 }, () => (rnd() < 0.2 ? 1 : 0)) });
          }
      }
      rows.sort(() => rnd() - 0.5);
      const until = new Date(start + 84 * 86_400_000).toISOString().slice(0, 10);
      expect(forecastCells(rows, until, { days: 7, weeks: 4 })).toEqual(plainForecast(rows, until, 7, 4));
      expect(backtest(rows, until, { weeks: 8, window: 4 })).toEqual(plainBacktest(rows, until, 8, 4));
    }
  });
});

// The model as first written (day texts, full sorts, localeCompare): the reference the indexed one must equal.
const DAY = 86_400_000;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const total = (xs: readonly number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);
function plainForecast(history: readonly CellDay[], firstDay: string, days: number, weeks: number): CellForecast[] {
  const start = new Date(`${firstDay}T00:00:00Z`).getTime();
  const cells = new Map<string, { county: string; domain: string; byDay: Map<string, number[]> }>();
  const order: string[] = [];
  for (const c of history) {
    const k = `${c.county}|${c.domain}`;
    if (!cells.has(k)) cells.set(k, { county: c.county, domain: c.domain, byDay: new Map() });
    cells.get(k)?.byDay.set(c.day, c.hours);
    if (new Date(`${c.day}T00:00:00Z`).getTime() < start && !order.includes(k)) order.push(k);
  }
  const out: CellForecast[] = [];
  for (const k of order) {
    const cell = cells.get(k) as { county: string; domain: string; byDay: Map<string, number[]> };
    let sum = 0;
    for (let t = start - weeks * 7 * DAY; t < start; t += DAY) sum += total(cell.byDay.get(dayText(t)));
    for (let i = 0; i < days; i++) {
      const day = dayText(start + i * DAY);
      const hours = new Array<number>(24).fill(0);
      let same = 0;
      for (let w = 1; w <= weeks; w++) {
        const past = cell.byDay.get(dayText(start + i * DAY - w * 7 * DAY));
        same += total(past);
        past?.forEach((n, h) => (hours[h] = (hours[h] ?? 0) + n));
      }
      let best = -1;
      let at = 0;
      for (let h = 0; h < 23; h++)
        if ((hours[h] ?? 0) + (hours[h + 1] ?? 0) > best) {
          best = (hours[h] ?? 0) + (hours[h + 1] ?? 0);
          at = h;
        }
      const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
      out.push({
        county: cell.county,
        domain: cell.domain,
        day,
        weekday: wd === 0 ? 7 : wd,
        expected: same / weeks,
        usual: sum / (weeks * 7),
        peak: best <= 0 ? null : [at, at + 2],
      });
    }
  }
  return out;
}
function plainBacktest(history: readonly CellDay[], until: string, weeks: number, window: number): Backtest {
  const end = new Date(`${until}T00:00:00Z`).getTime();
  const actual = new Map<string, number>();
  for (const c of history) actual.set(`${c.county}|${c.domain}|${c.day}`, total(c.hours));
  let hits = 0;
  let absErr = 0;
  let baseErr = 0;
  let n = 0;
  for (let w = weeks; w >= 1; w--) {
    const f = plainForecast(history, dayText(end - w * 7 * DAY), 7, window).map((x) => ({ ...x, actual: actual.get(`${x.county}|${x.domain}|${x.day}`) ?? 0 }));
    const id = (x: CellForecast) => `${x.county}|${x.domain}|${x.day}`;
    const predicted = new Set(
      [...f]
        .sort((a, b) => b.expected - a.expected || id(a).localeCompare(id(b)))
        .slice(0, 10)
        .map(id),
    );
    const real = [...f].sort((a, b) => b.actual - a.actual || id(a).localeCompare(id(b))).slice(0, 10);
    hits += real.filter((x) => predicted.has(id(x))).length / 10;
    for (const x of f) {
      absErr += Math.abs(x.expected - x.actual);
      baseErr += Math.abs(x.usual - x.actual);
      n++;
    }
  }
  return { weeks, top10HitRate: hits / weeks, mae: n === 0 ? 0 : absErr / n, baselineMae: n === 0 ? 0 : baseErr / n, cellDays: n };
}
