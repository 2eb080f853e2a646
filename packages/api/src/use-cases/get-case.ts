import { DomainError, type Clock, type Principal } from '@gongzhi/domain';
import { caseTasks, caseTimeline, caseWorkflows, findCase, findCaseByNumber, repeatsOf, timeHeld, type Database } from '@gongzhi/db';
import { checkCaseAccess } from './access.ts';
import { summariseWorkflow } from './list-workflows.ts';

/** One case as a unit working it sees it: intake, workflows, open tasks, timeline, time held per unit. */
export async function getCase(options: { db: Database; clock: Clock; principal: Principal; caseId?: string | undefined; number?: number | undefined }) {
  const row = options.caseId ? await findCase(options.db, options.caseId) : options.number ? await findCaseByNumber(options.db, options.number) : null;
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', 'No such case', {});
  const access = await checkCaseAccess(options.db, options.principal, row);
  const [workflows, tasks, timeline, held, repeats, original] = await Promise.all([
    caseWorkflows(options.db, row.id),
    caseTasks(options.db, row.id),
    caseTimeline(options.db, row.id),
    timeHeld(options.db, row.id, options.clock.now()),
    repeatsOf(options.db, row.id),
    row.repeatOf ? findCase(options.db, row.repeatOf) : null,
  ]);
  const { reporterName, reporterPhone, reporterEmail, publicCodeHash: _, ...intake } = row;
  return {
    case: {
      ...intake,
      createdAt: row.createdAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      reportedAt: row.reportedAt?.toISOString() ?? null,
      reporter: access.contact ? { name: reporterName, phone: reporterPhone, email: reporterEmail } : null,
    },
    /** the case this one repeats, and the later complaints repeating this one (重复投诉) */
    repeatOf: original ? { id: original.id, number: original.number } : null,
    repeats: repeats.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    workflows: workflows.map(summariseWorkflow),
    tasks: tasks.map((t) => ({ ...t, dueAt: t.dueAt?.toISOString() ?? null, warnAt: t.warnAt?.toISOString() ?? null, since: t.since.toISOString() })),
    timeline,
    timeHeld: held,
  };
}
