import { roleProcedure, router } from '../trpc.ts';
import { verifyAudit } from '../use-cases/verify-audit.ts';

export const auditRouter = router({
  verify: roleProcedure('admin', 'leadership').query(verifyAudit),
});
