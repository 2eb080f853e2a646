import { draftMatrix, findMatter, type Name } from '@gongzhi/domain';
import { loadMatrix } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { readableDraft } from './drafts.ts';
import { whatIf } from './what-if.ts';

/**
 * The what-if replay of a draft: the window's cases re-routed under the matrix the draft would make,
 * against the version it is based on. For whoever may read the draft (the offices, the consulted).
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
  // The names of the matters the result mentions (a matter the draft adds is in no stored version yet).
  const matterNames: Record<string, Name> = {};
  for (const code of new Set([...result.moves.map((m) => m.matterCode), ...result.avoided.cases.map((c) => c.matterCode)])) {
    matterNames[code] = findMatter(proposed, code).name;
  }
  return { ...result, matterNames };
}
