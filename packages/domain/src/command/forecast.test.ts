import { describe, expect, it } from 'vitest';
import { backtest, forecastCells, type CellDay } from './forecast.ts';

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
});
