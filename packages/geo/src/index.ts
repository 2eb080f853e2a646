export { Alliance, loadAlliance } from './alliance.ts';
export type { City, County, Division, Location, NearbyCity, FeatureCollection, DivisionsFile } from './alliance.ts';
export { toWgs84 } from './crs.ts';
export type { Crs } from './crs.ts';
export type { Polygon, Position, Ring } from './polygon.ts';
export { svgMap, simplifyRing, placePoint } from './svg-map.ts';
export type { SvgMap, SvgArea, SvgFrame } from './svg-map.ts';
export { distanceMetres } from './polygon.ts';
