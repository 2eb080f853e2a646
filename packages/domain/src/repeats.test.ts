import { describe, expect, it } from 'vitest';
import { distanceMetres } from '@gongzhi/geo';
import { findRepeatOf, searchBox, type EarlierCase } from './repeats.ts';

const at = new Date('2026-11-27T02:00:00Z');
const base = { lon: 104.0657, lat: 30.6574 };
/** A point `metres` due north of the base point. */
const north = (metres: number) => ({ lon: base.lon, lat: base.lat + metres / 111_194.9 });
const earlier = (over: Partial<EarlierCase> & { lon: number; lat: number }): EarlierCase => ({
  id: 'e1',
  matterCode: 'VEN-01',
  closedAt: null,
  repeatOf: null,
  ...over,
});
const fresh = { matterCode: 'VEN-01', ...base, at };
const daysAgo = (d: number) => new Date(at.getTime() - d * 86_400_000);

describe('repeat complaints (重复投诉)', () => {
  it('links a case of the same matter within 100 m, not at 101 m', () => {
    expect(distanceMetres(base, north(99))).toBeCloseTo(99, 0);
    expect(findRepeatOf(fresh, [earlier(north(99))])).toBe('e1');
    expect(findRepeatOf(fresh, [earlier(north(101))])).toBeNull();
  });

  it('needs the same matter', () => {
    expect(findRepeatOf(fresh, [earlier({ ...north(10), matterCode: 'VEN-02' })])).toBeNull();
  });

  it('links to an open case of any age, and to one closed within 30 days but not 31', () => {
    expect(findRepeatOf(fresh, [earlier({ ...north(50), closedAt: null })])).toBe('e1');
    expect(findRepeatOf(fresh, [earlier({ ...north(50), closedAt: daysAgo(29.9) })])).toBe('e1');
    expect(findRepeatOf(fresh, [earlier({ ...north(50), closedAt: daysAgo(30.1) })])).toBeNull();
    expect(findRepeatOf(fresh, [earlier({ ...north(50), closedAt: daysAgo(30.1) })], 45)).toBe('e1');
  });

  it('picks the nearest, and links to the first case of a chain while that one is open or recent', () => {
    const far = earlier({ ...north(80), id: 'far' });
    const near = earlier({ ...north(20), id: 'near', repeatOf: 'first' });
    const first = earlier({ ...north(150), id: 'first' });
    expect(findRepeatOf(fresh, [far, near, first])).toBe('first');
    expect(findRepeatOf(fresh, [far, near, { ...first, closedAt: daysAgo(40) }])).toBe('near');
    expect(findRepeatOf(fresh, [far, near])).toBe('near');
  });

  it('searches a box that holds the whole 100 m circle', () => {
    const box = searchBox(base.lon, base.lat);
    const east = { lon: base.lon + 100 / (111_194.9 * Math.cos((base.lat * Math.PI) / 180)), lat: base.lat };
    expect(distanceMetres(base, east)).toBeCloseTo(100, 0);
    expect(east.lon).toBeLessThanOrEqual(box.maxLon);
    expect(north(100).lat).toBeLessThanOrEqual(box.maxLat);
  });
});
