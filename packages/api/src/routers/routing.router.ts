import { RoutePreviewInput } from '../inputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import { previewRoute } from '../use-cases/preview-route.ts';

export const routingRouter = router({
  preview: authedProcedure.input(RoutePreviewInput).query(previewRoute),
});
