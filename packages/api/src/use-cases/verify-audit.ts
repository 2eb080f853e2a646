import { verifyAudit as verify } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** Recomputes every audit chain and names the first broken entry of each. */
export const verifyAudit = ({ ctx }: { ctx: UseCaseContext }) => verify(ctx.db);
