import { ApiKeyInput } from '../inputs.ts';
import { roleProcedure, router } from '../trpc.ts';
import { issueApiKey } from '../use-cases/issue-api-key.ts';

export const open311Router = router({
  /** An api_key for a civic-reporting client; the key is in this answer only (stored hashed). */
  issueKey: roleProcedure('admin')
    .input(ApiKeyInput)
    .mutation(({ ctx, input }) => issueApiKey({ ctx, input: { ...input, by: ctx.principal.username } })),
});
