import { initTRPC } from '@trpc/server';
import { controlCharacterAt, requireRole, DomainError, type Role } from '@gongzhi/domain';
import type { Context } from './context.ts';
import { errorData, toTRPCError } from './errors.ts';
import { administratorOf } from './use-cases/administrator.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    // Never a stack trace to the client; a reason key the portal can translate instead, and for a
    // fault the request id it was logged under.
    const { stack: _stack, ...data } = shape.data;
    const fault = error.code === 'INTERNAL_SERVER_ERROR';
    const reason = errorData(error);
    if (fault && ctx) reason.params = { ...reason.params, requestId: ctx.requestId };
    return { ...shape, message: fault ? 'Internal error' : shape.message, data: { ...data, ...reason } };
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
/** No string of any input may carry control characters (NUL cannot be stored; none belongs in a feed). */
const plainText = t.middleware(async ({ getRawInput, next }) => {
  const field = controlCharacterAt(await getRawInput());
  if (field !== null) throw new DomainError('INVALID', 'TEXT_CONTROL_CHARACTER', `A control character in ${field}`, { field });
  return next();
});

export const publicProcedure = t.procedure.use(mapErrors).use(plainText);

/** What someone signed in with a temporary password may do before changing it. */
const WHILE_PASSWORD_TEMPORARY = new Set(['account.changePassword', 'auth.logout']);

export const authedProcedure = publicProcedure.use(({ ctx, path, next }) => {
  if (!ctx.principal || !ctx.session) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Please sign in');
  if (ctx.principal.mustChangePassword && !WHILE_PASSWORD_TEMPORARY.has(path)) {
    throw new DomainError('FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'Change the temporary password first');
  }
  // Only what changes: tRPC merges it into the context (passing every service again cost a property
  // definition per service on every call).
  return next({ ctx: { principal: ctx.principal, session: ctx.session } });
});

export const roleProcedure = (...roles: Role[]) =>
  authedProcedure.use(({ ctx, next }) => {
    requireRole(ctx.principal, roles);
    return next();
  });

/** Administrators only; each use case then keeps to the administrator's scopes (their city, or the alliance). */
export const adminProcedure = roleProcedure('admin').use(({ ctx, next }) => next({ ctx: { administrator: administratorOf(ctx.principal) } }));
