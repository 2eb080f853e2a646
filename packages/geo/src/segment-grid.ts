import type { Polygon, Position } from './polygon.ts';
import { metresPerDegree, segmentDistanceMetres } from './polygon.ts';

/**
 * A uniform grid over the boundary segments of one area, so "how far is this point from the
 * boundary" looks at the few segments near the point instead of every edge of the polygon.
 */
export class SegmentGrid {
  private readonly cells = new Map<number, Array<readonly [Position, Position]>>();

  constructor(
    polygons: readonly Polygon[],
    private readonly cellDegrees = 0.02,
  ) {
    for (const polygon of polygons) {
      for (const ring of polygon) {
        let previous: (typeof ring)[number] | undefined;
        for (const point of ring) {
          if (previous) this.add(previous, point);
          previous = point;
        }
        const first = ring[0];
        const last = ring[ring.length - 1];
        if (first && last && (first[0] !== last[0] || first[1] !== last[1])) this.add(last, first);
      }
    }
  }

  private key(col: number, row: number): number {
    return col * 100_000 + row;
  }

  private add(a: Position, b: Position): void {
    const size = this.cellDegrees;
    const c0 = Math.floor(Math.min(a[0], b[0]) / size);
    const c1 = Math.floor(Math.max(a[0], b[0]) / size);
    const r0 = Math.floor(Math.min(a[1], b[1]) / size);
    const r1 = Math.floor(Math.max(a[1], b[1]) / size);
    for (let c = c0; c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        const k = this.key(c, r);
        const list = this.cells.get(k);
        if (list) list.push([a, b]);
        else this.cells.set(k, [[a, b]]);
      }
    }
  }

  /** Shortest distance in metres to the boundary, or null when no edge lies within `radiusMetres`. */
  nearestWithin(lon: number, lat: number, radiusMetres: number): number | null {
    const scale = metresPerDegree(lat);
    const size = this.cellDegrees;
    const c0 = Math.floor((lon - radiusMetres / scale.lon) / size);
    const c1 = Math.floor((lon + radiusMetres / scale.lon) / size);
    const r0 = Math.floor((lat - radiusMetres / scale.lat) / size);
    const r1 = Math.floor((lat + radiusMetres / scale.lat) / size);
    let best = Infinity;
    for (let c = c0; c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        const list = this.cells.get(this.key(c, r));
        if (!list) continue;
        for (const [a, b] of list) {
          const d = segmentDistanceMetres(lon, lat, a, b, scale);
          if (d < best) best = d;
        }
      }
    }
    return best <= radiusMetres ? best : null;
  }
}
