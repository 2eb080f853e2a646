import { RoutePreviewInput } from '../inputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import { previewRoute } from '../use-cases/preview-route.ts';

export const routingRouter = router({
  preview: authedProcedure
    .input(RoutePreviewInput)
    .query(({ ctx, input }) => previewRoute({ db: ctx.db, alliance: ctx.alliance, clock: ctx.clock, request: input })),
});
