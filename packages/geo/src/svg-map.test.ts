import { describe, expect, it } from 'vitest';
import { loadAlliance } from './alliance.ts';
import { simplifyRing, svgMap } from './svg-map.ts';

describe('SVG map', () => {
  it('simplifies a ring: keeps corners, drops points closer than the tolerance', () => {
    const ring: Array<[number, number]> = [
      [0, 0],
      [1, 0.0001],
      [2, 0],
      [2, 2],
      [1, 2.5],
      [0, 2],
      [0, 0],
    ];
    expect(simplifyRing(ring, 0.001)).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [1, 2.5],
      [0, 2],
      [0, 0],
    ]);
  });

  it('draws Chengdu with its county-level units and places a point inside the frame', () => {
    const map = svgMap(loadAlliance(), ['510100'], {
      width: 600,
      points: [
        [104.0657, 30.6574],
        [110, 40],
      ],
    });
    expect(map.width).toBe(600);
    expect(map.height).toBeGreaterThan(300);
    expect(map.cities.map((c) => c.name.zh)).toEqual(['成都市']);
    expect(map.counties.length).toBe(20);
    expect(map.counties.every((c) => /^M[\d.]+ [\d.]+L/.test(c.path))).toBe(true);
    expect(map.points[0]).toMatchObject({ x: expect.any(Number), y: expect.any(Number) });
    expect(map.points[1]).toBeNull();
    // Simplified enough to send to a phone: the whole Chengdu map stays well under 100 kB.
    expect(JSON.stringify(map).length).toBeLessThan(100_000);
  });

  it('draws two cities together for a border case', () => {
    const map = svgMap(loadAlliance(), ['510100', '510600']);
    expect(map.cities.map((c) => c.adcode).sort()).toEqual(['510100', '510600']);
  });
});
