import gcoord from 'gcoord';

export type Crs = 'wgs84' | 'gcj02';

/** Converts a GCJ-02 point (AMap, Tencent maps) to WGS84; WGS84 passes through. */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [x, y];
}
