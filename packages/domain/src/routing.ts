import type { Alliance, Crs, Division, NearbyCity } from '@gongzhi/geo';
import { toWgs84 } from '@gongzhi/geo';
import type { Clock } from './clock.ts';
import { invalid } from './errors.ts';
import type { MatrixVersion } from './matrix.ts';
import { findMatter, routingMatter } from './matrix.ts';
import type { DepartmentCode, DomainCode, ResolutionLimit, Tier } from './reference.ts';
import { RESPONSE_HOURS, unitId } from './reference.ts';

/** Other alliance cities closer than this make a case a border case. */
export const BORDER_RADIUS_METRES = 2_000;

export interface RouteRequest {
  matter: string;
  lon: number;
  lat: number;
  /** Coordinate system of lon/lat; WGS84 unless the caller says GCJ-02 (AMap, Tencent maps). */
  crs?: Crs;
  /** Adcode of the alliance city where the case was reported, when known. */
  reportedIn?: string;
}

export interface UnitRef {
  id: string;
  cityAdcode: string;
  department: DepartmentCode;
}

export interface Route {
  matrixVersion: number;
  matter: { code: string; domain: DomainCode; joint: boolean };
  /** WGS84, after any conversion. */
  point: { lon: number; lat: number };
  city: Division;
  county: Division;
  lead: UnitRef;
  supports: UnitRef[];
  tier: Tier;
  /** the matter's resolution limit (处置时限): the deadline runs from the claim */
  resolutionLimit: ResolutionLimit;
  routedAt: string;
  respondBy: string;
  borderCities: NearbyCity[];
  reportedIn: Division | null;
  /** Reported in one alliance city about a place in another. */
  crossCity: boolean;
}

export interface RoutingContext {
  matrix: MatrixVersion;
  alliance: Alliance;
  clock: Clock;
}

function checkCoordinates(lon: number, lat: number): void {
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw invalid('LONGITUDE_OUT_OF_RANGE', `Longitude ${lon} is not between -180 and 180`, { lon: String(lon) });
  }
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw invalid('LATITUDE_OUT_OF_RANGE', `Latitude ${lat} is not between -90 and 90`, { lat: String(lat) });
  }
}

const unit = (cityAdcode: string, department: DepartmentCode): UnitRef => ({
  id: unitId(cityAdcode, department),
  cityAdcode,
  department,
});

/**
 * Decides whose job a case is: the matter's lead and supports in the city where the case is,
 * its response deadline by tier, and whether it concerns another alliance city.
 */
/** Where a report is: the point in WGS84, its city and county, nearby alliance cities, where it was reported. */
export interface Placement {
  point: { lon: number; lat: number };
  city: Division;
  county: Division;
  borderCities: NearbyCity[];
  reportedIn: Division | null;
  crossCity: boolean;
}

export type PlaceRequest = Omit<RouteRequest, 'matter'>;

/** Locates a report inside the alliance (no matter needed): the first half of routing. */
export function placeCase(alliance: Alliance, request: PlaceRequest): Placement {
  checkCoordinates(request.lon, request.lat);
  const [lon, lat] = toWgs84(request.lon, request.lat, request.crs ?? 'wgs84');
  const location = alliance.locate(lon, lat);
  if (!location) {
    throw invalid('OUTSIDE_ALLIANCE', `(${lon.toFixed(6)}, ${lat.toFixed(6)}) is outside Chengdu, Deyang, Meishan and Ziyang`, {
      lon: lon.toFixed(6),
      lat: lat.toFixed(6),
    });
  }
  let reportedIn: Division | null = null;
  if (request.reportedIn !== undefined) {
    const city = alliance.city(request.reportedIn);
    if (city) reportedIn = { adcode: city.adcode, name: city.name };
    else {
      throw invalid('REPORTED_IN_UNKNOWN', `"${request.reportedIn}" is not the code of an alliance city`, {
        adcode: request.reportedIn,
      });
    }
  }
  const cityAdcode = location.city.adcode;
  return {
    point: { lon, lat },
    city: { adcode: cityAdcode, name: location.city.name },
    county: { adcode: location.county.adcode, name: location.county.name },
    borderCities: alliance.citiesWithin(lon, lat, BORDER_RADIUS_METRES, cityAdcode),
    reportedIn,
    crossCity: reportedIn !== null && reportedIn.adcode !== cityAdcode,
  };
}

export function routeCase(ctx: RoutingContext, request: RouteRequest): Route {
  const matter = findMatter(ctx.matrix, request.matter);
  const place = placeCase(ctx.alliance, request);
  return routePlaced(ctx, place, matter.code);
}

/** The second half of routing: a placed report and its matter give the units and the deadline. */
export function routePlaced(ctx: RoutingContext, place: Placement, matterCode: string): Route {
  // a retired matter's cases go to its successor
  const matter = routingMatter(ctx.matrix, matterCode);
  const cityAdcode = place.city.adcode;
  const now = ctx.clock.now();
  return {
    matrixVersion: ctx.matrix.version,
    matter: { code: matter.code, domain: matter.domain, joint: matter.joint },
    ...place,
    lead: unit(cityAdcode, matter.lead),
    supports: matter.supports.map((d) => unit(cityAdcode, d)),
    tier: matter.tier,
    resolutionLimit: matter.resolution,
    routedAt: now.toISOString(),
    respondBy: new Date(now.getTime() + RESPONSE_HOURS[matter.tier] * 3_600_000).toISOString(),
  };
}
