import { caseScopeOf, draftMatrix, findMatter, type Name } from '@gongzhi/domain';
import { loadMatrix, visibleCaseIds } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { readableDraft } from './drafts.ts';
import { whatIf } from './what-if.ts';

/**
 * The what-if replay of a draft: the window's cases re-routed under the matrix the draft would make,
 * against the version it is based on. For whoever may read the draft (the offices, the consulted).
 * The figures are aggregates and the same for every reader; the spared transfers and disputes are
 * listed case by case only where the reader may see the case (the visibility rule), so a consulted
 * department learns how many, not which, of another unit's cases were passed on.
 */
export async function draftWhatIf({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { draftId: string; from?: string | undefined; to?: string | undefined };
}) {
  const draft = await readableDraft(ctx.db, ctx.principal, input.draftId);
  const base = await loadMatrix(ctx.db, draft.basedOn);
  const proposed = draftMatrix(base, draft.operations);
  const result = await whatIf({
    ctx,
    input: {
      proposed,
      base,
      ...(input.from ? { from: new Date(input.from) } : {}),
      ...(input.to ? { to: new Date(input.to) } : {}),
    },
  });
  const scope = caseScopeOf(ctx.principal);
  if (!scope.everywhere) {
    const visible = await visibleCaseIds(
      ctx.db,
      scope,
      result.avoided.cases.map((c) => c.caseId),
    );
    result.avoided.cases = result.avoided.cases.filter((c) => visible.has(c.caseId));
  }
  // The names of the matters the result mentions (a matter the draft adds is in no stored version yet).
  const matterNames: Record<string, Name> = {};
  for (const code of new Set([...result.moves.map((m) => m.matterCode), ...result.avoided.cases.map((c) => c.matterCode)])) {
    matterNames[code] = findMatter(proposed, code).name;
  }
  return { ...result, matterNames };
}
