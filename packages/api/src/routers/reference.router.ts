import { z } from 'zod';
import { placePoint, svgMap, type SvgMap } from '@gongzhi/geo';
import { MatterCode } from '../inputs.ts';
import { publicProcedure, router } from '../trpc.ts';
import { compareCityStandards } from '../use-cases/compare-standards.ts';

const CityCode = z.string().regex(/^\d{6}$/);

/** Maps of one or more cities are the same for everyone: built once per set of cities. */
const maps = new Map<string, Omit<SvgMap, 'points'>>();

// Standards and boundaries are public information, like the responsibility list.
export const standardsRouter = router({
  compare: publicProcedure
    .input(z.object({ matterCode: MatterCode.optional(), cities: z.array(CityCode).min(1).max(4).optional() }).default({}))
    .query(({ ctx, input }) => compareCityStandards({ db: ctx.db, ...input })),
});

export const geoRouter = router({
  /** An SVG map of the given cities and their districts, with the given points placed on it. */
  map: publicProcedure
    .input(
      z.object({
        cities: z.array(CityCode).min(1).max(4),
        points: z
          .array(z.tuple([z.number(), z.number()]))
          .max(50)
          .default([]),
      }),
    )
    .query(({ ctx, input }) => {
      const cities = [...new Set(input.cities)].sort();
      const key = cities.join(',');
      let base = maps.get(key);
      if (!base) {
        const { points: _, ...rest } = svgMap(ctx.alliance, cities);
        base = rest;
        maps.set(key, base);
      }
      return { ...base, points: input.points.map(([lon, lat]) => placePoint(base.frame, lon, lat)) };
    }),
});
