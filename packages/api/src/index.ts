export { appRouter, type AppRouter } from './root.ts';
export { createContext, intakeDepsOf, type Context, type Services } from './context.ts';
export { createCallerFactory } from './trpc.ts';
export { TRPC_CODE, type ErrorData } from './errors.ts';
export { InboxBus, type InboxChange } from './inbox-bus.ts';
