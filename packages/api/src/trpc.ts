import { initTRPC } from '@trpc/server';
import { requireRole, DomainError, type Role } from '@gongzhi/domain';
import type { Context } from './context.ts';
import { errorData, toTRPCError } from './errors.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Never a stack trace to the client; a reason key the portal can translate instead.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal error' : shape.message, data: { ...data, ...errorData(error) } };
  },
});

/** Domain errors leave every procedure as tRPC errors with the mapped code. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error.cause instanceof DomainError ? result.error.cause : result.error);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal || !ctx.session) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Please sign in');
  return next({ ctx: { ...ctx, principal: ctx.principal, session: ctx.session } });
});

export const roleProcedure = (...roles: Role[]) =>
  authedProcedure.use(({ ctx, next }) => {
    requireRole(ctx.principal, roles);
    return next();
  });
