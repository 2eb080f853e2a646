import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Flatbush from 'flatbush';
import type { BBox, Polygon } from './polygon.ts';
import { bboxOf, metresPerDegree, polygonsContain } from './polygon.ts';
import { EdgeIndex } from './edge-index.ts';
import { ENGLISH_NAMES } from './divisions.ts';

export interface Division {
  adcode: string;
  name: { zh: string; en: string };
}
export interface City extends Division {
  counties: Division[];
}
export interface County extends Division {
  cityAdcode: string;
  kind: string;
}
export interface Location {
  city: Division;
  county: Division;
}
export interface NearbyCity extends Division {
  distanceMetres: number;
}

/** Any GeoJSON FeatureCollection whose features carry `adcode` and `name` (and `parent_adcode` for counties). */
export interface FeatureCollection {
  features: Array<{
    properties: { adcode: string; name: string; parent_adcode?: string };
    geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
  }>;
}

export interface DivisionsFile {
  cities: Array<{ adcode: string; name: string; children: Array<{ adcode: string; name: string; type: string }> }>;
}

interface Area {
  adcode: string;
  polygons: readonly Polygon[];
  box: BBox;
}
/** A county's boundary (its edges indexed) with the county and city it places a point in. */
interface CountyArea extends Area {
  location: { city: City; county: County };
  edges: EdgeIndex;
}
/** A city's boundary with its name and the index of its border segments. */
interface CityArea extends Area {
  division: Division;
  border: EdgeIndex;
}

function areasOf(collection: FeatureCollection): Area[] {
  return collection.features.map((feature) => {
    const g = feature.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return { adcode: feature.properties.adcode, polygons, box: bboxOf(polygons) };
  });
}

function division(adcode: string, zh: string): Division {
  return { adcode, name: { zh, en: ENGLISH_NAMES[adcode] ?? zh } };
}

/**
 * The four alliance cities and their county-level units: point lookup (bounding boxes first,
 * then point-in-polygon on the few candidates) and distance to the other cities' boundaries.
 */
export class Alliance {
  readonly cities: City[];
  readonly counties: County[];
  private readonly countyAreas: CountyArea[];
  private readonly cityAreas: CityArea[];
  /** The counties' bounding boxes in a packed R-tree: the few candidates a point may be in. */
  private readonly countyTree: Flatbush;
  private readonly byAdcode = new Map<string, Division>();

  constructor(divisions: DivisionsFile, counties: FeatureCollection, cities: FeatureCollection) {
    this.cities = divisions.cities.map((c) => ({
      ...division(c.adcode, c.name),
      counties: c.children.map((child) => division(child.adcode, child.name)),
    }));
    this.counties = divisions.cities.flatMap((c) =>
      c.children.map((child) => ({ ...division(child.adcode, child.name), cityAdcode: c.adcode, kind: child.type })),
    );
    for (const d of [...this.cities, ...this.counties]) this.byAdcode.set(d.adcode, d);
    const listed = <T>(adcode: string, found: T | undefined): T => {
      if (found === undefined) throw new Error(`boundary ${adcode} has no entry in the divisions list`);
      return found;
    };
    this.countyAreas = areasOf(counties).map((area) => {
      const county = listed(area.adcode, this.county(area.adcode));
      const location = { city: listed(county.cityAdcode, this.city(county.cityAdcode)), county };
      return { ...area, location, edges: new EdgeIndex(area.polygons) };
    });
    this.countyTree = new Flatbush(Math.max(1, this.countyAreas.length), 4);
    for (const { box } of this.countyAreas) this.countyTree.add(box.minLon, box.minLat, box.maxLon, box.maxLat);
    if (this.countyAreas.length === 0) this.countyTree.add(0, 0, 0, 0);
    this.countyTree.finish();
    this.cityAreas = areasOf(cities).map((area) => ({
      ...area,
      division: listed(area.adcode, this.division(area.adcode)),
      border: new EdgeIndex(area.polygons),
    }));
  }

  /** The first county (in file order) containing the point, of those `accept` lets through. */
  private countyAt(lon: number, lat: number, accept?: (area: CountyArea) => boolean): CountyArea | undefined {
    const candidates = this.countyTree.search(lon, lat, lon, lat);
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    for (const i of candidates) {
      const area = this.countyAreas[i];
      if (area && (!accept || accept(area)) && area.edges.contains(lon, lat)) return area;
    }
    return undefined;
  }

  division(adcode: string): Division | undefined {
    return this.byAdcode.get(adcode);
  }

  city(adcode: string): City | undefined {
    return this.cities.find((c) => c.adcode === adcode);
  }

  county(adcode: string): County | undefined {
    return this.counties.find((c) => c.adcode === adcode);
  }

  /** The county-level unit (and its city) containing a WGS84 point, or null outside the alliance. */
  locate(lon: number, lat: number): Location | null {
    const area = this.countyAt(lon, lat);
    return area ? { ...area.location } : null;
  }

  /**
   * A written address placed coarsely: the county-level unit its text names (the longest name
   * found; a city named in it settles names shared across cities) and a point well inside that
   * unit. Null when the text names no county of the alliance. Good enough to route, not to map.
   */
  placeAddress(text: string): { lon: number; lat: number; county: County } | null {
    const short = (name: string) => name.replace(/(市|区|县)$/, '');
    const cities = this.cities.filter((c) => text.includes(c.name.zh) || text.includes(short(c.name.zh)));
    let best: County | null = null;
    for (const county of this.counties) {
      if (cities.length > 0 && !cities.some((c) => c.adcode === county.cityAdcode)) continue;
      const named = text.includes(county.name.zh) || (short(county.name.zh).length >= 2 && text.includes(short(county.name.zh)));
      if (named && (!best || county.name.zh.length > best.name.zh.length)) best = county;
    }
    if (!best) return null;
    const point = this.interiorPoint(best.adcode);
    return point ? { ...point, county: best } : null;
  }

  private readonly interiorPoints = new Map<string, { lon: number; lat: number } | null>();

  /** A point inside a county: the middle of its bounding box if inside, else the inside grid point nearest to it. */
  private interiorPoint(adcode: string): { lon: number; lat: number } | null {
    const known = this.interiorPoints.get(adcode);
    if (known !== undefined) return known;
    const area = this.countyAreas.find((a) => a.adcode === adcode);
    if (!area) return null;
    const mid = { lon: (area.box.minLon + area.box.maxLon) / 2, lat: (area.box.minLat + area.box.maxLat) / 2 };
    let found: { lon: number; lat: number } | null = polygonsContain(area.polygons, mid.lon, mid.lat) ? mid : null;
    if (!found) {
      let bestD = Infinity;
      const steps = 40;
      for (let i = 1; i < steps; i++) {
        for (let j = 1; j < steps; j++) {
          const lon = area.box.minLon + ((area.box.maxLon - area.box.minLon) * i) / steps;
          const lat = area.box.minLat + ((area.box.maxLat - area.box.minLat) * j) / steps;
          const d = (lon - mid.lon) ** 2 + (lat - mid.lat) ** 2;
          if (d < bestD && polygonsContain(area.polygons, lon, lat)) {
            bestD = d;
            found = { lon, lat };
          }
        }
      }
    }
    const rounded = found ? { lon: Math.round(found.lon * 1e6) / 1e6, lat: Math.round(found.lat * 1e6) / 1e6 } : null;
    this.interiorPoints.set(adcode, rounded);
    return rounded;
  }

  /** The baseline the benchmark compares against: every polygon tested, no bounding boxes. */
  locateByScan(lon: number, lat: number): Location | null {
    for (const area of this.countyAreas) {
      if (!polygonsContain(area.polygons, lon, lat)) continue;
      return { ...area.location };
    }
    return null;
  }

  /** Alliance cities other than `exceptCity` whose territory lies within `radiusMetres` of the point. */
  citiesWithin(lon: number, lat: number, radiusMetres: number, exceptCity?: string): NearbyCity[] {
    const nearby: NearbyCity[] = [];
    const scale = metresPerDegree(lat);
    const dLon = radiusMetres / scale.lon;
    const dLat = radiusMetres / scale.lat;
    for (const area of this.cityAreas) {
      if (area.adcode === exceptCity) continue;
      // Farther than the radius from the city's bounding box: no edge of it can be near.
      const { box } = area;
      if (lon < box.minLon - dLon || lon > box.maxLon + dLon || lat < box.minLat - dLat || lat > box.maxLat + dLat) continue;
      // Near the boundary first (the edges in a small box); only then is the containment test worth
      // doing, for the small overlaps along borders where a point lies inside both cities.
      let distance = area.border.nearestWithin(lon, lat, radiusMetres);
      if (distance !== null && this.inCity(area.adcode, lon, lat)) distance = 0;
      if (distance !== null) {
        const { adcode, name } = area.division;
        nearby.push({ adcode, name, distanceMetres: Math.round(distance) });
      }
    }
    return nearby.sort((a, b) => a.distanceMetres - b.distanceMetres);
  }

  /** Containment through the city's counties: small polygons behind bounding boxes beat one big ring. */
  private inCity(cityAdcode: string, lon: number, lat: number): boolean {
    return this.countyAt(lon, lat, (area) => area.location.county.cityAdcode === cityAdcode) !== undefined;
  }

  /** Whole boundaries, for maps. */
  boundaries(level: 'city' | 'county'): Array<{ adcode: string; polygons: readonly Polygon[] }> {
    return (level === 'city' ? this.cityAreas : this.countyAreas).map(({ adcode, polygons }) => ({ adcode, polygons }));
  }
}

const dataFile = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));
const readJson = <T>(name: string): T => JSON.parse(readFileSync(dataFile(name), 'utf8')) as T;

let shared: Alliance | undefined;

/** The alliance built from the boundary files shipped in `data/` (loaded once per process). */
export function loadAlliance(): Alliance {
  shared ??= new Alliance(
    readJson<DivisionsFile>('divisions.json'),
    readJson<FeatureCollection>('alliance-counties.geojson'),
    readJson<FeatureCollection>('alliance-cities.geojson'),
  );
  return shared;
}
