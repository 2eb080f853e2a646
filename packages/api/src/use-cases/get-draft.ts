import { caseScopeOf, inboxesOf } from '@gongzhi/domain';
import { listDrafts as list, listWorkflows, loadMatrix } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { draftDetail, readableDraft } from './drafts.ts';

/** One draft with its diff, its staleness and conflicts, and its consultation. */
export async function getDraft({ ctx, input }: { ctx: SignedInContext; input: { draftId: string } }) {
  return draftDetail(ctx.db, await readableDraft(ctx.db, ctx.principal, input.draftId));
}

/** The drafts the reader may read: every draft for the offices; the ones consulting or telling one of their inboxes for others. */
export async function listDrafts({ ctx }: { ctx: SignedInContext }) {
  const office = ctx.principal.memberships.some((m) => m.role === 'leadership' || m.role === 'alliance' || m.role === 'admin');
  let drafts;
  if (office) drafts = await list(ctx.db);
  else {
    const mine = new Set(inboxesOf(ctx.principal.memberships));
    const consultations = await listWorkflows(ctx.db, { kind: 'consultation', open: false, visibleTo: caseScopeOf(ctx.principal) });
    const ids = consultations.flatMap((w) =>
      [...w.view.parties.map((p) => p.inbox), ...(w.view.adoption?.notify ?? [])].some((i) => mine.has(i)) ? [w.view.draftId] : [],
    );
    drafts = await list(ctx.db, { ids });
  }
  const latest = (await loadMatrix(ctx.db)).version;
  return drafts.map((d) => ({ ...d, stale: d.state === 'open' && d.basedOn !== latest }));
}
