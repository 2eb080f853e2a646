import { describe, expect, it } from 'vitest';
import { publicPosition } from './disclosure.ts';

/** metres between two nearby points (equirectangular: exact enough over a few hundred metres) */
const metresBetween = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
  Math.hypot((a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);

describe('publicPosition', () => {
  it('publishes the centre of the point’s 0.001° cell: within about 75 m, the same for every point of the cell', () => {
    expect(publicPosition(104.065712, 30.657431)).toEqual({ lon: 104.0655, lat: 30.6575 });
    expect(publicPosition(104.0651, 30.6579)).toEqual({ lon: 104.0655, lat: 30.6575 });
    for (const [lon, lat] of [
      [104.0657, 30.6574],
      [104.0, 30.0],
      [104.39999, 31.12701],
      [103.8312, 30.0469],
    ] as const) {
      const p = publicPosition(lon, lat);
      expect(metresBetween({ lon, lat }, p)).toBeLessThan(80);
      expect(publicPosition(p.lon, p.lat)).toEqual(p);
    }
  });
});
