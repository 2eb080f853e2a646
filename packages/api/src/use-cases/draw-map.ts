import { placePoint, svgMap, type SvgMap } from '@gongzhi/geo';
import type { UseCaseContext } from '../context.ts';

/** Maps of one or more cities are the same for everyone: built once per set of cities. */
const maps = new Map<string, Omit<SvgMap, 'points'>>();

/** An SVG map of the given cities and their districts, with the given points placed on it. */
export function drawMap({ ctx, input }: { ctx: Omit<UseCaseContext<'alliance'>, 'db'>; input: { cities: string[]; points: Array<[number, number]> } }) {
  const cities = [...new Set(input.cities)].sort();
  const key = cities.join(',');
  let base = maps.get(key);
  if (!base) {
    const { points: _, ...rest } = svgMap(ctx.alliance, cities);
    base = rest;
    maps.set(key, base);
  }
  const frame = base.frame;
  return { ...base, points: input.points.map(([lon, lat]) => placePoint(frame, lon, lat)) };
}
