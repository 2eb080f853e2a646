import { router } from './trpc.ts';
import { authRouter } from './routers/auth.router.ts';
import { matrixRouter } from './routers/matrix.router.ts';
import { routingRouter } from './routers/routing.router.ts';
import { caseRouter } from './routers/case.router.ts';
import { inboxRouter } from './routers/inbox.router.ts';
import { geoRouter, standardsRouter } from './routers/reference.router.ts';
import { kpiRouter, open311Router, publicRouter } from './routers/public.router.ts';
import { auditRouter, crossCityRouter, disputeRouter, harmonisationRouter, jointRouter, transferRouter } from './routers/workflow.router.ts';

export const appRouter = router({
  auth: authRouter,
  matrix: matrixRouter,
  routing: routingRouter,
  case: caseRouter,
  inbox: inboxRouter,
  transfer: transferRouter,
  dispute: disputeRouter,
  joint: jointRouter,
  crossCity: crossCityRouter,
  harmonisation: harmonisationRouter,
  audit: auditRouter,
  standards: standardsRouter,
  geo: geoRouter,
  public: publicRouter,
  kpi: kpiRouter,
  open311: open311Router,
});

export type AppRouter = typeof appRouter;
