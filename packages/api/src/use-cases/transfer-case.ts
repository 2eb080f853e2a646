import { DomainError, unitId, type DepartmentCode } from '@gongzhi/domain';
import { loadMatrixInForce } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actOnWorkflow } from './act-on-workflow.ts';
import { caseInScope } from './access.ts';

/**
 * Transfer (转办) to another department of the case's city. The reason must cite a matter that
 * the current matrix gives to that department as lead; anything else is refused before the
 * workflow sees it.
 */
export async function transferCase({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { caseId: string; version?: number | undefined; to: DepartmentCode; citedMatter: string; reason: string };
}) {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  const matrix = await loadMatrixInForce(ctx.db, ctx.clock.now());
  const cited = matrix.matters.find((m) => m.code === input.citedMatter);
  if (!cited) throw new DomainError('INVALID', 'MATTER_UNKNOWN', `Unknown matter "${input.citedMatter}"`, { matter: input.citedMatter });
  if (cited.lead !== input.to) {
    throw new DomainError('INVALID', 'CITED_MATTER_NOT_LED_BY_TARGET', `Matter ${cited.code} is led by ${cited.lead}, not ${input.to}`, {
      matter: cited.code,
      lead: cited.lead,
      to: input.to,
    });
  }
  const to = unitId(row.cityAdcode, input.to);
  return actOnWorkflow({
    ctx,
    input: {
      kind: 'case',
      workflowId: row.id,
      version: input.version,
      event: { type: 'TRANSFER', to, reason: input.reason, cited: { matterCode: cited.code, leadUnit: to } },
    },
  });
}
