export { appRouter, type AppRouter } from './root.ts';
export { createContext, type Context, type Services, type UseCaseContext, type SignedInContext } from './context.ts';
export { createCallerFactory } from './trpc.ts';
export { TRPC_CODE, httpStatusOf, type ClientErrorReason, type ErrorData } from './errors.ts';
export { InboxBus, type InboxChange } from './inbox-bus.ts';
export { FigureCache } from './figure-cache.ts';
export { intakeQueueDepth } from './intake-queue.ts';
export { seedDemoCases } from './demo-cases.seed.ts';
export { compileBulletin, BULLETIN_TITLES, type Bulletin } from './use-cases/compile-bulletin.ts';
