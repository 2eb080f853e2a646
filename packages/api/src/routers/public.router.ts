import { RatingInput, StatusInput } from '../inputs.ts';
import { publicProcedure, router } from '../trpc.ts';
import { publicStatus, rateCase } from '../use-cases/public-status.ts';

/** For the public, without signing in: a case's status by its number, and the reporter's rating. */
export const publicRouter = router({
  status: publicProcedure.input(StatusInput).query(publicStatus),
  rate: publicProcedure.input(RatingInput).mutation(rateCase),
});
