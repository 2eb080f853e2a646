import { ApiKeyInput, ApiKeyRef } from '../inputs.ts';
import { adminProcedure, router } from '../trpc.ts';
import { issueApiKey } from '../use-cases/issue-api-key.ts';
import { listApiKeys } from '../use-cases/list-api-keys.ts';
import { revokeApiKey } from '../use-cases/revoke-api-key.ts';

/** Open311 clients' keys: the alliance's administrators only (the use cases check the scope). */
export const open311Router = router({
  /** The clients with their use; never a key. */
  keys: adminProcedure.query(listApiKeys),
  /** An api_key for a civic-reporting client; the key is in this answer only (stored hashed). */
  issueKey: adminProcedure.input(ApiKeyInput).mutation(issueApiKey),
  revokeKey: adminProcedure.input(ApiKeyRef).mutation(revokeApiKey),
});
