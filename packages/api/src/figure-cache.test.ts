import { describe, expect, it } from 'vitest';
import { FigureCache } from './figure-cache.ts';

describe('FigureCache', () => {
  it('answers the same question once a day until facts change', async () => {
    const cache = new FigureCache();
    let runs = 0;
    const ask = (day: string, stamp: number) => cache.get('tiles|all|2026-10', { day, stamp }, async () => ++runs);
    expect(await ask('2026-11-28', 0)).toBe(1);
    expect(await ask('2026-11-28', 0)).toBe(1);
    expect(await ask('2026-11-28', 1)).toBe(2); // a step was committed
    expect(await ask('2026-11-28', 1)).toBe(2);
    expect(await ask('2026-11-29', 1)).toBe(3); // midnight in Shanghai
  });

  it('keeps no failure', async () => {
    const cache = new FigureCache();
    const at = { day: '2026-11-28', stamp: 0 };
    await expect(cache.get('k', at, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    expect(await cache.get('k', at, async () => 'fresh')).toBe('fresh');
  });
});
