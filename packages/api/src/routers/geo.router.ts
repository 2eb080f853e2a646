import { MapInput } from '../inputs.ts';
import { publicProcedure, router } from '../trpc.ts';
import { drawMap } from '../use-cases/draw-map.ts';

// Boundaries are public information, like the responsibility list.
export const geoRouter = router({
  /** An SVG map of the given cities and their districts, with the given points placed on it. */
  map: publicProcedure.input(MapInput).query(drawMap),
});
