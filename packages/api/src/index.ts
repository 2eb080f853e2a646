export { appRouter, type AppRouter } from './root.ts';
export { createContext, type Context, type Services, type UseCaseContext, type SignedInContext } from './context.ts';
export { createCallerFactory } from './trpc.ts';
export { TRPC_CODE, type ClientErrorReason, type ErrorData } from './errors.ts';
export { InboxBus, type InboxChange } from './inbox-bus.ts';
export { seedDemoCases } from './demo-cases.seed.ts';
