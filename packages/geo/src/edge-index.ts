import Flatbush from 'flatbush';
import type { BBox, Polygon } from './polygon.ts';
import { bboxOf, metresPerDegree } from './polygon.ts';

/**
 * The boundary edges of one area (every ring, holes included) in a packed static R-tree
 * (flatbush): containment counts the edges a short ray crosses, distance looks only at the edges
 * inside a box around the point, so neither walks the whole boundary.
 */
export class EdgeIndex {
  readonly box: BBox;
  /** x1, y1, x2, y2 of each edge, in the order they were added to the tree. */
  private readonly edges: Float64Array;
  private readonly tree: Flatbush;
  // The query's state, read by the search callbacks (bound once, so a query allocates nothing).
  private lon = 0;
  private lat = 0;
  private crossings = 0;
  private best = Infinity;
  private scaleLon = 0;
  private scaleLat = 0;

  constructor(polygons: readonly Polygon[]) {
    this.box = bboxOf(polygons);
    const flat: number[] = [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const n = ring.length;
        for (let i = 0; i < n; i++) {
          const a = ring[i];
          const b = ring[(i + 1) % n];
          if (!a || !b || (a[0] === b[0] && a[1] === b[1])) continue; // the closing point repeats the first
          flat.push(a[0], a[1], b[0], b[1]);
        }
      }
    }
    this.edges = Float64Array.from(flat);
    this.tree = new Flatbush(Math.max(1, flat.length / 4), 8);
    for (let i = 0; i < flat.length; i += 4) {
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = flat.slice(i, i + 4);
      this.tree.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
    }
    if (flat.length === 0) this.tree.add(0, 0, 0, 0);
    this.tree.finish();
  }

  /**
   * Even-odd rule, as `polygonsContain`: a ray from the point to the nearest side of the bounding
   * box, crossings counted over the edges the tree finds along it.
   */
  contains(lon: number, lat: number): boolean {
    const box = this.box;
    if (lon < box.minLon || lon > box.maxLon || lat < box.minLat || lat > box.maxLat) return false;
    this.lon = lon;
    this.lat = lat;
    this.crossings = 0;
    const east = box.maxLon - lon;
    const west = lon - box.minLon;
    const north = (box.maxLat - lat) * 1.2; // a degree of latitude is longer here: compare lengths, roughly
    const south = (lat - box.minLat) * 1.2;
    const shortest = Math.min(east, west, north, south);
    if (shortest === east) this.tree.search(lon, lat, box.maxLon, lat, this.crossEast);
    else if (shortest === west) this.tree.search(box.minLon, lat, lon, lat, this.crossWest);
    else if (shortest === north) this.tree.search(lon, lat, lon, box.maxLat, this.crossNorth);
    else this.tree.search(lon, box.minLat, lon, lat, this.crossSouth);
    return (this.crossings & 1) === 1;
  }

  /** Shortest distance in metres to the boundary, or null when no edge lies within `radiusMetres`. */
  nearestWithin(lon: number, lat: number, radiusMetres: number): number | null {
    const scale = metresPerDegree(lat);
    this.lon = lon;
    this.lat = lat;
    this.scaleLon = scale.lon;
    this.scaleLat = scale.lat;
    this.best = Infinity;
    const dLon = radiusMetres / scale.lon;
    const dLat = radiusMetres / scale.lat;
    this.tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, this.nearer);
    return this.best <= radiusMetres ? this.best : null;
  }

  // Horizontal rays: the edge straddles the point's latitude and crosses on the ray's side.
  private readonly crossEast = (i: number): boolean => {
    const e = this.edges;
    const x1 = e[4 * i] ?? 0;
    const y1 = e[4 * i + 1] ?? 0;
    const x2 = e[4 * i + 2] ?? 0;
    const y2 = e[4 * i + 3] ?? 0;
    if (y1 > this.lat !== y2 > this.lat && this.lon < ((x2 - x1) * (this.lat - y1)) / (y2 - y1) + x1) this.crossings++;
    return false;
  };

  private readonly crossWest = (i: number): boolean => {
    const e = this.edges;
    const x1 = e[4 * i] ?? 0;
    const y1 = e[4 * i + 1] ?? 0;
    const x2 = e[4 * i + 2] ?? 0;
    const y2 = e[4 * i + 3] ?? 0;
    if (y1 > this.lat !== y2 > this.lat && this.lon >= ((x2 - x1) * (this.lat - y1)) / (y2 - y1) + x1) this.crossings++;
    return false;
  };

  // Vertical rays: the same with the axes swapped.
  private readonly crossNorth = (i: number): boolean => {
    const e = this.edges;
    const x1 = e[4 * i] ?? 0;
    const y1 = e[4 * i + 1] ?? 0;
    const x2 = e[4 * i + 2] ?? 0;
    const y2 = e[4 * i + 3] ?? 0;
    if (x1 > this.lon !== x2 > this.lon && this.lat < ((y2 - y1) * (this.lon - x1)) / (x2 - x1) + y1) this.crossings++;
    return false;
  };

  private readonly crossSouth = (i: number): boolean => {
    const e = this.edges;
    const x1 = e[4 * i] ?? 0;
    const y1 = e[4 * i + 1] ?? 0;
    const x2 = e[4 * i + 2] ?? 0;
    const y2 = e[4 * i + 3] ?? 0;
    if (x1 > this.lon !== x2 > this.lon && this.lat >= ((y2 - y1) * (this.lon - x1)) / (x2 - x1) + y1) this.crossings++;
    return false;
  };

  /** Distance to one edge, projected around the point (as `segmentDistanceMetres`). */
  private readonly nearer = (i: number): boolean => {
    const e = this.edges;
    const ax = ((e[4 * i] ?? 0) - this.lon) * this.scaleLon;
    const ay = ((e[4 * i + 1] ?? 0) - this.lat) * this.scaleLat;
    const bx = ((e[4 * i + 2] ?? 0) - this.lon) * this.scaleLon;
    const by = ((e[4 * i + 3] ?? 0) - this.lat) * this.scaleLat;
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
    const px = ax + t * dx;
    const py = ay + t * dy;
    const d = Math.sqrt(px * px + py * py);
    if (d < this.best) this.best = d;
    return false;
  };
}
