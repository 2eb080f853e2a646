import { blankSessionCookie, invalidateSession, login, sessionCookie } from '@gongzhi/auth';
import { LoginInput } from '../inputs.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.db, ctx.clock, input.username, input.password, ctx.clientAddress, ctx.userAgent);
    ctx.setCookie(sessionCookie(result.token, result.expiresAt, { secure: ctx.secureCookies }));
    return { principal: result.principal, expiresAt: result.expiresAt.toISOString() };
  }),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await invalidateSession(ctx.db, ctx.session.id);
    ctx.setCookie(blankSessionCookie({ secure: ctx.secureCookies }));
    return { ok: true as const };
  }),
  /** The signed-in user, or null: the portal asks this first. */
  me: publicProcedure.query(({ ctx }) => ctx.principal),
});
