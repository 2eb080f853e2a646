import { verifyAudit as verify } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** Recomputes every audit chain and names the first broken entry of each; with the audit key, checks every chain against the signed checkpoints, folded. */
export const verifyAudit = ({ ctx }: { ctx: UseCaseContext<'auditCheckpoint'> }) => {
  const checkpoint = ctx.auditCheckpoint?.();
  return verify(ctx.db, checkpoint ? { checkpoint } : {});
};
