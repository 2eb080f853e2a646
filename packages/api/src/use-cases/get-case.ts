import { DomainError } from '@gongzhi/domain';
import { caseTasks, caseTimeline, caseWorkflows, displayNames, findCase, findCaseByNumber, repeatsOf, timeHeld } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { checkCaseAccess } from './access.ts';
import { listAttachments } from './attachments.ts';

/**
 * One case as a unit working it sees it: intake, workflows (each as its definition's view), open
 * tasks, timeline, time held per unit.
 */
export async function getCase({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { caseId: string } | { number: number } }) {
  const row = 'caseId' in input ? await findCase(ctx.db, input.caseId) : await findCaseByNumber(ctx.db, input.number);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', 'No such case', {});
  const access = await checkCaseAccess(ctx.db, ctx.principal, row);
  const [workflows, tasks, timeline, held, repeats, original, attachments] = await Promise.all([
    caseWorkflows(ctx.db, row.id),
    caseTasks(ctx.db, row.id),
    caseTimeline(ctx.db, row.id),
    timeHeld(ctx.db, row.id, ctx.clock.now()),
    repeatsOf(ctx.db, row.id),
    row.repeatOf ? findCase(ctx.db, row.repeatOf) : null,
    listAttachments(ctx.db, row),
  ]);
  const { reporterName, reporterPhone, reporterEmail, publicCodeHash: _, ...intake } = row;
  // the people the case workflow names (who works it, who reminded, ordered or commented, asked for or decided
  // an extension or a suspension, recorded or decided an enforcement record), by display name
  const named = workflows.flatMap((w) =>
    w.kind === 'case'
      ? [
          w.view.assignee,
          w.view.reminder?.by,
          ...w.view.supervisionOrders.map((o) => o.by),
          ...w.view.comments.map((c) => c.by),
          w.view.pendingExtension?.requestedBy,
          ...w.view.extensions.flatMap((e) => [e.requestedBy, e.decidedBy]),
          w.view.pendingSuspension?.requestedBy,
          w.view.enforcementApproval?.requestedBy,
          ...w.view.enforcementDecisions.flatMap((d) => [d.requestedBy, d.decidedBy]),
        ].filter((x): x is string => typeof x === 'string')
      : [],
  );
  const people = await displayNames(ctx.db, named);
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
    workflows,
    tasks: tasks.map((t) => ({ ...t, dueAt: t.dueAt?.toISOString() ?? null, warnAt: t.warnAt?.toISOString() ?? null, since: t.since.toISOString() })),
    timeline,
    timeHeld: held,
    people,
    /** photos, documents and videos on the case and its steps, with what a photo's EXIF says */
    attachments,
    /** the reader's unit works or worked the case (attaches before/after photos, sees the reporter) */
    works: access.contact,
  };
}

/** The audit timeline of a case, for whoever may read the case. */
export async function getCaseTimeline({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { caseId: string } }) {
  return (await getCase({ ctx, input })).timeline;
}
