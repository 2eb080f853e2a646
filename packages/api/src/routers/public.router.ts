import { z } from 'zod';
import { repeatCounts } from '@gongzhi/db';
import { publicProcedure, roleProcedure, router } from '../trpc.ts';
import { publicStatus, rateCase } from '../use-cases/public-status.ts';
import { issueApiKey } from '../open311/open311.ts';

const CaseNumber = z.number().int().positive().max(2_147_483_647);

/** For the public, without signing in: a case's status by its number, and the reporter's rating. */
export const publicRouter = router({
  status: publicProcedure.input(z.object({ number: CaseNumber })).query(({ ctx, input }) => publicStatus({ db: ctx.db, number: input.number })),
  rate: publicProcedure
    .input(z.object({ number: CaseNumber, code: z.string().trim().min(4).max(32), satisfied: z.boolean(), comment: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => rateCase({ db: ctx.db, clock: ctx.clock, ...input })),
});

export const kpiRouter = router({
  /** Repeat complaints (重复投诉) per unit and matter received in a period (default: the last 30 days). */
  repeats: roleProcedure('supervisor', 'coordinator', 'leadership', 'admin')
    .input(
      z
        .object({
          from: z.string().datetime({ offset: true }).optional(),
          to: z.string().datetime({ offset: true }).optional(),
          cityAdcode: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => {
      const to = input.to ? new Date(input.to) : ctx.clock.now();
      const from = input.from ? new Date(input.from) : new Date(to.getTime() - 30 * 86_400_000);
      return repeatCounts(ctx.db, { from, to, cityAdcode: input.cityAdcode });
    }),
});

export const open311Router = router({
  /** An api_key for a civic-reporting client; the key is in this answer only (stored hashed). */
  issueKey: roleProcedure('admin')
    .input(z.object({ name: z.string().trim().min(2).max(100) }))
    .mutation(({ ctx, input }) => issueApiKey(ctx.db, { name: input.name, by: ctx.principal.username, at: ctx.clock.now() })),
});
