import { router } from './trpc.ts';
import { authRouter } from './routers/auth.router.ts';
import { matrixRouter } from './routers/matrix.router.ts';
import { routingRouter } from './routers/routing.router.ts';

export const appRouter = router({
  auth: authRouter,
  matrix: matrixRouter,
  routing: routingRouter,
});

export type AppRouter = typeof appRouter;
