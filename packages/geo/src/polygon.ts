/** Planar geometry on lon/lat rings, plus a metric projection local to a point. */

export type Position = readonly [number, number];
export type Ring = readonly Position[];
/** A polygon is an outer ring followed by its holes. */
export type Polygon = readonly Ring[];

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function bboxOf(polygons: readonly Polygon[]): BBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < box.minLon) box.minLon = lon;
      if (lon > box.maxLon) box.maxLon = lon;
      if (lat < box.minLat) box.minLat = lat;
      if (lat > box.maxLat) box.maxLat = lat;
    }
  }
  return box;
}

export function bboxContains(box: BBox, lon: number, lat: number): boolean {
  return lon >= box.minLon && lon <= box.maxLon && lat >= box.minLat && lat <= box.maxLat;
}

/** Even-odd rule over every ring, so holes and enclaves come out right. */
export function polygonsContain(polygons: readonly Polygon[], lon: number, lat: number): boolean {
  let inside = false;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[i];
        const b = ring[j];
        if (!a || !b) continue;
        const [xi, yi] = a;
        const [xj, yj] = b;
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;

/** Metres per degree of longitude and latitude around a latitude (equirectangular; fine over a few km). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  return { lon: METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((lat * Math.PI) / 180), lat: METRES_PER_DEGREE_LAT };
}

/** Distance in metres from a point to the segment a–b, all in lon/lat, projected around the point. */
export function segmentDistanceMetres(lon: number, lat: number, a: Position, b: Position, scale: { lon: number; lat: number }): number {
  const ax = (a[0] - lon) * scale.lon;
  const ay = (a[1] - lat) * scale.lat;
  const bx = (b[0] - lon) * scale.lon;
  const by = (b[1] - lat) * scale.lat;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
  const px = ax + t * dx;
  const py = ay + t * dy;
  return Math.sqrt(px * px + py * py);
}

const EARTH_RADIUS_METRES = 6_371_008.8;

/** Great-circle distance in metres between two WGS84 points (haversine). */
export function distanceMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}
