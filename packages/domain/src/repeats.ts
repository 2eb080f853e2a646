import { distanceMetres } from '@gongzhi/geo';

/** A new case of the same matter this close to an earlier one repeats it (重复投诉). */
export const REPEAT_RADIUS_METRES = 100;
/** ...if the earlier one is still open or closed at most this many days ago (configurable). */
export const DEFAULT_REPEAT_WINDOW_DAYS = 30;

export interface EarlierCase {
  id: string;
  matterCode: string | null;
  lon: number;
  lat: number;
  closedAt: Date | null;
  /** the case it itself repeats, if any: repeats link to the first case of the chain */
  repeatOf: string | null;
}

/** The box to search the database in: every point within `radius` of (lon, lat) lies inside it. */
export function searchBox(lon: number, lat: number, radius = REPEAT_RADIUS_METRES) {
  const dLat = radius / 111_000;
  const dLon = radius / (111_000 * Math.cos((lat * Math.PI) / 180));
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}

/**
 * The case a new one repeats: the nearest earlier case of the same matter within 100 m that is open
 * or was closed within the window; the first case of its chain when that one is a repeat whose
 * original is itself still open or recently closed (and among `earlier`).
 */
export function findRepeatOf(
  fresh: { matterCode: string; lon: number; lat: number; at: Date },
  earlier: readonly EarlierCase[],
  windowDays = DEFAULT_REPEAT_WINDOW_DAYS,
  radius = REPEAT_RADIUS_METRES,
): string | null {
  const cutoff = fresh.at.getTime() - windowDays * 86_400_000;
  const live = (e: EarlierCase) => e.matterCode === fresh.matterCode && (!e.closedAt || e.closedAt.getTime() >= cutoff);
  let best: { e: EarlierCase; d: number } | null = null;
  for (const e of earlier) {
    if (!live(e)) continue;
    const d = distanceMetres(fresh, e);
    if (d <= radius && (!best || d < best.d)) best = { e, d };
  }
  if (!best) return null;
  // Counted against the first case of the chain while that one is itself still open or recent.
  const root = best.e.repeatOf ? earlier.find((e) => e.id === best.e.repeatOf) : undefined;
  return root && live(root) ? root.id : best.e.id;
}
