import { DomainError, unitId, type Clock, type DepartmentCode, type Principal } from '@gongzhi/domain';
import { findCase, loadMatrix, type Database } from '@gongzhi/db';
import { actOnWorkflow } from './act-on-workflow.ts';

/**
 * Transfer (转办) to another department of the case's city. The reason must cite a matter that
 * the current matrix gives to that department as lead; anything else is refused before the
 * workflow sees it.
 */
export async function transferCase(options: {
  db: Database;
  clock: Clock;
  principal: Principal;
  caseId: string;
  expectedVersion?: number | undefined;
  to: DepartmentCode;
  citedMatter: string;
  reason: string;
}) {
  const row = await findCase(options.db, options.caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${options.caseId}`, {});
  const matrix = await loadMatrix(options.db);
  const cited = matrix.matters.find((m) => m.code === options.citedMatter);
  if (!cited) throw new DomainError('INVALID', 'MATTER_UNKNOWN', `Unknown matter "${options.citedMatter}"`, { matter: options.citedMatter });
  if (cited.lead !== options.to) {
    throw new DomainError('INVALID', 'CITED_MATTER_NOT_LED_BY_TARGET', `Matter ${cited.code} is led by ${cited.lead}, not ${options.to}`, {
      matter: cited.code,
      lead: cited.lead,
      to: options.to,
    });
  }
  const to = unitId(row.cityAdcode, options.to);
  return actOnWorkflow({
    ...options,
    kind: 'case',
    workflowId: row.id,
    event: { type: 'TRANSFER', to, reason: options.reason, cited: { matterCode: cited.code, leadUnit: to } },
  });
}
