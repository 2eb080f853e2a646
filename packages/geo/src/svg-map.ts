import type { Alliance, Division } from './alliance.ts';
import { bboxOf, type Polygon, type Position, type Ring } from './polygon.ts';

export interface SvgArea extends Division {
  /** SVG path data in the map's own coordinates */
  path: string;
}

/** How lon/lat become map coordinates (equirectangular, x scaled by cos of the mid latitude). */
export interface SvgFrame {
  width: number;
  height: number;
  minLon: number;
  maxLat: number;
  /** x stretch (cos of the middle latitude) */
  k: number;
  /** map units per degree of latitude */
  scale: number;
}

/** A point in map coordinates, or null outside the frame. */
export function placePoint(frame: SvgFrame, lon: number, lat: number): { x: number; y: number } | null {
  const x = (lon - frame.minLon) * frame.k * frame.scale;
  const y = (frame.maxLat - lat) * frame.scale;
  return x >= 0 && x <= frame.width && y >= 0 && y <= frame.height ? { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 } : null;
}

export interface SvgMap {
  frame: SvgFrame;
  width: number;
  height: number;
  cities: SvgArea[];
  counties: SvgArea[];
  /** the points asked for, in map coordinates (null when outside the drawn frame) */
  points: Array<{ x: number; y: number } | null>;
}

/** Squared distance from p to the segment a–b (plane approximation; fine for simplifying at map scale). */
function segmentDistance2(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Douglas–Peucker: keeps the points that move the line by more than `tolerance` (degrees). */
export function simplifyRing(ring: Ring, tolerance: number): Position[] {
  if (ring.length <= 4) return [...ring];
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, ring.length - 1]];
  const tol2 = tolerance * tolerance;
  for (let range = stack.pop(); range; range = stack.pop()) {
    const [first, last] = range;
    const from = ring[first];
    const to = ring[last];
    if (!from || !to) continue;
    let worst = -1;
    let worstD = tol2;
    for (let i = first + 1; i < last; i++) {
      const point = ring[i];
      if (!point) continue;
      const d = segmentDistance2(point, from, to);
      if (d > worstD) {
        worst = i;
        worstD = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return ring.filter((_, i) => keep[i] === 1);
}

/**
 * An SVG map of some alliance cities with their county-level units, drawn without any tile server:
 * an equirectangular projection scaled by cos(latitude), boundaries simplified to `tolerance`.
 */
export function svgMap(
  alliance: Alliance,
  cityAdcodes: readonly string[],
  options: { width?: number; tolerance?: number; points?: Array<[number, number]> } = {},
): SvgMap {
  const width = options.width ?? 640;
  const tolerance = options.tolerance ?? 0.002;
  const wanted = new Set(cityAdcodes);
  const cityAreas = alliance.boundaries('city').filter((c) => wanted.has(c.adcode));
  const countyAreas = alliance.boundaries('county').filter((c) => wanted.has(alliance.county(c.adcode)?.cityAdcode ?? ''));
  const box = bboxOf(cityAreas.flatMap((c) => c.polygons));
  const k = Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
  const scale = width / ((box.maxLon - box.minLon) * k);
  const height = Math.ceil((box.maxLat - box.minLat) * scale);
  const frame: SvgFrame = { width, height, minLon: box.minLon, maxLat: box.maxLat, k, scale };
  const project = (lon: number, lat: number) => ({ x: (lon - box.minLon) * k * scale, y: (box.maxLat - lat) * scale });
  const pathOf = (polygons: readonly Polygon[]) =>
    polygons
      .flatMap((polygon) => polygon)
      .map((ring) => simplifyRing(ring, tolerance))
      .filter((ring) => ring.length >= 4)
      .map(
        (ring) =>
          'M' +
          ring
            .map(([lon, lat]) => {
              const p = project(lon, lat);
              return `${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
            })
            .join('L') +
          'Z',
      )
      .join('');
  const name = (adcode: string, level: 'city' | 'county'): Division => {
    const d = level === 'city' ? alliance.city(adcode) : alliance.county(adcode);
    return { adcode, name: d?.name ?? { zh: adcode, en: adcode } };
  };
  return {
    frame,
    width,
    height,
    cities: cityAreas.map((c) => ({ ...name(c.adcode, 'city'), path: pathOf(c.polygons) })),
    counties: countyAreas.map((c) => ({ ...name(c.adcode, 'county'), path: pathOf(c.polygons) })),
    points: (options.points ?? []).map(([lon, lat]) => placePoint(frame, lon, lat)),
  };
}
