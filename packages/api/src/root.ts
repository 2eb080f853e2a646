import { router } from './trpc.ts';
import { authRouter } from './routers/auth.router.ts';
import { matrixRouter } from './routers/matrix.router.ts';
import { routingRouter } from './routers/routing.router.ts';
import { caseRouter } from './routers/case.router.ts';
import { inboxRouter } from './routers/inbox.router.ts';
import { transferRouter } from './routers/transfer.router.ts';
import { disputeRouter } from './routers/dispute.router.ts';
import { jointRouter } from './routers/joint.router.ts';
import { crossCityRouter } from './routers/cross-city.router.ts';
import { harmonisationRouter } from './routers/harmonisation.router.ts';
import { auditRouter } from './routers/audit.router.ts';
import { standardsRouter } from './routers/standards.router.ts';
import { enforcementRouter } from './routers/enforcement.router.ts';
import { registersRouter } from './routers/registers.router.ts';
import { geoRouter } from './routers/geo.router.ts';
import { publicRouter } from './routers/public.router.ts';
import { kpiRouter } from './routers/kpi.router.ts';
import { open311Router } from './routers/open311.router.ts';
import { commandRouter } from './routers/command.router.ts';
import { classifierRouter } from './routers/classifier.router.ts';
import { usersRouter } from './routers/users.router.ts';
import { accountRouter } from './routers/account.router.ts';
import { notificationsRouter } from './routers/notifications.router.ts';
import { draftsRouter } from './routers/drafts.router.ts';

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
  enforcement: enforcementRouter,
  registers: registersRouter,
  geo: geoRouter,
  public: publicRouter,
  kpi: kpiRouter,
  open311: open311Router,
  command: commandRouter,
  classifier: classifierRouter,
  users: usersRouter,
  account: accountRouter,
  notifications: notificationsRouter,
  drafts: draftsRouter,
});

export type AppRouter = typeof appRouter;
