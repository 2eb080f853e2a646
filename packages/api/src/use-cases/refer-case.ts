import { DomainError, findMatter, holdsRole, type Clock, type Principal } from '@gongzhi/domain';
import { caseWorkflows, findCase, loadMatrix, withEngine, type Database } from '@gongzhi/db';
import type { Alliance } from '@gongzhi/geo';
import { actorOf } from './access.ts';

/**
 * A city coordinator refers an open case to another alliance city (跨市转办): that city's
 * coordinator accepts (the case moves to its units) or rejects (the alliance office decides).
 */
export async function referCase(options: {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  principal: Principal;
  caseId: string;
  city: string;
  reason: string;
}) {
  const row = await findCase(options.db, options.caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${options.caseId}`, {});
  const actor = actorOf(options.principal);
  if (!holdsRole(actor, 'coordinator', row.cityAdcode)) {
    throw new DomainError('FORBIDDEN', 'REFER_NOT_COORDINATOR', 'Only the coordinator of the city holding the case may refer it', {});
  }
  if (!options.alliance.city(options.city))
    throw new DomainError('INVALID', 'REPORTED_IN_UNKNOWN', `"${options.city}" is not an alliance city`, { adcode: options.city });
  if (options.city === row.cityAdcode) throw new DomainError('INVALID', 'REFER_SAME_CITY', 'The case is already in that city', {});
  if (row.state === 'closed' || row.state === 'triage' || row.matterCode === null) {
    throw new DomainError('CONFLICT', 'REFER_NOT_OPEN', 'Only an open, routed case can be referred', {});
  }
  const open = (await caseWorkflows(options.db, row.id)).find(
    (w) => w.kind === 'crosscity' && !w.done && (w.snapshot as { context: { mode: string } }).context.mode === 'referral',
  );
  if (open) throw new DomainError('CONFLICT', 'REFER_PENDING', 'This case already has an open referral', {});
  const matter = findMatter(await loadMatrix(options.db), row.matterCode);
  return withEngine({ db: options.db, clock: options.clock }, async (engine) => {
    const id = await engine.start(
      'crosscity',
      {
        caseId: row.id,
        mode: 'referral',
        relocate: true,
        homeCity: options.city,
        otherCities: [row.cityAdcode],
        leadDepartment: matter.lead,
        supportDepartments: matter.supports,
        openedAt: engine.at.toISOString(),
        reason: options.reason,
      },
      actor,
    );
    return { workflowId: id };
  });
}
